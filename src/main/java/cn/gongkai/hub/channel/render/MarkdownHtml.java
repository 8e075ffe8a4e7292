package cn.gongkai.hub.channel.render;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Safelist;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An item body (Markdown, often plain Chinese text with one paragraph per line) as safe HTML: rendered with
 * commonmark, then cleaned with jsoup's relaxed safelist. What survives: text formatting, headings, lists, tables,
 * links (http, https, mailto, relative) and images from the allowed hosts or relative paths. What never survives:
 * script and style elements, {@code on*} and {@code style} attributes, {@code javascript:}/{@code data:} URLs,
 * images from other hosts. URLs are judged as browsers read them ({@link Url}) and written out in that form, so a
 * backslash, a tab or an entity cannot make a URL of another host pass for a relative one. A single line break is kept as {@code <br>}: Chinese editors do not wrap lines by hand.
 */
public final class MarkdownHtml {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().softbreak("<br>\n").sanitizeUrls(true).build();
    // only used to decide whether a relative link is acceptable; never appears in the output
    private static final String BASE = "https://relative.invalid/";

    private final Set<String> imageHosts;
    private final boolean images;

    private MarkdownHtml(boolean images, Set<String> imageHosts) {
        this.images = images;
        this.imageHosts = imageHosts;
    }

    /** Keeps relative images and absolute ones from the hosts of {@code baseUrls} (blank entries are ignored). */
    public static MarkdownHtml allowingImagesFrom(Collection<String> baseUrls) {
        Set<String> hosts = baseUrls.stream().filter(Objects::nonNull).filter(s -> !s.isBlank())
                .map(MarkdownHtml::host).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        return new MarkdownHtml(true, hosts);
    }

    /** Drops every image (WeChat filters images that were not uploaded to it first). */
    public static MarkdownHtml withoutImages() {
        return new MarkdownHtml(false, Set.of());
    }

    /** The body as an HTML fragment safe to put inside any page or e-mail. */
    public String toHtml(String markdown) {
        String raw = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
        Safelist safelist = Safelist.relaxed().preserveRelativeLinks(true);
        if (!images) {
            safelist.removeTags("img");
        }
        Document.OutputSettings out = outputSettings();
        Document doc = Jsoup.parseBodyFragment(Jsoup.clean(raw, BASE, safelist, out), BASE);
        doc.outputSettings(out);
        for (Element img : doc.select("img")) {
            String src = allowedImage(img.attr("src"));
            if (src == null) {
                img.remove();
            } else {
                img.attr("src", src);
            }
        }
        for (Element e : doc.select("a[href], blockquote[cite], q[cite]")) {
            String attr = e.hasAttr("href") ? "href" : "cite";
            String url = allowedLink(e.attr(attr));
            if (url == null) {
                e.removeAttr(attr);
            } else {
                e.attr(attr, url);
            }
        }
        return doc.body().html();
    }

    /** The image URL as the browser will read it, or null when it may load from anywhere but the site or the allowed hosts. */
    private String allowedImage(String src) {
        Url u = Url.read(src);
        if (u.value().isEmpty()) {
            return null;
        }
        return switch (u.kind()) {
            case RELATIVE -> u.value();
            case NETWORK -> imageHosts.contains(u.host()) ? "https:" + u.value() : null;
            case ABSOLUTE -> ("https".equals(u.scheme()) || "http".equals(u.scheme())) && imageHosts.contains(u.host()) ? u.value() : null;
        };
    }

    /** A link as the browser will follow it (http, https, mailto or relative), or null to drop it. */
    private static String allowedLink(String href) {
        Url u = Url.read(href);
        if (u.value().isEmpty()) {
            return null;
        }
        return switch (u.kind()) {
            case RELATIVE -> u.value();
            // "//host/x" and "/\host/x" leave the site: say so with a scheme
            case NETWORK -> "https:" + u.value();
            case ABSOLUTE -> Set.of("http", "https", "mailto").contains(u.scheme()) ? u.value() : null;
        };
    }

    /**
     * A URL attribute read as browsers read it (WHATWG URL Standard, which jsoup and java.net do not follow): leading
     * and trailing spaces and controls dropped, tabs and line breaks removed anywhere, and in http(s) or scheme-less
     * URLs every backslash before the query taken as a slash, so {@code /\evil.example.com} is {@code //evil.example.com}
     * and {@code https:\\evil.example.com} is {@code https://evil.example.com}. After an http(s) scheme any run of
     * slashes leads to the host, however many there are.
     */
    record Url(Kind kind, String scheme, String value, String host) {
        enum Kind { RELATIVE, NETWORK, ABSOLUTE }

        private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

        static Url read(String attribute) {
            String s = attribute == null ? "" : attribute.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
            Matcher m = SCHEME.matcher(s);
            if (m.find()) {
                String scheme = m.group(1).toLowerCase(Locale.ROOT);
                String rest = s.substring(m.end());
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    return new Url(Kind.ABSOLUTE, scheme, scheme + ":" + rest, null);
                }
                String value = scheme + "://" + slashes(rest).replaceFirst("^/+", "");
                return new Url(Kind.ABSOLUTE, scheme, value, hostOf(value.substring(scheme.length() + 3)));
            }
            String value = slashes(s);
            if (value.startsWith("//")) {
                return new Url(Kind.NETWORK, null, value, hostOf(value.substring(2)));
            }
            return new Url(Kind.RELATIVE, null, value, null);
        }

        private static String slashes(String s) {
            int end = s.length();
            for (char c : new char[]{'?', '#'}) {
                int i = s.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            return s.substring(0, end).replace('\\', '/') + s.substring(end);
        }

        /** The host of "host[:port]/…" (after any user info), lower case; never matches an allowed host when odd. */
        private static String hostOf(String authorityAndRest) {
            String authority = authorityAndRest.split("[/?#]", 2)[0];
            String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
            host = host.toLowerCase(Locale.ROOT);
            return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        }
    }

    /** Output settings every renderer uses: no pretty printing (it would change text), UTF-8, minimal escaping. */
    public static Document.OutputSettings outputSettings() {
        return new Document.OutputSettings().prettyPrint(false).charset("UTF-8").escapeMode(Entities.EscapeMode.base);
    }

    private static String host(String url) {
        try {
            String h = URI.create(url.strip()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

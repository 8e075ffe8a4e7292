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
import java.util.stream.Collectors;

/**
 * An item body (Markdown, often plain Chinese text with one paragraph per line) as safe HTML: rendered with
 * commonmark, then cleaned with jsoup's relaxed safelist. What survives: text formatting, headings, lists, tables,
 * links (http, https, mailto, relative) and images from the allowed hosts or relative paths. What never survives:
 * script and style elements, {@code on*} and {@code style} attributes, {@code javascript:}/{@code data:} URLs,
 * images from other hosts. A single line break is kept as {@code <br>}: Chinese editors do not wrap lines by hand.
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
        String clean = Jsoup.clean(raw, BASE, safelist, out);
        if (!images) {
            return clean;
        }
        Document doc = Jsoup.parseBodyFragment(clean, BASE);
        doc.outputSettings(out);
        boolean changed = false;
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            String host = src.contains("//") ? host(src) : null;
            if (src.isBlank() || (host != null && !imageHosts.contains(host))) {
                img.remove();
                changed = true;
            }
        }
        return changed ? doc.body().html() : clean;
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

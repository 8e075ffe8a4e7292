package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.InlineStyles;
import cn.gongkai.hub.channel.render.ItemFacts;
import cn.gongkai.hub.channel.render.MarkdownHtml;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.ItemContent;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import cn.gongkai.hub.item.Attachment;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders an item as a WeChat {@code draft/add} article. The content is the sanitised body with inline styles, no
 * class or id, preceded by the issuer and doc number. Images stay only where they show one of the item's attachments
 * ({@code ![示意图](attachments/示意图.jpg)}), as {@code <img src="attachments/<name>">}: WeChat filters images that were
 * not uploaded to it, so the real transport uploads each of them ({@code media/uploadimg}) and puts the URL it gets in
 * their place; every other image is dropped. It stays under WeChat's limit of 20,000 characters (the whole HTML string, tags included):
 * a longer body is cut after the last paragraph that fits — or after the last line that fits, for a paragraph of
 * lines — and ends with a 阅读全文 link to the item's web page. Title ≤ 32, author ≤ 16, digest ≤ 120 characters.
 */
public final class WeChatRenderer {
    /** WeChat: content "必须少于2万字符" — fewer than 20,000. */
    public static final int MAX_CONTENT = 19_999;
    public static final int MAX_TITLE = 32;
    public static final int MAX_AUTHOR = 16;
    public static final int MAX_DIGEST = 120;
    public static final String READ_MORE = "阅读全文";
    private static final String FACTS_STYLE = "margin:0 0 1em 0;font-size:14px;line-height:1.75;color:#888888;";

    private final WeChatConfig config;
    /** Relative images only: those that name an attachment are kept, the rest are dropped after rendering. */
    private final MarkdownHtml markdown = MarkdownHtml.allowingImagesFrom(List.of());
    static final String ATTACHMENTS = "attachments/";
    /** Room kept for the URL {@code media/uploadimg} returns, per image (they are about 120 characters). */
    static final int IMAGE_URL_ROOM = 200;

    public WeChatRenderer(WeChatConfig config) {
        this.config = config;
    }

    public WeChatMessage render(Publication p) {
        ItemContent c = p.content();
        String title = Texts.oneLine(c.title());
        if (p.action() == Action.WITHDRAW) {
            return new WeChatMessage.Deletion("delete", p.itemId(), p.version(), title, Texts.oneLine(p.reason()));
        }
        String shortTitle = Texts.shorten(title, MAX_TITLE, "…");
        String author = Texts.shorten(Texts.isBlank(c.issuer()) ? config.accountName() : c.issuer().strip(), MAX_AUTHOR, "");
        String digest = Texts.shorten(Texts.isBlank(c.summary()) ? Texts.oneLine(Texts.plain(c.body())) : Texts.oneLine(c.summary()),
                MAX_DIGEST, "…");
        String source = Texts.isBlank(p.webUrl()) ? "" : p.webUrl().strip();
        String content = content(p, !shortTitle.equals(title));
        List<Attachment> images = new ArrayList<>();
        for (Element img : Jsoup.parseBodyFragment(content).select("img")) {
            attachment(c, img.attr("src")).filter(a -> !images.contains(a)).ifPresent(images::add);
        }
        return new WeChatMessage.Draft(List.of(new WeChatMessage.Article(shortTitle, author, digest, content, source, 0)),
                images, c.category());
    }

    private String content(Publication p, boolean titleShortened) {
        ItemContent c = p.content();
        Document doc = Jsoup.parseBodyFragment(InlineStyles.apply(markdown.toHtml(c.body())));
        doc.outputSettings(MarkdownHtml.outputSettings());
        int kept = 0;
        for (Element img : doc.select("img")) {
            Optional<Attachment> a = attachment(c, img.attr("src"));
            if (a.isEmpty()) {
                img.remove();
                continue;
            }
            img.attr("src", ATTACHMENTS + a.get().name());
            kept++;
        }
        // each src becomes a WeChat URL (about 120 characters) after upload: keep room for it within the limit
        int max = MAX_CONTENT - kept * IMAGE_URL_ROOM;
        Element head = fragment();
        if (titleShortened) {
            head.appendElement("h2").text(Texts.oneLine(c.title()));
        }
        List<String> facts = ItemFacts.of(p);
        InlineStyles.apply(head);
        if (!facts.isEmpty()) {
            head.appendElement("p").text(String.join("　", facts)).attr("style", FACTS_STYLE);
        }
        String header = head.html();
        String body = doc.body().html();
        if (header.length() + body.length() <= max) {
            return header + body;
        }
        String more = readMore(p.webUrl());
        int budget = max - more.length();
        StringBuilder sb = new StringBuilder(header);
        for (Node n : doc.body().childNodes()) {
            String h = n.outerHtml();
            if (sb.length() + h.length() <= budget) {
                sb.append(h);
                continue;
            }
            if (n instanceof Element e && e.normalName().equals("p") && !e.select("> br").isEmpty()) {
                sb.append(leadingLines(e, budget - sb.length()));
            }
            break;
        }
        return sb.append(more).toString();
    }

    /** The attachment an image's (relative, percent-encoded) src names: {@code attachments/<name>}. */
    static Optional<Attachment> attachment(ItemContent c, String src) {
        String s = src == null ? "" : src.strip();
        s = s.startsWith("./") ? s.substring(2) : s;
        if (!s.startsWith(ATTACHMENTS)) {
            return Optional.empty();
        }
        String name;
        try {
            // percent-decoding only: a '+' in a path is a plus
            name = URLDecoder.decode(s.substring(ATTACHMENTS.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return c.attachments().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** As many whole lines (separated by {@code <br>}) of a paragraph as fit in {@code room}, as a closed paragraph. */
    private static String leadingLines(Element p, int room) {
        String open = "<p" + p.attributes().html() + ">";
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (Node child : p.childNodes()) {
            if (child instanceof Element br && br.normalName().equals("br")) {
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append(child.outerHtml());
            }
        }
        lines.add(line.toString());
        StringBuilder out = new StringBuilder(open);
        int kept = 0;
        for (String l : lines) {
            String add = (kept == 0 ? "" : "<br>") + l;
            if (out.length() + add.length() + "</p>".length() > room) {
                break;
            }
            out.append(add);
            kept++;
        }
        return kept == 0 ? "" : out.append("</p>").toString();
    }

    /** An empty body whose document prints without pretty-printing. */
    private static Element fragment() {
        Document doc = Jsoup.parseBodyFragment("");
        doc.outputSettings(MarkdownHtml.outputSettings());
        return doc.body();
    }

    private static String readMore(String webUrl) {
        Element p = fragment().appendElement("p").attr("style", InlineStyles.of("p"));
        if (Texts.isBlank(webUrl)) {
            p.text("（全文较长，请至门户网站阅读全文）");
        } else {
            p.appendElement("a").attr("href", webUrl.strip()).attr("style", InlineStyles.of("a")).text(READ_MORE);
        }
        return p.outerHtml();
    }
}

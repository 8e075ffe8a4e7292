package cn.gongkai.hub.channel.render;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts fixed inline styles on a sanitised HTML fragment, for readers that ignore style sheets and classes (the WeChat
 * editor strips them; many mail clients do). Removes {@code class} and {@code id}; adds nothing else.
 */
public final class InlineStyles {
    private static final String TEXT = "font-size:16px;line-height:1.75;color:#333333;";
    private static final Map<String, String> STYLES = Map.ofEntries(
            Map.entry("p", "margin:0 0 1em 0;" + TEXT),
            Map.entry("h1", "margin:1.2em 0 0.6em 0;font-size:22px;font-weight:bold;line-height:1.4;color:#222222;"),
            Map.entry("h2", "margin:1.2em 0 0.6em 0;font-size:20px;font-weight:bold;line-height:1.4;color:#222222;"),
            Map.entry("h3", "margin:1em 0 0.5em 0;font-size:18px;font-weight:bold;line-height:1.4;color:#222222;"),
            Map.entry("h4", "margin:1em 0 0.5em 0;font-size:16px;font-weight:bold;color:#222222;"),
            Map.entry("h5", "margin:1em 0 0.5em 0;font-size:16px;font-weight:bold;color:#222222;"),
            Map.entry("h6", "margin:1em 0 0.5em 0;font-size:16px;font-weight:bold;color:#222222;"),
            Map.entry("a", "color:#576b95;text-decoration:underline;"),
            Map.entry("ul", "margin:0 0 1em 0;padding-left:2em;"),
            Map.entry("ol", "margin:0 0 1em 0;padding-left:2em;"),
            Map.entry("li", "margin:0.3em 0;" + TEXT),
            Map.entry("blockquote", "margin:1em 0;padding:0 1em;border-left:3px solid #dddddd;color:#666666;"),
            Map.entry("pre", "margin:1em 0;padding:8px;white-space:pre-wrap;background:#f6f6f6;font-size:14px;"),
            Map.entry("table", "margin:1em 0;border-collapse:collapse;width:100%;"),
            Map.entry("th", "border:1px solid #cccccc;padding:4px 6px;background:#f3f3f3;font-weight:bold;"),
            Map.entry("td", "border:1px solid #cccccc;padding:4px 6px;"),
            Map.entry("img", "max-width:100%;height:auto;"));

    private InlineStyles() {
    }

    /** The fragment with inline styles and without class/id attributes. */
    public static String apply(String safeHtml) {
        Document doc = Jsoup.parseBodyFragment(safeHtml);
        doc.outputSettings(MarkdownHtml.outputSettings());
        apply(doc.body());
        return doc.body().html();
    }

    /** Styles every element under {@code root} (not root itself) in place. */
    public static void apply(Element root) {
        for (Element e : root.getAllElements()) {
            if (e == root) {
                continue;
            }
            List<String> drop = new ArrayList<>();
            for (Attribute a : e.attributes()) {
                String k = a.getKey().toLowerCase(java.util.Locale.ROOT);
                if (k.equals("class") || k.equals("id") || k.startsWith("on")) {
                    drop.add(a.getKey());
                }
            }
            drop.forEach(e::removeAttr);
            String style = STYLES.get(e.normalName());
            if (style != null) {
                e.attr("style", style);
            }
        }
    }

    /** The style a tag gets, for elements a renderer builds itself. */
    public static String of(String tag) {
        return STYLES.getOrDefault(tag, "");
    }
}

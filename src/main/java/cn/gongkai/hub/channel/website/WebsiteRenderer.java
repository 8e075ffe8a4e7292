package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.MarkdownHtml;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemContent;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders an item as a full HTML5 page of the disclosure site: the title; a table of 索引号, 发布机构, 文号, 公开方式,
 * 发布日期 and 栏目; the body (Markdown, sanitised by {@link MarkdownHtml}); attachments as download links
 * {@code attachments/<name>} (the name percent-encoded). A withdrawal renders a short 已撤回 notice with the reason.
 * Every value from the item is escaped; the page carries no script.
 */
public final class WebsiteRenderer {
    private static final String CSS = "body{margin:0;font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;"
            + "color:#333;background:#f5f5f5}header,main{max-width:960px;margin:0 auto;padding:16px}"
            + "header a{color:#b40000;font-size:20px;font-weight:bold;text-decoration:none}"
            + "article{background:#fff;padding:24px 32px}h1{text-align:center;font-size:24px;line-height:1.5}"
            + "table.meta{width:100%;border-collapse:collapse;margin:16px 0;font-size:14px}"
            + "table.meta th,table.meta td{border:1px solid #ddd;padding:6px 8px;text-align:left}"
            + "table.meta th{background:#f0f4f8;width:12%;white-space:nowrap}.content{line-height:1.9;font-size:16px}"
            + ".content table{border-collapse:collapse}.content td,.content th{border:1px solid #ccc;padding:4px}"
            + ".attachments li{margin:4px 0}";

    private final WebsiteConfig config;
    private final Function<String, String> columnNames;
    private final MarkdownHtml markdown;

    /**
     * @param columnNames catalogue column name for a column code ({@code ywgz} → 业务工作)
     */
    public WebsiteRenderer(WebsiteConfig config, Function<String, String> columnNames) {
        this.config = config;
        this.columnNames = columnNames;
        this.markdown = MarkdownHtml.allowingImagesFrom(List.of(config.baseUrl()));
    }

    /** @param date the publication date shown on the page */
    public WebPage render(Publication p, LocalDate date) {
        WebPage page = p.action() == Action.WITHDRAW ? withdrawal(p, date) : page(p, date);
        return new WebPage(page.html(), p);
    }

    private WebPage page(Publication p, LocalDate date) {
        ItemContent c = p.content();
        Document doc = shell(c.title() + " - " + config.siteName(), p.webUrl());
        Element article = doc.body().appendElement("main").appendElement("article");
        article.appendElement("h1").text(c.title());
        Element meta = article.appendElement("table").addClass("meta").appendElement("tbody");
        row(meta, "索引号", p.indexNumber(), "发布机构", c.issuer());
        row(meta, "文号", c.docNumber(), "公开方式", (c.disclosure() == null ? Disclosure.ACTIVE : c.disclosure()).label());
        row(meta, "发布日期", date.toString(), "栏目", c.category() == null ? null : columnNames.apply(c.category()));
        article.appendElement("div").addClass("content").html(markdown.toHtml(c.body()));
        if (!c.attachments().isEmpty()) {
            Element section = article.appendElement("section").addClass("attachments");
            section.appendElement("h2").text("附件");
            Element list = section.appendElement("ul");
            for (Attachment a : c.attachments()) {
                Element li = list.appendElement("li");
                li.appendElement("a").attr("href", "attachments/" + Texts.pathSegment(a.name())).attr("download", "").text(a.name());
                li.appendText("（" + size(a.size()) + "）");
            }
        }
        return new WebPage(doc.outerHtml());
    }

    private WebPage withdrawal(Publication p, LocalDate date) {
        ItemContent c = p.content();
        Document doc = shell("已撤回：" + c.title() + " - " + config.siteName(), null);
        doc.head().appendElement("meta").attr("name", "robots").attr("content", "noindex");
        Element article = doc.body().appendElement("main").appendElement("article").addClass("withdrawn");
        article.appendElement("h1").text("该信息已撤回");
        List<String> ids = new java.util.ArrayList<>();
        if (!Texts.isBlank(p.indexNumber())) {
            ids.add("索引号：" + p.indexNumber().strip());
        }
        if (!Texts.isBlank(c.docNumber())) {
            ids.add("文号：" + c.docNumber().strip());
        }
        StringBuilder what = new StringBuilder("《").append(c.title()).append("》");
        if (!ids.isEmpty()) {
            what.append("（").append(String.join("，", ids)).append("）");
        }
        what.append("已于").append(date).append("撤回。");
        article.appendElement("p").text(what.toString());
        if (!Texts.isBlank(p.reason())) {
            article.appendElement("p").addClass("reason").text("撤回原因：" + p.reason().strip());
        }
        article.appendElement("p").appendElement("a").attr("href", config.baseUrl()).text("返回" + config.siteName());
        return new WebPage(doc.outerHtml());
    }

    private Document shell(String title, String canonical) {
        Document doc = Document.createShell(config.baseUrl());
        doc.outputSettings(MarkdownHtml.outputSettings());
        doc.prependChild(new DocumentType("html", "", ""));
        doc.selectFirst("html").attr("lang", "zh-CN");
        Element head = doc.head();
        head.appendElement("meta").attr("charset", "UTF-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text(title);
        if (!Texts.isBlank(canonical)) {
            head.appendElement("link").attr("rel", "canonical").attr("href", canonical);
        }
        head.appendElement("style").appendChild(new org.jsoup.nodes.DataNode(CSS));
        doc.body().appendElement("header").appendElement("a").attr("href", config.baseUrl()).text(config.siteName());
        return doc;
    }

    private static void row(Element tbody, String k1, String v1, String k2, String v2) {
        Element tr = tbody.appendElement("tr");
        tr.appendElement("th").text(k1);
        tr.appendElement("td").text(Texts.isBlank(v1) ? "—" : v1.strip());
        tr.appendElement("th").text(k2);
        tr.appendElement("td").text(Texts.isBlank(v2) ? "—" : v2.strip());
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}

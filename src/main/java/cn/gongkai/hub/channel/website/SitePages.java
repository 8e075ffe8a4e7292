package cn.gongkai.hub.channel.website;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The site's pages from the Thymeleaf templates in {@code src/main/resources/site/}: {@code item.html},
 * {@code list.html} (home and column pages, sharing {@code layout.html}), {@code feed.xml} (Atom, RFC 4287) and
 * {@code sitemap.xml} (sitemaps.org 0.9). Values are escaped by the templates; only an item's body, already sanitised
 * by {@code render/MarkdownHtml}, goes in unescaped. Pure: the same data give the same bytes, which is what lets a
 * rebuild reproduce the site.
 */
final class SitePages {
    private final TemplateEngine engine = new TemplateEngine();

    SitePages() {
        ClassLoaderTemplateResolver xml = resolver(TemplateMode.XML, ".xml", 1);
        xml.setResolvablePatterns(Set.of("feed", "sitemap"));
        engine.addTemplateResolver(xml);
        engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 2));
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
        ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver(SitePages.class.getClassLoader());
        r.setPrefix("site/");
        r.setSuffix(suffix);
        r.setTemplateMode(mode);
        r.setCharacterEncoding("UTF-8");
        r.setCacheable(true);
        r.setCheckExistence(true);
        r.setOrder(order);
        return r;
    }

    /** What every page shares. */
    record Frame(String root, String siteName, String pageTitle, String canonical, List<ColumnLink> columns) {
    }

    /** A column in the navigation; {@code href} below the site's folder. */
    record ColumnLink(String code, String name, String href, boolean current) {
    }

    record ItemView(String title, String indexNumber, String issuer, String docNumber, String disclosure, String date,
                    String columnName, String columnHref, String bodyHtml, List<AttachmentView> attachments) {
    }

    /** {@code href} relative to the item's page. */
    record AttachmentView(String name, String href, String size) {
    }

    /** An item in a list; {@code href} below the site's folder. */
    record ListEntry(String title, String href, String indexNumber, String date) {
    }

    /** {@code href} relative to the page the link is on. */
    record PageLink(int number, String href, boolean current) {
    }

    record FeedEntry(String title, String url, String published, String updated, String issuer, String column,
                     String columnName, String summary) {
    }

    record SitemapUrl(String loc, String lastmod) {
    }

    void item(Frame frame, ItemView item, OutputStream out) throws IOException {
        render("item", frame, Map.of("item", item), out);
    }

    /** The home page or one page of a column. */
    void list(Frame frame, String heading, List<ListEntry> entries, List<PageLink> pages, String previous, String next,
              String empty, OutputStream out) throws IOException {
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("heading", heading);
        vars.put("entries", entries);
        vars.put("pages", pages);
        vars.put("previous", previous);
        vars.put("next", next);
        vars.put("empty", empty);
        render("list", frame, vars, out);
    }

    void feed(String siteName, String feedUrl, String homeUrl, String updated, List<FeedEntry> entries, OutputStream out) throws IOException {
        Context ctx = new Context(Locale.SIMPLIFIED_CHINESE);
        ctx.setVariable("siteName", siteName);
        ctx.setVariable("feedUrl", feedUrl);
        ctx.setVariable("homeUrl", homeUrl);
        ctx.setVariable("updated", updated);
        ctx.setVariable("entries", entries);
        process("feed", ctx, out);
    }

    /** @param urls read as the template goes, so a large site is never held in memory at once */
    void sitemap(Iterable<SitemapUrl> urls, OutputStream out) throws IOException {
        Context ctx = new Context(Locale.SIMPLIFIED_CHINESE);
        ctx.setVariable("urls", urls);
        process("sitemap", ctx, out);
    }

    private void render(String template, Frame frame, Map<String, Object> vars, OutputStream out) throws IOException {
        Context ctx = new Context(Locale.SIMPLIFIED_CHINESE);
        ctx.setVariable("root", frame.root());
        ctx.setVariable("siteName", frame.siteName());
        ctx.setVariable("pageTitle", frame.pageTitle());
        ctx.setVariable("canonical", frame.canonical());
        ctx.setVariable("columns", frame.columns());
        vars.forEach(ctx::setVariable);
        process(template, ctx, out);
    }

    private void process(String template, Context ctx, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        engine.process(template, ctx, w);
        w.flush();
    }
}

package cn.gongkai.hub.channel.website;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SitePagesTest {
    final SitePages pages = new SitePages();
    final SitePages.Frame frame = new SitePages.Frame("../../", "南通市文化广电和旅游局政府信息公开", "业务工作 - 站点", null,
            List.of(new SitePages.ColumnLink("zcfg", "政策法规", "columns/zcfg/index.html", false),
                    new SitePages.ColumnLink("ywgz", "业务工作", "columns/ywgz/index.html", true)));

    @Test
    void should_escape_item_values_and_mark_only_the_current_column_and_page() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pages.list(frame, "业务工作", List.of(new SitePages.ListEntry("<script>alert(1)</script>标题", "items/1.html", "000014349/2026-00001", "2026-12-02")),
                List.of(new SitePages.PageLink(1, "index.html", true), new SitePages.PageLink(2, "page-2.html", false)), null, "page-2.html",
                "暂无", out);
        String html = out.toString(StandardCharsets.UTF_8);
        Document doc = Jsoup.parse(html);
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script>").doesNotContain("null").doesNotContain("th:");
        assertThat(doc.select("ul.entries a").text()).isEqualTo("<script>alert(1)</script>标题");
        assertThat(doc.select("nav.columns a[aria-current]").eachText()).containsExactly("业务工作");
        assertThat(doc.select("nav.pages a[aria-current]").eachText()).containsExactly("1");
        assertThat(doc.select("nav.pages a").eachText()).containsExactly("1", "2", "下一页");
        assertThat(doc.select("link[rel=stylesheet]").attr("href")).isEqualTo("../../site.css");
        assertThat(doc.select("link[rel=canonical]")).isEmpty();
    }

    @Test
    void should_render_the_feed_as_atom_with_escaped_text() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pages.feed("站点", "https://x.gov.cn/feed.xml", "https://x.gov.cn/index.html", "2026-12-02T01:00:00Z",
                List.of(new SitePages.FeedEntry("A & B <c>", "https://x.gov.cn/items/1.html", "2026-12-01T01:00:00Z", "2026-12-02T01:00:00Z",
                        null, "ywgz", "业务工作", null)), out);
        String xml = out.toString(StandardCharsets.UTF_8);
        assertThat(xml).startsWith("<?xml").contains("<title>A &amp; B &lt;c&gt;</title>").doesNotContain("th:").doesNotContain("<author><name></name>");
    }
}

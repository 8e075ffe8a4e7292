package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.support.Seeds;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebsiteRendererTest {
    static final WebsiteConfig CONFIG = new WebsiteConfig("https://www.example.gov.cn/xxgk", "南通市文化广电和旅游局政府信息公开");
    static final WebsiteRenderer RENDERER = new WebsiteRenderer(CONFIG, Map.of("ywgz", "业务工作")::get);
    static final LocalDate DATE = LocalDate.of(2026, 11, 5);

    static String field(Document doc, String label) {
        return doc.select("th:containsOwn(" + label + ") + td").text();
    }

    @Test
    void should_render_a_full_html5_page_with_the_catalogue_fields() {
        ItemContent c = ChannelFixtures.seed(2);
        Document doc = Jsoup.parse(RENDERER.render(ChannelFixtures.publish(c), DATE).html());
        assertThat(doc.documentType().name()).isEqualTo("html");
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("zh-CN");
        assertThat(doc.select("meta[charset]").attr("charset")).isEqualTo("UTF-8");
        assertThat(doc.title()).isEqualTo(Seeds.title(2) + " - 南通市文化广电和旅游局政府信息公开");
        assertThat(doc.select("h1").text()).isEqualTo(Seeds.title(2));
        assertThat(field(doc, "发布机构")).isEqualTo(ChannelFixtures.ISSUER);
        assertThat(field(doc, "文号")).isEqualTo(ChannelFixtures.DOC_NUMBER);
        assertThat(field(doc, "索引号")).isEqualTo(ChannelFixtures.INDEX_NUMBER);
        assertThat(field(doc, "公开方式")).isEqualTo("主动公开");
        assertThat(field(doc, "发布日期")).isEqualTo("2026-11-05");
        assertThat(field(doc, "栏目")).isEqualTo("业务工作");
        assertThat(doc.select("link[rel=canonical]").attr("href")).isEqualTo(ChannelFixtures.WEB_URL);
        assertThat(doc.select(".content").text()).contains(Seeds.text(2).lines().skip(1).findFirst().orElseThrow().strip());
    }

    @Test
    void should_never_put_a_script_from_the_body_on_the_page() {
        ItemContent c = ChannelFixtures.content("<script>alert(1)</script>标题", ChannelFixtures.ATTACKS, null, List.of());
        String html = RENDERER.render(ChannelFixtures.publish(c), DATE).html();
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("[onerror], [onclick], iframe")).isEmpty();
        assertThat(html.toLowerCase()).doesNotContain("javascript:", "<script");
        assertThat(doc.select("h1").text()).isEqualTo("<script>alert(1)</script>标题");
    }

    @Test
    void should_link_each_attachment_under_attachments_with_its_name_percent_encoded() {
        List<Attachment> atts = List.of(new Attachment("附件1 2020年报表.xlsx", "application/vnd.ms-excel", 20480, "a".repeat(64)),
                new Attachment("plan#2.pdf", "application/pdf", 100, "b".repeat(64)));
        ItemContent c = ChannelFixtures.content(Seeds.title(0), Seeds.text(0), null, atts);
        Document doc = Jsoup.parse(RENDERER.render(ChannelFixtures.publish(c), DATE).html());
        List<String> hrefs = doc.select(".attachments a").eachAttr("href");
        assertThat(hrefs).containsExactly("attachments/%E9%99%84%E4%BB%B61%202020%E5%B9%B4%E6%8A%A5%E8%A1%A8.xlsx", "attachments/plan%232.pdf");
        assertThat(hrefs).extracting(h -> URLDecoder.decode(h.substring("attachments/".length()).replace("+", "%2B"), StandardCharsets.UTF_8))
                .containsExactly("附件1 2020年报表.xlsx", "plan#2.pdf");
        assertThat(doc.select(".attachments a").eachText()).containsExactly("附件1 2020年报表.xlsx", "plan#2.pdf");
    }

    @Test
    void should_render_a_withdrawal_as_a_short_notice_with_the_reason_and_without_the_body() {
        Publication p = ChannelFixtures.withdraw(ChannelFixtures.seed(4), "内容有误，已更正后另行发布");
        Document doc = Jsoup.parse(RENDERER.render(p, DATE).html());
        assertThat(doc.title()).startsWith("已撤回：");
        assertThat(doc.select("h1").text()).isEqualTo("该信息已撤回");
        assertThat(doc.text()).contains("撤回原因：内容有误，已更正后另行发布", ChannelFixtures.INDEX_NUMBER, "2026-11-05");
        assertThat(doc.text()).doesNotContain(Seeds.text(4).lines().skip(2).findFirst().orElseThrow().strip());
        assertThat(doc.select("meta[name=robots]").attr("content")).isEqualTo("noindex");
    }
}

package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.support.Seeds;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatRendererTest {
    static final WeChatRenderer RENDERER = new WeChatRenderer(new WeChatConfig("", "", "南通文广旅"));

    static WeChatMessage.Article article(Publication p) {
        return ((WeChatMessage.Draft) RENDERER.render(p)).articles().get(0);
    }

    @Test
    void should_cut_a_long_body_at_a_line_boundary_under_20000_characters_and_link_to_the_web_page() {
        String body = ChannelFixtures.allSeeds(3);
        Publication p = ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(0), body, null, List.of()));
        String content = article(p).content();

        assertThat(body.length()).isGreaterThan(40_000);
        assertThat(content.length()).isLessThan(20_000).isGreaterThan(15_000);
        Document doc = Jsoup.parseBodyFragment(content);
        Element last = doc.body().children().last();
        assertThat(last.select("a").attr("href")).isEqualTo(ChannelFixtures.WEB_URL);
        assertThat(last.text()).isEqualTo("阅读全文");

        Set<String> sourceLines = body.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
        Element cutParagraph = last.previousElementSibling();
        String[] kept = cutParagraph.html().split("<br>");
        assertThat(Jsoup.parse(kept[kept.length - 1]).text().strip()).as("last kept line is whole").isIn(sourceLines);
    }

    /** Whitespace-free, so jsoup's whitespace normalisation (ideographic and no-break spaces) does not matter. */
    static String squeeze(String s) {
        return s.replaceAll("[\\s\\u3000\\u00a0]+", "");
    }

    @Test
    void should_keep_a_short_body_whole_without_a_read_more_link() {
        Publication p = ChannelFixtures.publish(ChannelFixtures.seed(4));
        String content = article(p).content();
        assertThat(content).doesNotContain("阅读全文");
        String text = Jsoup.parseBodyFragment(content).text();
        String squeezed = squeeze(text);
        Seeds.text(4).lines().map(WeChatRendererTest::squeeze).filter(l -> !l.isEmpty())
                .forEach(line -> assertThat(squeezed).contains(line));
        assertThat(text).contains("发布机构：" + ChannelFixtures.ISSUER, "文号：" + ChannelFixtures.DOC_NUMBER);
    }

    @Test
    void should_use_inline_styles_only_and_drop_scripts_classes_ids_and_images() {
        ItemContent c = ChannelFixtures.content("通知", ChannelFixtures.ATTACKS + "\n\n![图](https://www.example.gov.cn/a.png)", null, List.of());
        String content = article(ChannelFixtures.publish(c)).content();
        Document doc = Jsoup.parseBodyFragment(content);
        assertThat(doc.select("script, style, img, iframe, [class], [id], [onerror], [onclick]")).isEmpty();
        assertThat(content.toLowerCase()).doesNotContain("javascript:");
        assertThat(doc.select("p")).isNotEmpty().allSatisfy(e -> assertThat(e.attr("style")).contains("line-height"));
    }

    @Test
    void should_fit_title_author_and_digest_into_the_draft_limits() {
        String title = "关于印发《南通市文化广电和旅游局2021年政务公开工作要点》及相关配套制度的通知（第二次征求意见稿）";
        ItemContent c = new ItemContent(title, Seeds.text(0), null, "ywgz", null, null, "南通市文化广电和旅游局办公室信息公开科（政务公开办）",
                List.of("wechat"), null, List.of());
        WeChatMessage.Article a = article(ChannelFixtures.publish(c));
        assertThat(a.title()).hasSizeLessThanOrEqualTo(32).endsWith("…");
        assertThat(a.author()).hasSizeLessThanOrEqualTo(16);
        assertThat(a.digest()).hasSizeLessThanOrEqualTo(120).startsWith(Seeds.text(0).substring(0, 20));
        assertThat(a.contentSourceUrl()).isEqualTo(ChannelFixtures.WEB_URL);
        assertThat(a.needOpenComment()).isZero();
        assertThat(Jsoup.parseBodyFragment(a.content()).select("h2").text()).as("full title kept in the content").isEqualTo(title);
    }

    @Test
    void should_render_a_withdrawal_as_a_delete_request() {
        WeChatMessage m = RENDERER.render(ChannelFixtures.withdraw(ChannelFixtures.seed(1), "误发"));
        assertThat(m).isEqualTo(new WeChatMessage.Deletion("delete", "item-42", 3, Seeds.title(1), "误发"));
    }
}

package cn.gongkai.hub.channel.render;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.support.Seeds;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownHtmlTest {
    static final MarkdownHtml SITE = MarkdownHtml.allowingImagesFrom(List.of("https://www.example.gov.cn/xxgk"));

    @Test
    void should_never_let_script_event_handlers_or_javascript_urls_through() {
        String html = SITE.toHtml(ChannelFixtures.ATTACKS);
        String lower = html.toLowerCase();
        assertThat(lower).doesNotContain("<script", "alert", "onerror", "onclick", "javascript:", "vbscript:",
                "<style", "style=", "<iframe", "class=", "id=");
        assertThat(html).contains("一、总体情况", "段落", "点击查看", "链接");
    }

    @Test
    void should_keep_images_from_the_site_and_relative_ones_and_drop_images_from_other_hosts() {
        String html = SITE.toHtml("""
                ![本站](https://www.example.gov.cn/xxgk/img/a.png)

                ![相对](img/b.png)

                ![外站](https://tracker.example.com/pixel.gif)

                ![数据](data:image/png;base64,iVBORw0KGgo=)
                """);
        Document doc = Jsoup.parseBodyFragment(html);
        assertThat(doc.select("img").eachAttr("src")).containsExactly("https://www.example.gov.cn/xxgk/img/a.png", "img/b.png");
    }

    @Test
    void should_drop_every_image_when_built_without_images() {
        String html = MarkdownHtml.withoutImages().toHtml("文字 ![本站](https://www.example.gov.cn/a.png) 文字");
        assertThat(html).doesNotContain("<img").contains("文字");
    }

    @Test
    void should_keep_relative_and_http_links() {
        Document doc = Jsoup.parseBodyFragment(SITE.toHtml("[附件](attachments/a.pdf) [条例](https://www.gov.cn/zhengce/)"));
        assertThat(doc.select("a").eachAttr("href")).containsExactly("attachments/a.pdf", "https://www.gov.cn/zhengce/");
    }

    @Test
    void should_keep_every_line_of_a_seed_report_as_a_line() {
        String seed = Seeds.text(3);
        String html = SITE.toHtml(seed);
        Document doc = Jsoup.parseBodyFragment(html);
        String text = doc.body().wholeText();
        List<String> lines = seed.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        long kept = lines.stream().filter(text::contains).count();
        // a line starting with Markdown syntax ("1." makes a list) may change its marker; the text of the others must stay whole
        assertThat(kept).isGreaterThanOrEqualTo(lines.size() * 9 / 10);
        assertThat(doc.select("br").size()).isGreaterThan(lines.size() / 2);
    }
}

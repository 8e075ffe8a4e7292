package cn.gongkai.hub.channel.render;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.support.Seeds;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    static List<String> images(String markdown) {
        return Jsoup.parseBodyFragment(SITE.toHtml(markdown)).select("img").eachAttr("src");
    }

    static List<String> links(String markdown) {
        return Jsoup.parseBodyFragment(SITE.toHtml(markdown)).select("a").eachAttr("href");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<img src=\"/\\evil.example.com/t.png\">",
            "<img src=\"https:\\\\evil.example.com/t.png\">",
            "<img src=\"\\/evil.example.com/t.png\">",
            "<img src=\"\\\\evil.example.com/t.png\">",
            "<img src=\"/&#92;evil.example.com/t.png\">",
            "<img src=\"&#x5c;&#x5C;evil.example.com/t.png\">",
            "<img src=\"/\t/evil.example.com/t.png\">",
            "<img src=\"/&#9;\\evil.example.com/t.png\">",
            "<img src=\"/&#10;/evil.example.com/t.png\">",
            "<img src=\" //evil.example.com/t.png\">",
            "<img src=\"HTTPS:\\\\evil.example.com/t.png\">",
            "<img src=\"hTtP:/\\evil.example.com/t.png\">",
            "<img src=\"https:evil.example.com/t.png\">",
            "<img src=\"https:///evil.example.com/t.png\">",
            "<img src=\"https://www.example.gov.cn@evil.example.com/t.png\">",
            "![x](/\\evil.example.com/t.png)",
            "![x](https:\\\\evil.example.com/t.png)",
            "![x](<https:\\\\evil.example.com/t.png>)"})
    void should_drop_images_that_a_browser_would_load_from_another_host(String markdown) {
        assertThat(images("正文\n\n" + markdown + "\n\n正文")).isEmpty();
    }

    @Test
    void should_keep_site_images_in_the_form_the_browser_reads_them() {
        assertThat(images("<img src=\"img\\a.png\">")).containsExactly("img/a.png");
        assertThat(images("<img src=\"HTTPS://www.example.gov.cn/xxgk/b.png\">")).containsExactly("https://www.example.gov.cn/xxgk/b.png");
        assertThat(images("<img src=\"//www.example.gov.cn/xxgk/c.png\">")).containsExactly("https://www.example.gov.cn/xxgk/c.png");
        assertThat(images("<img src=\"https:\\\\www.example.gov.cn\\xxgk\\d.png\">")).containsExactly("https://www.example.gov.cn/xxgk/d.png");
        assertThat(images("<img src=\"img/e.png?x=a\\b\">")).containsExactly("img/e.png?x=a\\b");
        // the backslash ends the host, so this is the site's own path /@evil.example.com/f.png
        assertThat(images("<img src=\"https://www.example.gov.cn\\@evil.example.com/f.png\">"))
                .containsExactly("https://www.example.gov.cn/@evil.example.com/f.png");
    }

    @Test
    void should_normalise_links_that_look_relative_but_leave_the_site() {
        assertThat(links("<a href=\"/\\evil.example.com/x\">a</a>")).containsExactly("https://evil.example.com/x");
        assertThat(links("<a href=\"https:\\\\evil.example.com/x\">a</a>")).containsExactly("https://evil.example.com/x");
        assertThat(links("<a href=\"\\/evil.example.com/x\">a</a>")).containsExactly("https://evil.example.com/x");
        String scripts = "<a href=\"java&#9;script:alert(1)\">甲</a> <a href=\"JAVA\tSCRIPT:alert(1)\">乙</a>";
        assertThat(links(scripts)).isEmpty();
        assertThat(SITE.toHtml(scripts)).contains("甲", "乙").doesNotContainIgnoringCase("script:");
        assertThat(links("[相对](attachments\\a.pdf) [邮件](MAILTO:xxgk@example.gov.cn)"))
                .containsExactly("attachments/a.pdf", "mailto:xxgk@example.gov.cn");
    }
}

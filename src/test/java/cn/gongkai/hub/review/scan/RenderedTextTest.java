package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedTextTest {

    private static String view(String source) {
        ScanText view = RenderedText.of(source);
        return view == null ? source : view.text();
    }

    /** The source chars behind view chars {@code [start, end)}. */
    private static String sourceOf(String source, int start, int end) {
        ScanText view = RenderedText.of(source);
        return source.substring(view.sourceStart(start), view.sourceEnd(end));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "&#26426;&#23494;         | 机密",
            "&#x673a;&#X5BC6;         | 机密",
            "&#26426&#23494           | 机密",
            "&lbrack;内部&rbrack;      | [内部]",
            "机&ZeroWidthSpace;密      | 机密",
            "138&nbsp;1234&nbsp;5678  | 138\u00A01234\u00A05678",
            "&amp;#26426;             | &#26426;",
            "&notanentity; & &#;      | &notanentity; & &#;",
            "\\*机\\*密               | *机*密",
            "机<!-- 注释 -->密         | 机密",
            "机<!-- 到结尾都是注释       | 机",
            "a < b > c                | a < b > c",
            "2024 年                 | 2024 年",
            "１３８　１２３４          | １３８１２３４",
            "Gongkai Hub              | Gongkai Hub",
            "~~删除~~ 1~3             | 删除 1~3",
            "`代码` _强调_ __粗__       | 代码强调粗",
            "`code` _em_ __strong__   | code em strong",
    })
    void should_read_the_text_as_shown(String source, String shown) {
        assertThat(view(source.strip())).isEqualTo(shown.strip().replace("\\n", "\n"));
    }

    @Test
    void should_drop_tags_with_quoted_attributes_and_break_lines_at_block_tags() {
        assertThat(view("<span class=\"a>b\">机</span>密")).isEqualTo("机密");
        assertThat(view("<p>机密</p><br/>内部<TD>秘密")).isEqualTo("\n机密\n\n内部\n秘密");
    }

    @Test
    void should_fold_every_kind_of_blank_between_cjk_chars() {
        assertThat(view("机 \u3000\t\u00A0\u2003密")).isEqualTo("机密");
        assertThat(view("机\n密")).isEqualTo("机\n密");
    }

    @Test
    void should_drop_invisible_chars() {
        assertThat(view("机\u200b\u200c\u200d\u2060\uFEFF\u00AD\u202E密")).isEqualTo("机密");
        assertThat(view("机\uFE0F密\u3164")).isEqualTo("机密");
        assertThat(view("机&#8203;密&zwj;")).isEqualTo("机密");
    }

    @Test
    void should_drop_markdown_block_markers_only_at_a_line_start() {
        assertThat(view("# 标题\n## 二级\n> 引用\n- 列表\n+ 列表\n* 列表\n1. 第一\n2) 第二\n  - 缩进"))
                .isEqualTo("标题\n二级\n引用\n列表\n列表\n列表\n第一\n第二\n缩进");
        assertThat(view("1.属于国家秘密")).isEqualTo("1.属于国家秘密");
        assertThat(view("#机密")).isEqualTo("#机密");
        assertThat(view("####### 七级")).isEqualTo("####### 七级");
        assertThat(view("价格 - 100 元")).isEqualTo("价格 - 100 元");
    }

    @Test
    void should_put_each_table_cell_on_its_own_line() {
        assertThat(view("| 名称 | 机密 |\n|---|---|")).isEqualTo("\n 名称 \n 机密 \n\n\n---\n---\n");
    }

    @Test
    void should_map_every_char_back_to_its_source() {
        String source = "**机**&#23494;";
        ScanText view = RenderedText.of(source);

        assertThat(view.text()).isEqualTo("机密");
        assertThat(view.sourceStart(0)).isEqualTo(2);
        assertThat(view.sourceStart(1)).isEqualTo(5);
        assertThat(view.sourceEnd(2)).isEqualTo(source.length());
        assertThat(sourceOf("【内\u200b部】", 1, 3)).isEqualTo("内\u200b部");
    }

    @Test
    void should_fold_blanks_only_between_cjk_chars_and_remember_where() {
        ScanText view = RenderedText.of("机密 工作要点\n内部 2024年");

        assertThat(view.text()).isEqualTo("机密工作要点\n内部 2024年");
        assertThat(view.gapBefore(2)).isTrue();
        assertThat(view.gapBefore(3)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "关于做好2024年政务公开工作的通知", "联系电话：0513-12345678。\n地址：北京市", "a < b", "1~3"})
    void should_report_no_view_when_it_reads_as_typed(String source) {
        assertThat(RenderedText.of(source)).isNull();
    }

    @Test
    void should_render_a_comment_or_tag_that_runs_over_several_lines_whole() {
        String source = "第一行\n机<!--\n注释\n第四行\n-->密\n第六行\n第七行\n第八行";

        ScanText view = RenderedText.of(source);

        assertThat(view.text()).isEqualTo("第一行\n机密\n第六行\n");
        assertThat(source.substring(view.sourceStart(view.text().indexOf('密')))).startsWith("密\n第六行");
        assertThat(view("正文\n<span\nclass=\"x\">机</span>密\n结尾")).isEqualTo("正文\n机密\n结尾");
    }

    @Test
    void should_keep_only_changed_lines_and_their_neighbours() {
        String source = "第一行\n第二行\n第三行\n**机**密\n第五行\n第六行\n第七行\n第八行\n第九 行\n第十行";

        ScanText view = RenderedText.of(source);

        assertThat(view.text()).isEqualTo("第三行\n机密\n第五行\n\uFFFF\n第八行\n第九行\n第十行");
        int mark = view.text().indexOf("机密");
        assertThat(source.substring(view.sourceStart(mark))).startsWith("机**密");
        int nine = view.text().indexOf("第九");
        assertThat(source.substring(view.sourceStart(nine))).startsWith("第九 行");
    }
}

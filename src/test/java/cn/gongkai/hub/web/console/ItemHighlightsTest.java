package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.Urgency;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.ScanInput;
import cn.gongkai.hub.review.scan.ScanPolicy;
import cn.gongkai.hub.review.scan.Scanner;
import cn.gongkai.hub.review.scan.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit page's highlighting, on findings of the real scanner. */
class ItemHighlightsTest {
    private final Scanner scanner = new Scanner();

    private static ItemContent content(String title, String body) {
        return new ItemContent(title, body, null, "ywgz", Disclosure.ACTIVE, null, null, List.of("website"), Urgency.NORMAL, List.of());
    }

    private List<Finding> scan(ItemContent c) {
        return scanner.scan(ScanInput.of(c.title(), c.body()), ScanPolicy.defaults());
    }

    private static ItemHighlights.Field field(ItemHighlights.Highlighted h, String key) {
        return h.fields().stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }

    private static List<ItemHighlights.Segment> marks(ItemHighlights.Field f) {
        return f.segments().stream().filter(ItemHighlights.Segment::marked).toList();
    }

    private static String joined(ItemHighlights.Field f) {
        return String.join("", f.segments().stream().map(ItemHighlights.Segment::text).toList());
    }

    @Test
    void should_mark_a_spaced_classification_mark_over_the_whole_disguise() {
        String body = "关于做好2024年度政务公开工作的通知\n机 密\n各区人民政府，市各委、办、局：现将有关事项通知如下。";
        ItemContent c = content("工作通知", body);
        ItemHighlights.Highlighted h = ItemHighlights.of(c, scan(c));

        ItemHighlights.Field f = field(h, "body");
        assertThat(marks(f)).hasSize(1);
        ItemHighlights.Segment mark = marks(f).get(0);
        assertThat(mark.text()).isEqualTo("机 密");
        assertThat(mark.mark()).isEqualTo("block");
        assertThat(joined(f)).as("the text is cut, nothing is lost or added").isEqualTo(body);
        ItemHighlights.Numbered n = h.findings().get(mark.numbers().get(0) - 1);
        assertThat(n.severity()).isEqualTo("阻止发布");
        assertThat(n.rule()).isEqualTo("密级标志");
        assertThat(n.field()).isEqualTo("正文");
        assertThat(n.anchor()).isEqualTo(mark.anchor());
        assertThat(h.blocking()).isEqualTo(1);
    }

    @Test
    void should_mark_a_full_width_bracketed_mark_and_a_word_in_markup() {
        String body = "（机密）\n本报告所列数据截至2024年12月31日。\n\n**绝**&#23494;★1年\n以上为全部内容，请各单位认真贯彻执行。";
        ItemContent c = content("年度报告", body);
        ItemHighlights.Highlighted h = ItemHighlights.of(c, scan(c));

        List<ItemHighlights.Segment> marks = marks(field(h, "body"));
        assertThat(marks).extracting(ItemHighlights.Segment::text).contains("机密");
        assertThat(marks).extracting(ItemHighlights.Segment::text).as("the entity-coded 密 is inside the mark").contains("绝**&#23494;");
        assertThat(marks).allSatisfy(m -> assertThat(m.mark()).isEqualTo("block"));
        assertThat(joined(field(h, "body"))).isEqualTo(body);
    }

    @Test
    void should_keep_markup_in_the_text_as_text_and_merge_overlapping_findings() {
        String title = "<script>alert(1)</script>说明";
        String body = "第一段内容较长，用于说明情况。\n机密★1年\n第二段内容也足够长，不在摘录之内。";
        ItemContent c = content(title, body);
        int at = body.indexOf("机密");
        Finding block = new Finding("a", "classification-mark", Severity.BLOCK, "body", body.substring(Math.max(0, at - 10), Math.min(body.length(), at + 2 + 10)), at,
                "密级标志", false);
        Finding warn = new Finding("b", "sensitive-word", Severity.WARN, "body", body.substring(Math.max(0, at + 1 - 10), Math.min(body.length(), at + 5 + 10)),
                at + 1, "敏感词", false);
        ItemHighlights.Highlighted h = ItemHighlights.of(c, List.of(warn, block));

        List<ItemHighlights.Segment> marks = marks(field(h, "body"));
        assertThat(marks).hasSize(1);
        assertThat(marks.get(0).text()).isEqualTo("机密★1年");
        assertThat(marks.get(0).mark()).as("one blocking finding makes the mark block").isEqualTo("block");
        assertThat(marks.get(0).numbers()).containsExactly(2, 1);
        assertThat(h.findings()).extracting(ItemHighlights.Numbered::anchor).containsExactly("mark-2", "mark-2");
        assertThat(field(h, "title").segments()).singleElement().satisfies(s -> {
            assertThat(s.text()).isEqualTo(title);
            assertThat(s.marked()).isFalse();
        });
    }

    @Test
    void should_list_a_finding_of_a_changed_text_without_marking_anything() {
        ItemContent c = content("标题", "内容已经修改，不再含有那个词。");
        Finding stale = new Finding("a", "classification-mark", Severity.BLOCK, "body", "【机密】", 2, "密级标志", false);
        ItemHighlights.Highlighted h = ItemHighlights.of(c, List.of(stale));
        assertThat(marks(field(h, "body"))).isEmpty();
        assertThat(h.findings()).singleElement().satisfies(n -> assertThat(n.anchor()).isNull());
    }
}

package cn.gongkai.hub.item;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {
    static final ItemContent BASE = new ItemContent("2017年政务公开工作实施方案", "为深入贯彻落实……", "摘要", "ywgz",
            Disclosure.ACTIVE, "嘉政办发〔2017〕104号", "市文广新局", List.of("website", "wechat"), Urgency.NORMAL,
            List.of(new Attachment("附件1.pdf", "application/pdf", 10, "a".repeat(64))));

    @Test
    void should_be_stable_for_equal_content_and_ignore_channel_order() {
        ItemContent same = new ItemContent("2017年政务公开工作实施方案", "为深入贯彻落实……", "摘要", "ywgz",
                Disclosure.ACTIVE, "嘉政办发〔2017〕104号", "市文广新局", List.of("wechat", "website"), Urgency.NORMAL,
                List.of(new Attachment("附件1.pdf", "application/pdf", 10, "a".repeat(64))));
        assertThat(ContentHash.of("GK-2026-000001", same)).isEqualTo(ContentHash.of("GK-2026-000001", BASE)).hasSize(64);
    }

    @Test
    void should_change_when_any_published_field_changes() {
        List<UnaryOperator<ItemContent>> changes = List.of(
                c -> new ItemContent("改", c.body(), c.summary(), c.category(), c.disclosure(), c.docNumber(), c.issuer(), c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body() + "。", c.summary(), c.category(), c.disclosure(), c.docNumber(), c.issuer(), c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), null, c.category(), c.disclosure(), c.docNumber(), c.issuer(), c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), c.summary(), "zcfg", c.disclosure(), c.docNumber(), c.issuer(), c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), c.summary(), c.category(), Disclosure.ON_REQUEST, c.docNumber(), c.issuer(), c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), c.summary(), c.category(), c.disclosure(), "嘉政办发〔2017〕105号", c.issuer(), c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), c.summary(), c.category(), c.disclosure(), c.docNumber(), "市政府", c.channels(), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), c.summary(), c.category(), c.disclosure(), c.docNumber(), c.issuer(), List.of("website"), c.urgency(), c.attachments()),
                c -> new ItemContent(c.title(), c.body(), c.summary(), c.category(), c.disclosure(), c.docNumber(), c.issuer(), c.channels(), Urgency.URGENT, c.attachments()),
                c -> c.withAttachments(List.of(new Attachment("附件1.pdf", "application/pdf", 10, "b".repeat(64)))),
                c -> c.withAttachments(List.of(new Attachment("附件2.pdf", "application/pdf", 10, "a".repeat(64)))),
                c -> c.withAttachments(List.of()),
                c -> c.withAttachments(List.of(new Attachment("附件1.pdf", "text/html", 10, "a".repeat(64)))),
                c -> c.withAttachments(List.of(new Attachment("附件1.pdf", "application/pdf", 11, "a".repeat(64)))));
        String base = ContentHash.of("GK-2026-000001", BASE);
        for (UnaryOperator<ItemContent> change : changes) {
            assertThat(ContentHash.of("GK-2026-000001", change.apply(BASE))).isNotEqualTo(base);
        }
    }

    @Test
    void should_change_with_the_index_number_every_channel_shows() {
        assertThat(ContentHash.of("GK-2026-000002", BASE)).isNotEqualTo(ContentHash.of("GK-2026-000001", BASE));
    }

    @Test
    void should_not_confuse_content_moved_between_fields() {
        ItemContent a = new ItemContent("ab", "c", null, "ywgz", Disclosure.ACTIVE, null, null, List.of("website"), Urgency.NORMAL, List.of());
        ItemContent b = new ItemContent("a", "bc", null, "ywgz", Disclosure.ACTIVE, null, null, List.of("website"), Urgency.NORMAL, List.of());
        assertThat(ContentHash.of("GK-2026-000001", a)).isNotEqualTo(ContentHash.of("GK-2026-000001", b));
    }
}

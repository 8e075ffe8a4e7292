package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.support.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsRendererTest {
    static final SmsConfig CONFIG = new SmsConfig("【南通市文广旅局】", "回T退订", 3, "correction");

    static Publication seedWithSummary(int i, String summary) {
        return ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(i), Seeds.text(i), summary, List.of()));
    }

    @Test
    void should_put_signature_title_summary_link_and_opt_out_in_that_order() {
        Publication p = seedWithSummary(3, "2020年政府信息公开工作年度报告已发布。");
        SmsMessage m = new SmsRenderer(CONFIG).render(p);
        assertThat(m.text()).isEqualTo("【南通市文广旅局】" + Seeds.title(3) + ": 2020年政府信息公开工作年度报告已发布。 "
                + ChannelFixtures.WEB_URL + " 回T退订");
        assertThat(m.encoding()).isEqualTo(SmsEncoding.UCS2);
        assertThat(m.parts()).isEqualTo(SmsSegments.parts(m.text()));
    }

    @Test
    void should_shorten_a_long_summary_so_the_message_fits_max_parts_and_keeps_link_and_opt_out() {
        Publication p = seedWithSummary(0, Seeds.text(0).substring(0, 400));
        SmsMessage m = new SmsRenderer(CONFIG).render(p);
        assertThat(m.parts()).isEqualTo(3);
        assertThat(m.text().length()).isLessThanOrEqualTo(3 * 67).isGreaterThan(2 * 67);
        assertThat(m.text()).startsWith("【南通市文广旅局】").endsWith(" " + ChannelFixtures.WEB_URL + " 回T退订").contains("… ");
    }

    @Test
    void should_fill_a_single_part_up_to_exactly_70_units_when_max_parts_is_one() {
        SmsRenderer one = new SmsRenderer(new SmsConfig("【南通市文广旅局】", "回T退订", 1, "correction"));
        ItemContent c = ChannelFixtures.content("公开年报", "正文", Seeds.text(1).substring(0, 300), List.of());
        Publication p = new Publication("item-42", 3, "hash", c, Action.PUBLISH, null, null, "https://ntwgl.cn/x/42");
        SmsMessage m = one.render(p);
        assertThat(m.parts()).isEqualTo(1);
        assertThat(m.text()).hasSize(70).startsWith("【南通市文广旅局】公开年报: ").endsWith("… https://ntwgl.cn/x/42 回T退订");
        assertThat(SmsSegments.parts(m.text() + "文")).isEqualTo(2);
    }

    @Test
    void should_use_the_first_sentence_of_the_body_when_the_item_has_no_summary() {
        SmsRenderer roomy = new SmsRenderer(new SmsConfig("【南通市文广旅局】", "回T退订", 10, "correction"));
        ItemContent c = ChannelFixtures.content("年度报告", "我局高度重视信息公开工作。现将有关情况报告如下。", null, List.of());
        SmsMessage m = roomy.render(ChannelFixtures.publish(c));
        assertThat(m.text()).isEqualTo("【南通市文广旅局】年度报告: 我局高度重视信息公开工作。 " + ChannelFixtures.WEB_URL + " 回T退订");
    }

    @Test
    void should_not_leave_half_a_surrogate_pair_when_shortening() {
        SmsRenderer one = new SmsRenderer(new SmsConfig("【南通市文广旅局】", "回T退订", 1, "correction"));
        for (int pad = 0; pad < 3; pad++) {
            ItemContent c = ChannelFixtures.content("公开" + "年".repeat(pad), "正文", "😀".repeat(100), List.of());
            SmsMessage m = one.render(ChannelFixtures.publish(c));
            assertThat(m.parts()).isEqualTo(1);
            assertThat(m.text().codePoints().filter(cp -> cp >= 0xD800 && cp <= 0xDFFF)).as("lone surrogates").isEmpty();
        }
    }

    @Test
    void should_render_a_withdrawal_as_a_short_notice_with_the_reason() {
        Publication p = ChannelFixtures.withdraw(ChannelFixtures.seed(4), "数据有误，更正后重新发布");
        SmsMessage m = new SmsRenderer(CONFIG).render(p);
        assertThat(m.text()).startsWith("【南通市文广旅局】【撤回】" + Seeds.title(4)).contains("已撤回", "原因: 数据有误，更正后重新发布")
                .endsWith(" 回T退订").doesNotContain(ChannelFixtures.WEB_URL);
        assertThat(m.parts()).isLessThanOrEqualTo(3);
    }
}

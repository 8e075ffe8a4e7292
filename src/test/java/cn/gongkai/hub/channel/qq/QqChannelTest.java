package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.support.Seeds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QqChannelTest {
    static final List<QqGroup> GROUPS = List.of(new QqGroup("citizens", 100000001L, "市民服务群"), new QqGroup("venues", 100000002L, "场馆工作群"));

    @Test
    void should_render_title_in_brackets_then_summary_then_link() {
        Publication p = ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(1), Seeds.text(1), "年度报告全文已公开。", List.of()));
        assertThat(new QqRenderer().render(p).text())
                .isEqualTo("【" + Seeds.title(1) + "】\n年度报告全文已公开。\n" + ChannelFixtures.WEB_URL);
    }

    @Test
    void should_keep_a_message_with_a_huge_summary_within_4500_characters_and_keep_the_link() {
        String huge = ChannelFixtures.allSeeds(1);
        Publication p = ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(0), huge, huge, List.of()));
        String text = new QqRenderer().render(p).text();
        assertThat(huge.length()).isGreaterThan(QqRenderer.MAX_CHARS);
        assertThat(text.length()).isLessThanOrEqualTo(QqRenderer.MAX_CHARS).isGreaterThan(QqRenderer.MAX_CHARS - 10);
        assertThat(text).startsWith("【" + Seeds.title(0) + "】\n").endsWith("…\n" + ChannelFixtures.WEB_URL);
    }

    @Test
    void should_write_exactly_the_send_group_msg_parameters_per_group(@TempDir Path data) throws Exception {
        QqChannel qq = new QqChannel(GROUPS, ChannelFixtures.settings("qq", "outbox"), ChannelFixtures.outbox(data), List.of());
        assertThat(qq.targets().first(100)).containsExactly(new Target("citizens", "100000001", "市民服务群"), new Target("venues", "100000002", "场馆工作群"));
        Publication p = ChannelFixtures.publish(ChannelFixtures.seed(3));
        List<DeliveryOutcome> outcomes = qq.send(p, ChannelFixtures.deliveries(qq));
        assertThat(outcomes).hasSize(2).allMatch(DeliveryOutcome::isSent);
        JsonNode json = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        List<String> keys = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("group_id", "message", "auto_escape");
        assertThat(json.get("group_id").isNumber()).isTrue();
        assertThat(json.get("group_id").asLong()).isEqualTo(100000001L);
        assertThat(json.get("message").asText()).isEqualTo(qq.renderer().render(p).text());
        assertThat(json.get("auto_escape").asBoolean()).isTrue();
        assertThat(qq.resendSafe()).isFalse();
    }

    @Test
    void should_render_a_withdrawal_as_a_notice_with_the_reason() {
        String text = new QqRenderer().render(ChannelFixtures.withdraw(ChannelFixtures.seed(2), "误发")).text();
        assertThat(text).isEqualTo("【撤回】" + Seeds.title(2) + "\n该信息已撤回。原因：误发");
    }

    @Test
    void should_return_receipts_without_writing_when_discarding(@TempDir Path data) throws Exception {
        QqChannel qq = new QqChannel(GROUPS, ChannelFixtures.settings("qq", "discard"), ChannelFixtures.outbox(data), List.of());
        List<DeliveryOutcome> outcomes = qq.send(ChannelFixtures.publish(ChannelFixtures.seed(0)), ChannelFixtures.deliveries(qq));
        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o.receipt().parts()).isEqualTo(1));
        assertThat(data.resolve("outbox")).doesNotExist();
    }
}

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.support.Seeds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsChannelTest {
    static final SmsConfig CONFIG = new SmsConfig("【南通市文广旅局】", "回T退订", 3, "correction");
    static final List<SmsList> LISTS = List.of(
            new SmsList("media", "媒体联络员", List.of("13800000001", "13900000002")),
            new SmsList("venues", "文化场馆", List.of("18600000003")));

    static SmsChannel channel(Path data, String transport) {
        return new SmsChannel(CONFIG, LISTS, ChannelFixtures.settings("sms", transport), ChannelFixtures.outbox(data), List.of());
    }

    static Publication longItem() {
        return ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(2), Seeds.text(2), Seeds.text(2).substring(0, 300), List.of()));
    }

    @Test
    void should_skip_every_withdrawal_saying_an_sms_cannot_be_recalled_when_withdrawal_is_none(@TempDir Path data) throws Exception {
        SmsChannel sms = new SmsChannel(new SmsConfig("【南通市文广旅局】", "回T退订", 3, "none"), LISTS,
                ChannelFixtures.settings("sms", "outbox"), ChannelFixtures.outbox(data), List.of());
        List<DeliveryOutcome> outcomes = sms.send(ChannelFixtures.withdraw(longItem().content(), "数据有误"), ChannelFixtures.deliveries(sms));

        assertThat(outcomes).hasSize(3).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.SKIPPED);
            assertThat(o.reason()).contains("an SMS cannot be recalled", "withdrawal: none");
        });
        assertThat(data.resolve("outbox/sms")).doesNotExist();
    }

    @Test
    void should_send_each_number_the_short_correction_when_withdrawal_is_correction(@TempDir Path data) throws Exception {
        SmsChannel sms = channel(data, "outbox");
        Publication withdrawal = ChannelFixtures.withdraw(longItem().content(), "数据有误");
        List<DeliveryOutcome> outcomes = sms.send(withdrawal, ChannelFixtures.deliveries(sms));

        assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(o.isSent()).isTrue());
        JsonNode json = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        assertThat(json.get("text").asText()).isEqualTo(sms.renderer().render(withdrawal).text()).contains("撤回", "数据有误");
    }

    @Test
    void should_make_one_target_per_number_per_list() {
        SmsChannel sms = new SmsChannel(CONFIG, LISTS, ChannelFixtures.settings("sms", "outbox"), ChannelFixtures.outbox(Path.of("unused")), List.of());
        assertThat(sms.targets().first(100)).containsExactly(
                new Target("media-13800000001", "13800000001", "媒体联络员"),
                new Target("media-13900000002", "13900000002", "媒体联络员"),
                new Target("venues-18600000003", "18600000003", "文化场馆"));
        assertThat(sms.resendSafe()).isFalse();
    }

    @Test
    void should_reject_a_bad_number_alone_and_send_the_others(@TempDir Path data) throws Exception {
        SmsChannel sms = channel(data, "outbox");
        List<Delivery> batch = new ArrayList<>(ChannelFixtures.deliveries(sms));
        batch.add(1, ChannelFixtures.delivery("sms", new Target("media-1380000000", "1380000000", "媒体联络员")));
        batch.add(ChannelFixtures.delivery("sms", new Target("media-12800000000", "12800000000", "媒体联络员")));

        List<DeliveryOutcome> outcomes = sms.send(longItem(), batch);

        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.stream().filter(o -> !o.isSent()).map(DeliveryOutcome::deliveryId))
                .containsExactlyInAnyOrder(batch.get(1).id(), batch.get(4).id());
        assertThat(outcomes.get(1).rejection()).contains("11-digit");
        assertThat(outcomes.stream().filter(DeliveryOutcome::isSent)).hasSize(3);
        assertThat(Files.readAllLines(data.resolve("outbox/sms/sent.log"))).hasSize(3);
        assertThat(data.resolve("outbox/sms/" + batch.get(1).id() + ".json")).doesNotExist();
    }

    @Test
    void should_write_to_text_parts_and_encoding_per_number_and_report_the_parts_on_the_receipt(@TempDir Path data) throws Exception {
        SmsChannel sms = channel(data, "outbox");
        Publication p = longItem();
        SmsMessage expected = sms.renderer().render(p);
        List<DeliveryOutcome> outcomes = sms.send(p, ChannelFixtures.deliveries(sms));

        assertThat(expected.parts()).isEqualTo(3);
        for (DeliveryOutcome o : outcomes) {
            assertThat(o.receipt().parts()).isEqualTo(3);
            assertThat(o.receipt().recipients()).isEqualTo(1);
            JsonNode json = new ObjectMapper().readTree(data.resolve(o.receipt().reference()).toFile());
            assertThat(json.get("text").asText()).isEqualTo(expected.text());
            assertThat(json.get("parts").asInt()).isEqualTo(3);
            assertThat(json.get("encoding").asText()).isEqualTo("UCS2");
            assertThat(o.receipt().reference()).isEqualTo("outbox/sms/" + o.deliveryId() + ".json");
        }
        assertThat(outcomes).extracting(o -> new ObjectMapper().readTree(data.resolve(o.receipt().reference()).toFile()).get("to").asText())
                .containsExactly("13800000001", "13900000002", "18600000003");
    }

    @Test
    void should_render_and_return_receipts_with_parts_but_keep_nothing_when_discarding(@TempDir Path data) throws Exception {
        SmsChannel sms = channel(data, "discard");
        List<DeliveryOutcome> outcomes = sms.send(longItem(), ChannelFixtures.deliveries(sms));
        assertThat(outcomes).hasSize(3).allSatisfy(o -> {
            assertThat(o.isSent()).isTrue();
            assertThat(o.receipt().parts()).isEqualTo(3);
            assertThat(o.receipt().reference()).isEqualTo("discard");
        });
        assertThat(data.resolve("outbox")).doesNotExist();
    }
}

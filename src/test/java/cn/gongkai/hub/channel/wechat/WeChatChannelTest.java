package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Target;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatChannelTest {
    static final NoticeTemplateConfig NO_TEMPLATE = new NoticeTemplateConfig("", "", Map.of());
    static final Instant RELEASED = Instant.parse("2026-11-05T02:03:00Z");

    static WeChatChannel channel(WeChatConfig config, NoticeTemplateConfig notice, Path data) {
        return new WeChatChannel(config, notice, ChannelFixtures.hub(data), (item, version, now) -> RELEASED,
                ChannelFixtures.settings("wechat", "outbox"), ChannelFixtures.outbox(data), List.of());
    }

    static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void should_write_the_draft_add_body_with_the_fields_wechat_expects(@TempDir Path data) throws Exception {
        WeChatChannel wechat = channel(new WeChatConfig("wx0123456789abcdef", "", "南通文广旅"), NO_TEMPLATE, data);
        assertThat(wechat.targets().first(100)).containsExactly(new Target("account", "wx0123456789abcdef", "南通文广旅"));
        List<DeliveryOutcome> outcomes = wechat.send(ChannelFixtures.publish(ChannelFixtures.seed(2)), ChannelFixtures.deliveries(wechat));
        JsonNode json = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        assertThat(keys(json)).containsExactly("articles");
        JsonNode article = json.get("articles").get(0);
        assertThat(keys(article)).containsExactly("title", "author", "digest", "content", "content_source_url", "need_open_comment");
        assertThat(article.get("need_open_comment").asInt()).isZero();
        assertThat(article.get("content_source_url").asText()).isEqualTo(ChannelFixtures.WEB_URL);
        assertThat(wechat.resendSafe()).isTrue();
    }

    @Test
    void should_write_a_delete_action_for_a_withdrawal(@TempDir Path data) throws Exception {
        WeChatChannel wechat = channel(new WeChatConfig("", "", "南通文广旅"), NO_TEMPLATE, data);
        List<DeliveryOutcome> outcomes = wechat.send(ChannelFixtures.withdraw(ChannelFixtures.seed(2), "误发"), ChannelFixtures.deliveries(wechat));
        JsonNode json = new ObjectMapper().readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        assertThat(json.get("action").asText()).isEqualTo("delete");
        assertThat(json.get("item_id").asText()).isEqualTo("item-42");
        assertThat(json.get("reason").asText()).isEqualTo("误发");
    }

    static final NoticeTemplateConfig TEMPLATE = new NoticeTemplateConfig("Tq3vNn1uHb8kS0w-Y2xQp4LmR7cZe9aF_0dGiJkUoEw", "",
            TemplateRendererTest.fields("thing1", "title", "time2", "publishedAt", "character_string3", "docNumber"));

    static List<cn.gongkai.hub.channel.Delivery> subscribers(String... openids) {
        List<cn.gongkai.hub.channel.Delivery> out = new ArrayList<>();
        for (int i = 0; i < openids.length; i++) {
            out.add(ChannelFixtures.delivery("wechat", new Target("sub-" + i, openids[i], "subscriber")));
        }
        return out;
    }

    static cn.gongkai.hub.item.ItemContent notice() {
        return TemplateRendererTest.notice(cn.gongkai.hub.support.Seeds.title(3), ChannelFixtures.ISSUER, ChannelFixtures.DOC_NUMBER);
    }

    @Test
    void should_write_one_template_send_body_per_subscriber_with_exactly_the_fields_wechat_takes(@TempDir Path data) throws Exception {
        WeChatChannel wechat = channel(new WeChatConfig("wx0123456789abcdef", "", "南通文广旅"), TEMPLATE, data);
        String a = cn.gongkai.hub.vendor.WeChatServer.openId(1);
        String b = cn.gongkai.hub.vendor.WeChatServer.openId(2);
        List<DeliveryOutcome> outcomes = wechat.send(TemplateRendererTest.publish(notice()), subscribers(a, b));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o.isSent()).isTrue());
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(data.resolve(outcomes.get(0).receipt().reference()).toFile());
        JsonNode second = json.readTree(data.resolve(outcomes.get(1).receipt().reference()).toFile());
        assertThat(keys(first)).containsExactly("touser", "template_id", "url", "client_msg_id", "data");
        assertThat(first.get("touser").asText()).isEqualTo(a);
        assertThat(second.get("touser").asText()).isEqualTo(b);
        assertThat(first.get("template_id").asText()).isEqualTo(TEMPLATE.templateId());
        assertThat(first.get("url").asText()).isEqualTo(ChannelFixtures.WEB_URL);
        assertThat(first.get("client_msg_id").asText()).isEqualTo(outcomes.get(0).deliveryId());
        assertThat(keys(first.get("data"))).containsExactly("thing1", "time2", "character_string3");
        assertThat(keys(first.get("data").get("thing1"))).containsExactly("value");
        assertThat(first.get("data").get("time2").get("value").asText()).isEqualTo("2026年11月5日 10:03");
        assertThat(first.get("data").get("character_string3").get("value").asText()).isEqualTo("[2021]12");
        assertThat(second.get("data")).isEqualTo(first.get("data"));
    }

    @Test
    void should_leave_out_an_empty_url() throws Exception {
        WeChatMessage.Template t = new WeChatMessage.Template(cn.gongkai.hub.vendor.WeChatServer.openId(1), "tpl", "", "wechat.0a",
                Map.of("thing1", new WeChatMessage.Value("通知")));
        assertThat(keys(new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(t))))
                .containsExactly("touser", "template_id", "client_msg_id", "data");
    }

    @Test
    void should_skip_every_withdrawal_of_a_notice_as_a_template_message_cannot_be_recalled(@TempDir Path data) throws Exception {
        WeChatChannel wechat = channel(new WeChatConfig("", "", "南通文广旅"), TEMPLATE, data);
        List<DeliveryOutcome> outcomes = wechat.send(ChannelFixtures.withdraw(notice(), "误发"),
                subscribers(cn.gongkai.hub.vendor.WeChatServer.openId(1), cn.gongkai.hub.vendor.WeChatServer.openId(2)));

        assertThat(outcomes).hasSize(2).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.SKIPPED);
            assertThat(o.reason()).contains("cannot be recalled");
        });
        assertThat(data.resolve("outbox")).doesNotExist();
    }

    @Test
    void should_reject_each_notice_delivery_without_a_template_and_skip_the_accounts_own_targets(@TempDir Path data) throws Exception {
        WeChatChannel none = channel(new WeChatConfig("", "", "南通文广旅"), NO_TEMPLATE, data);
        List<DeliveryOutcome> refused = none.send(TemplateRendererTest.publish(notice()), subscribers(cn.gongkai.hub.vendor.WeChatServer.openId(1)));
        assertThat(refused).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.REJECTED);
            assertThat(o.reason()).contains("no notice template is configured");
        });

        WeChatChannel wechat = channel(new WeChatConfig("wx0123456789abcdef", "", "南通文广旅"), TEMPLATE, data);
        List<cn.gongkai.hub.channel.Delivery> mixed = new ArrayList<>(ChannelFixtures.deliveries(wechat));
        mixed.add(ChannelFixtures.delivery("wechat", new Target("sub-9", " ", "subscriber")));
        List<DeliveryOutcome> outcomes = wechat.send(TemplateRendererTest.publish(notice()), mixed);
        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.SKIPPED, DeliveryOutcome.Kind.REJECTED);
        assertThat(outcomes.get(1).reason()).contains("no WeChat openid");
        assertThat(data.resolve("outbox")).doesNotExist();
    }

    @Test
    void should_send_through_wxjava_exactly_the_body_the_outbox_writes() throws Exception {
        // the transport only carries: even a value WxJava's addData would rewrite (a thing over 20) goes out as rendered
        Map<String, WeChatMessage.Value> data = new java.util.LinkedHashMap<>();
        data.put("thing1", new WeChatMessage.Value("关于开展2026年度政府信息公开工作检查的通知"));
        data.put("phone_number2", new WeChatMessage.Value("+86-0513-85123456"));
        data.put("character_string3", new WeChatMessage.Value("[2021]12"));
        WeChatMessage.Template t = new WeChatMessage.Template(cn.gongkai.hub.vendor.WeChatServer.openId(1), TEMPLATE.templateId(),
                ChannelFixtures.WEB_URL, "wechat.0123456789abcdef01234567", data);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(WxTemplateSender.message(t).toJson())).isEqualTo(json.readTree(json.writeValueAsString(t)));
    }
}

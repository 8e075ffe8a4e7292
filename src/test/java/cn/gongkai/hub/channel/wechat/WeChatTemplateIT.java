package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.WeChatServer;
import cn.gongkai.hub.vendor.WeChatServer.Api;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.gongkai.hub.channel.wechat.WeChatTransportIT.awaitState;
import static cn.gongkai.hub.channel.wechat.WeChatTransportIT.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Targeted notices through WxJava's {@code message/template/send} against a local WeChat API ({@link WeChatServer}):
 * deliveries planned to subscribers' openids go through the real engine (route deliver-wechat) and, for the batch and
 * resend rules, the channel is handed batches directly.
 */
class WeChatTemplateIT {
    static final String APP_ID = WeChatTransportIT.APP_ID;
    static final String SECRET = WeChatTransportIT.SECRET;
    static final String TEMPLATE = "Tq3vNn1uHb8kS0w-Y2xQp4LmR7cZe9aF_0dGiJkUoEw";
    static final String[] KEYWORDS = {"thing1", "time2", "character_string3", "thing4"};
    static TestRedis redis;

    @TempDir
    Path tmp;
    WeChatServer server;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startServer() {
        server = WeChatServer.start(APP_ID, SECRET).template(TEMPLATE, KEYWORDS);
        for (int i = 1; i <= 6; i++) {
            server.follower(WeChatServer.openId(i));
        }
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    TestHub hub(String templateId) throws IOException {
        Path cover = tmp.resolve("cover.jpg");
        Files.write(cover, WeChatTransportIT.jpeg(24));
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "wechat", "transport: wechat\ninitial-backoff: 200ms\nmax-backoff: 1s\n"
                + "wechat:\n  api-host: " + server.baseUrl() + "\n  app-id: " + APP_ID
                + "\n  app-secret: \"${WECHAT_SECRET_FOR_TESTS:" + SECRET + "}\"\n"
                + "  default-cover: " + cover + "\n  timeout: 1s\n  poll-interval: 300ms\n"
                + "notice-template:\n  template-id: " + templateId + "\n  fields:\n    thing1: title\n    time2: publishedAt\n"
                + "    character_string3: indexNumber\n    thing4: issuer\n");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return TestHub.start(p);
    }

    static Map<String, String> subscribers(String... openids) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < openids.length; i++) {
            m.put("sub-" + (i + 1), openids[i]);
        }
        return m;
    }

    WeChatServer.TemplateSend sentTo(String openid) {
        return server.templateSends().stream().filter(s -> s.toUser().equals(openid)).reduce((a, b) -> {
            throw new AssertionError("two template messages to " + openid);
        }).orElseThrow(() -> new AssertionError("no template message to " + openid));
    }

    @Test
    void should_send_each_subscriber_one_template_message_and_keep_its_msgid_as_the_reference() throws Exception {
        try (TestHub hub = hub(TEMPLATE)) {
            Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 2);
            Map<String, String> ids = Notices.plan(hub, n, subscribers(WeChatServer.openId(1), WeChatServer.openId(2), WeChatServer.openId(3)));

            for (int i = 1; i <= 3; i++) {
                JsonNode d = awaitState(hub, ids.get("sub-" + i), "SENT");
                WeChatServer.TemplateSend s = sentTo(WeChatServer.openId(i));
                assertThat(d.get("reference").asText()).isEqualTo(String.valueOf(s.msgId()));
                assertThat(d.get("transport").asText()).isEqualTo("wechat");
                assertThat(d.get("attempts").asInt()).isEqualTo(1);
                assertThat(s.clientMsgId()).isEqualTo(ids.get("sub-" + i));
                assertThat(s.templateId()).isEqualTo(TEMPLATE);
                assertThat(s.data()).containsOnlyKeys(KEYWORDS);
                assertThat(s.data().get("thing1")).hasSizeLessThanOrEqualTo(20);
                assertThat(s.data().get("time2")).matches("\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}");
                assertThat(s.data().get("thing4")).isEqualTo("南通市文化广电和旅游局");
                assertThat(s.url()).as("the item's page on the website").endsWith("/items/" + n.itemId() + ".html");
            }
            assertThat(server.templateSends()).hasSize(3);
            assertThat(server.templateSends()).extracting(s -> s.data().get("time2")).as("one release time for the notice").containsOnly(
                    server.templateSends().get(0).data().get("time2"));
        }
    }

    @Test
    void should_reject_a_non_follower_an_invalid_openid_and_one_who_refuses_while_the_rest_are_sent() throws Exception {
        server.refusesMessages(WeChatServer.openId(4));
        try (TestHub hub = hub(TEMPLATE)) {
            Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 3);
            Map<String, String> ids = Notices.plan(hub, n, subscribers(WeChatServer.openId(1), WeChatServer.openId(99), "not-an-openid",
                    WeChatServer.openId(4), WeChatServer.openId(2)));

            awaitState(hub, ids.get("sub-1"), "SENT");
            awaitState(hub, ids.get("sub-5"), "SENT");
            JsonNode stranger = awaitState(hub, ids.get("sub-2"), "FAILED");
            JsonNode malformed = awaitState(hub, ids.get("sub-3"), "FAILED");
            JsonNode refusing = awaitState(hub, ids.get("sub-4"), "FAILED");
            assertThat(stranger.get("reason").asText()).contains("43004", "does not follow the account");
            assertThat(malformed.get("reason").asText()).contains("40003", "not an openid of this account");
            assertThat(refusing.get("reason").asText()).contains("43101", "refuses messages");
            assertThat(List.of(stranger, malformed, refusing)).allSatisfy(d -> assertThat(d.get("attempts").asInt()).isEqualTo(1));
            assertThat(server.templateSends()).extracting(WeChatServer.TemplateSend::toUser)
                    .containsExactlyInAnyOrder(WeChatServer.openId(1), WeChatServer.openId(2));
        }
    }

    @Test
    void should_retry_after_a_daily_limit_and_send_the_message_once() throws Exception {
        server.failNext(Api.TEMPLATE_SEND, 45009, 1);
        try (TestHub hub = hub(TEMPLATE)) {
            Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 0);
            String id = Notices.plan(hub, n, subscribers(WeChatServer.openId(1))).get("sub-1");

            JsonNode sent = awaitState(hub, id, "SENT");
            assertThat(sent.get("attempts").asInt()).isEqualTo(2);
            assertThat(server.calls(Api.TEMPLATE_SEND)).extracting(WeChatServer.Call::errcode).containsExactly(45009, 0);
            assertThat(server.templateSends()).hasSize(1);
        }
    }

    @Test
    void should_leave_a_send_whose_answer_never_came_in_doubt_and_not_send_it_again() throws Exception {
        server.hangNext(Api.TEMPLATE_SEND, 1);
        try (TestHub hub = hub(TEMPLATE)) {
            Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 1);
            String id = Notices.plan(hub, n, subscribers(WeChatServer.openId(1))).get("sub-1");

            JsonNode doubt = awaitState(hub, id, "IN_DOUBT");
            server.heal();
            assertThat(doubt.get("reason").asText()).contains("message/template/send got no answer", "cannot be recalled");
            // the held call goes through once healed (the follower got it); nothing is sent a second time
            await("the one send").atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1))
                    .until(() -> server.calls(Api.TEMPLATE_SEND).size(), c -> c == 1);
            assertThat(server.templateSends()).hasSize(1);
            assertThat(delivery(hub, id).get("state").asText()).isEqualTo("IN_DOUBT");
        }
    }

    @Test
    void should_leave_a_system_error_in_doubt_as_it_came_after_the_call_went_out() throws Exception {
        server.failNext(Api.TEMPLATE_SEND, -1, 1);
        try (TestHub hub = hub(TEMPLATE)) {
            Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 4);
            String id = Notices.plan(hub, n, subscribers(WeChatServer.openId(1))).get("sub-1");

            JsonNode doubt = awaitState(hub, id, "IN_DOUBT");
            assertThat(doubt.get("reason").asText()).contains("-1", "may have sent it");
            await().atMost(Duration.ofSeconds(5)).during(Duration.ofSeconds(1)).until(() -> server.calls(Api.TEMPLATE_SEND).size(), c -> c == 1);
        }
    }

    // ---- batches handed to the channel directly

    static Publication notice() {
        return TemplateRendererTest.publish(TemplateRendererTest.notice("关于暂停开放的通知", ChannelFixtures.ISSUER, ChannelFixtures.DOC_NUMBER));
    }

    static Delivery to(String subscriber, String openid, int attempt) {
        Publication p = notice();
        return new Delivery(cn.gongkai.hub.delivery.DeliveryStore.deliveryId("wechat", p.itemId(), p.version(), "publish", subscriber), "wechat",
                p.itemId(), p.version(), new Target(subscriber, openid, "subscriber"), attempt);
    }

    static List<Delivery> batch(int n) {
        List<Delivery> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(to("sub-" + i, WeChatServer.openId(i), 1));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"unknown, 40037, is not one of the account's templates", "fewer-keywords, 47003, the data do not fit template"})
    void should_reject_the_whole_batch_with_one_reason_when_the_template_or_its_data_are_wrong(String which, int code, String why) throws Exception {
        String templateId = "Zr8wQm2kLp5sT1v-X4yNb7HcJ0dFa3eG_6uIoKiUeRw";
        if (which.equals("fewer-keywords")) {
            server.template(templateId, "thing1", "time2");
        }
        try (TestHub hub = hub(templateId)) {
            List<DeliveryOutcome> out = hub.bean(WeChatChannel.class).send(notice(), batch(4));

            assertThat(out).hasSize(4).allSatisfy(o -> {
                assertThat(o.kind()).isEqualTo(DeliveryOutcome.Kind.REJECTED);
                assertThat(o.reason()).contains(String.valueOf(code), why, "none of this batch is sent");
            });
            assertThat(out).extracting(DeliveryOutcome::reason).containsOnly(out.get(0).reason());
            assertThat(server.calls(Api.TEMPLATE_SEND)).as("the first answer stands for all").hasSize(1);
            assertThat(server.templateSends()).isEmpty();
        }
    }

    @Test
    void should_never_send_again_a_delivery_that_has_a_msgid_or_whose_call_went_unanswered_until_a_person_resends_it() throws Exception {
        try (TestHub hub = hub(TEMPLATE)) {
            WeChatChannel wechat = hub.bean(WeChatChannel.class);
            Delivery d = to("sub-1", WeChatServer.openId(1), 1);
            DeliveryOutcome first = wechat.send(notice(), List.of(d)).get(0);
            DeliveryOutcome again = wechat.send(notice(), List.of(to("sub-1", WeChatServer.openId(1), 2))).get(0);
            assertThat(first.isSent()).isTrue();
            assertThat(again.receipt().reference()).isEqualTo(first.receipt().reference());
            assertThat(server.calls(Api.TEMPLATE_SEND)).hasSize(1);

            // the hub stopped after the call went out: the engine hands the delivery over again (the channel is resend-safe for items)
            Delivery crashed = to("sub-2", WeChatServer.openId(2), 1);
            hub.bean(WeChatSteps.class).record(crashed.id(), WeChatSteps.Step.TEMPLATE_SENDING, "1");
            DeliveryOutcome recovered = wechat.send(notice(), List.of(to("sub-2", WeChatServer.openId(2), 2))).get(0);
            assertThat(recovered.kind()).isEqualTo(DeliveryOutcome.Kind.IN_DOUBT);
            assertThat(recovered.reason()).contains("went out in attempt 1", "never recorded");
            assertThat(server.calls(Api.TEMPLATE_SEND)).hasSize(1);

            // a person checked and resent it (the engine's next attempt): it goes out
            DeliveryOutcome resent = wechat.send(notice(), List.of(to("sub-2", WeChatServer.openId(2), 3))).get(0);
            assertThat(resent.isSent()).isTrue();
            assertThat(sentTo(WeChatServer.openId(2)).msgId()).isEqualTo(Long.parseLong(resent.receipt().reference()));
        }
    }

    @Test
    void should_let_weChat_keep_a_resend_within_ten_minutes_of_a_lost_answer_from_going_twice() throws Exception {
        server.hangNext(Api.TEMPLATE_SEND, 1);
        try (TestHub hub = hub(TEMPLATE)) {
            WeChatChannel wechat = hub.bean(WeChatChannel.class);
            DeliveryOutcome lost = wechat.send(notice(), List.of(to("sub-3", WeChatServer.openId(3), 1))).get(0);
            assertThat(lost.kind()).isEqualTo(DeliveryOutcome.Kind.IN_DOUBT);
            server.heal();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.templateSends().size() == 1);

            // a person resends at once: the same client_msg_id, so WeChat sends nothing more and answers the first msgid
            DeliveryOutcome resent = wechat.send(notice(), List.of(to("sub-3", WeChatServer.openId(3), 2))).get(0);
            assertThat(resent.isSent()).isTrue();
            assertThat(resent.receipt().reference()).isEqualTo(String.valueOf(sentTo(WeChatServer.openId(3)).msgId()));
            assertThat(server.templateSends()).hasSize(1);
        }
    }
}

package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.subscriber.OptOuts;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.WeChatServer;
import cn.gongkai.hub.vendor.WeChatServerCallback;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static cn.gongkai.hub.channel.wechat.WeChatTransportIT.awaitState;
import static cn.gongkai.hub.channel.wechat.WeChatTransportIT.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /callbacks/wechat} on a whole hub, pushed to by {@link WeChatServer} as WeChat pushes, plaintext and encrypted. */
class WeChatCallbackIT {
    static final String TOKEN = "gongkaihubtoken2026";
    static final String AES_KEY = WeChatServerCallback.newEncodingAesKey();
    static final String TEMPLATE = WeChatTemplateIT.TEMPLATE;
    static TestRedis redis;

    @TempDir
    Path tmp;
    WeChatServer server;
    TestHub hub;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = WeChatServer.start(WeChatTransportIT.APP_ID, WeChatTransportIT.SECRET).template(TEMPLATE, WeChatTemplateIT.KEYWORDS);
        for (int i = 1; i <= 4; i++) {
            server.follower(WeChatServer.openId(i));
        }
        hub = hub("callback:\n  token: \"${WECHAT_CALLBACK_TOKEN_FOR_TESTS:" + TOKEN + "}\"\n"
                + "  aes-key: \"${WECHAT_ENCODING_AES_KEY_FOR_TESTS:" + AES_KEY + "}\"\n");
    }

    @AfterEach
    void stop() {
        hub.close();
        server.close();
    }

    TestHub hub(String callback) throws IOException {
        Path cover = tmp.resolve("cover.jpg");
        Files.write(cover, WeChatTransportIT.jpeg(24));
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config-" + System.nanoTime()));
        ChannelConfigs.set(config, "wechat", "transport: wechat\ninitial-backoff: 200ms\nmax-backoff: 1s\n"
                + "wechat:\n  api-host: " + server.baseUrl() + "\n  app-id: " + WeChatTransportIT.APP_ID
                + "\n  app-secret: \"${WECHAT_SECRET_FOR_TESTS:" + WeChatTransportIT.SECRET + "}\"\n"
                + "  default-cover: " + cover + "\n  timeout: 1s\n"
                + "notice-template:\n  template-id: " + TEMPLATE + "\n  fields:\n    thing1: title\n    time2: publishedAt\n"
                + "    character_string3: indexNumber\n    thing4: issuer\n" + callback);
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return TestHub.start(p);
    }

    URI url() {
        return URI.create(hub.baseUrl() + "/callbacks/wechat");
    }

    boolean optedOut(String openid) {
        return hub.bean(OptOuts.class).optedOut("wechat", List.of(openid)).contains(openid);
    }

    @Test
    void should_answer_the_url_check_with_echostr_and_refuse_one_not_signed_with_the_token() {
        WeChatServerCallback wechat = server.callback(url(), TOKEN, null).callback();
        assertThat(wechat.verifyUrl("6803457263846289")).isEqualTo(new WeChatServerCallback.Reply(200, "6803457263846289"));

        WeChatServerCallback.Reply forged = new WeChatServerCallback(url(), "another-token", null, WeChatTransportIT.APP_ID, server.accountId())
                .verifyUrl("6803457263846289");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("6803457263846289");
        assertThat(wechat.verifyUrl("1", Instant.now(), q -> q.remove("signature")).status()).isEqualTo(403);
    }

    @Test
    void should_record_a_plaintext_unsubscribe_as_an_opt_out() {
        server.callback(url(), TOKEN, null).unfollow(WeChatServer.openId(1));

        assertThat(server.pushes()).singleElement().satisfies(p -> {
            assertThat(p.event()).isEqualTo("unsubscribe");
            assertThat(p.reply()).isEqualTo(new WeChatServerCallback.Reply(200, "success"));
        });
        assertThat(optedOut(WeChatServer.openId(1))).isTrue();
        assertThat(optedOut(WeChatServer.openId(2))).isFalse();
    }

    @Test
    void should_record_an_encrypted_unsubscribe_as_an_opt_out_and_nothing_for_a_subscribe() {
        server.callback(url(), TOKEN, AES_KEY).unfollow(WeChatServer.openId(2)).follower(WeChatServer.openId(9));

        assertThat(server.pushes()).extracting(WeChatServer.Pushed::event).containsExactly("unsubscribe", "subscribe");
        assertThat(server.pushes()).allSatisfy(p -> assertThat(p.reply().acknowledged()).isTrue());
        assertThat(optedOut(WeChatServer.openId(2))).isTrue();
        assertThat(optedOut(WeChatServer.openId(9))).isFalse();
    }

    @Test
    void should_refuse_a_tampered_signature_and_a_replayed_timestamp_and_record_nothing() {
        String openid = WeChatServer.openId(3);
        WeChatServerCallback plain = server.callback(url(), TOKEN, null).callback();
        String event = plain.event(openid, Instant.now(), "unsubscribe", Map.of());
        WeChatServerCallback.Reply tampered = plain.post(event, Instant.now(), q -> q.put("signature", q.get("signature").replace('0', '1')
                .replace('a', 'b') + "f"));
        WeChatServerCallback.Reply replayed = plain.post(event, Instant.now().minus(Duration.ofMinutes(6)), q -> {
        });
        WeChatServerCallback aes = server.callback(url(), TOKEN, AES_KEY).callback();
        WeChatServerCallback.Reply tamperedAes = aes.post(event, Instant.now(), q -> q.put("msg_signature", WeChatServerCallback.signature(
                TOKEN, q.get("timestamp"), q.get("nonce"), "something else")));
        WeChatServerCallback.Reply replayedAes = aes.post(event, Instant.now().minus(Duration.ofMinutes(10)), q -> {
        });

        assertThat(List.of(tampered, replayed, tamperedAes, replayedAes)).allSatisfy(r -> assertThat(r.status()).isEqualTo(403));
        assertThat(tampered.body()).contains("signature does not match");
        assertThat(replayed.body()).contains("replayed");
        assertThat(tamperedAes.body()).contains("msg_signature does not match");
        assertThat(optedOut(openid)).isFalse();
        // the same push, signed now, is taken
        assertThat(aes.post(event).acknowledged()).isTrue();
        assertThat(optedOut(openid)).isTrue();
    }

    @Test
    void should_record_each_template_send_job_finish_as_the_receipt_of_the_delivery_it_belongs_to() {
        server.callback(url(), TOKEN, AES_KEY).blocksTemplateMessages(WeChatServer.openId(2)).systemFailsNext(0);
        Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 2);
        Map<String, String> ids = Notices.plan(hub, n, Map.of("sub-1", WeChatServer.openId(1), "sub-2", WeChatServer.openId(2)));

        JsonNode delivered = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> delivery(hub, ids.get("sub-1")), d -> d.path("receipt").hasNonNull("status"));
        JsonNode blocked = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> delivery(hub, ids.get("sub-2")), d -> d.path("receipt").hasNonNull("status"));

        assertThat(delivered.get("state").asText()).isEqualTo("SENT");
        assertThat(delivered.at("/receipt/status").asText()).isEqualTo("DELIVRD");
        assertThat(delivered.at("/receipt/detail").asText()).isEqualTo("TEMPLATESENDJOBFINISH success");
        assertThat(blocked.at("/receipt/status").asText()).isEqualTo("REJECTD");
        assertThat(blocked.at("/receipt/detail").asText()).contains("failed:user block", "refuses");
        assertThat(server.pushes()).filteredOn(p -> p.event().equals("TEMPLATESENDJOBFINISH")).hasSize(2)
                .allSatisfy(p -> assertThat(p.reply().acknowledged()).isTrue())
                .anySatisfy(p -> assertThat(p.msgId()).isEqualTo(delivered.get("reference").asText()));
    }

    @Test
    void should_skip_a_later_notice_to_a_follower_who_unsubscribed() {
        server.callback(url(), TOKEN, null).unfollow(WeChatServer.openId(4));
        Notices.Planned n = Notices.approved(hub, new Flow(hub).users(), 3);
        Map<String, String> ids = Notices.plan(hub, n, Map.of("sub-3", WeChatServer.openId(3), "sub-4", WeChatServer.openId(4)));

        JsonNode skipped = awaitState(hub, ids.get("sub-4"), "SKIPPED");
        awaitState(hub, ids.get("sub-3"), "SENT");
        assertThat(skipped.get("reason").asText()).contains("opted out");
        assertThat(server.templateSends()).extracting(WeChatServer.TemplateSend::toUser).containsExactly(WeChatServer.openId(3));
    }

    @Test
    void should_answer_404_without_a_callback_token() throws IOException {
        try (TestHub off = hub("")) {
            TestHub.Response get = off.get("/callbacks/wechat?signature=x&timestamp=1&nonce=2&echostr=3", null, null);
            TestHub.Response post = off.postBytes("/callbacks/wechat?signature=x&timestamp=1&nonce=2", "text/xml",
                    "<xml/>".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, null, null);
            assertThat(get.status()).isEqualTo(404);
            assertThat(get.body()).contains("not configured", "WECHAT_CALLBACK_TOKEN");
            assertThat(post.status()).isEqualTo(404);
        }
    }
}

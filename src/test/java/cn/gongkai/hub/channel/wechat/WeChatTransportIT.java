package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.WeChatServer;
import cn.gongkai.hub.vendor.WeChatServer.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Whole hubs publishing to the official account through WxJava, against a local WeChat API ({@link WeChatServer}). */
class WeChatTransportIT {
    static final String APP_ID = "wx6a2f1b0c9d8e7f01";
    static final String SECRET = "3f1c0d5e9a7b42c68e0f1a2b3c4d5e6f";
    static final String IMAGE = "示意图.jpg";
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
        server = WeChatServer.start(APP_ID, SECRET).tag(101).publishingPolls(0).massQuota(10);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    Map<String, Object> props(String extra) throws IOException {
        Path cover = tmp.resolve("cover.jpg");
        Files.write(cover, jpeg(24));
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "wechat", "transport: wechat\ninitial-backoff: 200ms\nmax-backoff: 1s\n"
                + "wechat:\n  api-host: " + server.baseUrl() + "\n  app-id: " + APP_ID
                + "\n  app-secret: \"${WECHAT_SECRET_FOR_TESTS:" + SECRET + "}\"\n"
                + "  mass-send:\n    政策法规: all\n    公共服务: \"tag:101\"\n"
                + "  default-cover: " + cover + "\n  timeout: 1s\n  poll-interval: 300ms\n" + extra);
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return p;
    }

    TestHub hub() throws IOException {
        return TestHub.start(props(""));
    }

    TestHub hub(String settings) throws IOException {
        Map<String, Object> p = props("");
        ChannelConfigs.set(Path.of(String.valueOf(p.get("hub.channel-config-dir"))), "wechat", settings);
        return TestHub.start(p);
    }

    /** A seed item of {@code column} on WeChat; with an image, its body shows the attachment {@value #IMAGE}. */
    record Published(String id, int version) {
        String delivery(String action, String target) {
            return DeliveryStore.deliveryId("wechat", id, version, action, target);
        }
    }

    static Published publish(TestHub hub, Flow flow, int seed, String column, boolean image) throws IOException {
        ObjectNode item = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(seed, "[\"wechat\"]"));
        item.put("category", column);
        if (image) {
            item.put("body", "![示意图](attachments/" + IMAGE + ")\n\n" + item.get("body").asText());
        }
        JsonNode created = flow.create(item.toString());
        String id = created.get("id").asText();
        String hash = created.get("contentHash").asText();
        if (image) {
            TestHub.Response up = hub.upload("/api/items/" + id + "/attachments", IMAGE, "image/jpeg", jpeg(48), "editor", TestHub.password("editor"));
            assertThat(up.status()).as(up.body()).isEqualTo(201);
            hash = up.json().get("contentHash").asText();
        }
        StringBuilder waivers = new StringBuilder();
        for (JsonNode f : flow.submit(id).path("findings")) {
            if (f.path("waiverRequired").asBoolean()) {
                waivers.append(waivers.isEmpty() ? "" : ",").append("{\"findingId\":\"").append(f.get("id").asText())
                        .append("\",\"reason\":\"已人工查看示意图，无涉密内容\"}");
            }
        }
        TestHub.Response first = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews", "{\"stage\":\"first\",\"decision\":\"approve\","
                + "\"contentHash\":\"" + hash + "\",\"comment\":\"同意\",\"waivers\":[" + waivers + "]}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        TestHub.Response fin = flow.review("approver", id, "final", "approve", hash);
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        return new Published(id, hub.as("editor", "GET", "/api/items/" + id, null).json().get("version").asInt());
    }

    static JsonNode delivery(TestHub hub, String deliveryId) {
        TestHub.Response r = hub.as("editor", "GET", "/api/deliveries/" + deliveryId, null);
        return r.status() == 200 ? r.json() : TestHub.JSON.createObjectNode();
    }

    static JsonNode awaitState(TestHub hub, String deliveryId, String state) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> delivery(hub, deliveryId), d -> state.equals(d.path("state").asText()));
    }

    /** The steps' results, recorded as the receipt of a SENT delivery right after the send is. */
    static String awaitSteps(TestHub hub, String deliveryId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> delivery(hub, deliveryId).at("/receipt/detail").asText(), d -> !d.isEmpty());
    }

    @Test
    void should_publish_a_seed_item_as_one_article_with_only_weChat_image_urls_and_its_image_as_cover() throws Exception {
        try (TestHub hub = hub()) {
            Published p = publish(hub, new Flow(hub).users(), 0, "ywgz", true);
            JsonNode article = awaitState(hub, p.delivery("publish", "account"), "SENT");

            WeChatServer.Article published = server.publishedArticles().stream().reduce((a, b) -> {
                throw new AssertionError("more than one article");
            }).orElseThrow();
            assertThat(published.images()).hasSize(1).allSatisfy(u -> assertThat(server.imageUrls()).contains(u));
            assertThat(published.content()).doesNotContain("attachments/").contains(published.images().get(0));
            assertThat(server.calls(Api.UPLOAD_IMG)).singleElement().satisfies(c -> assertThat(c.parts().get(0).filename()).isEqualTo(IMAGE));
            assertThat(server.calls(Api.ADD_MATERIAL)).singleElement()
                    .satisfies(c -> assertThat(c.parts().get(0).bytes()).isEqualTo(server.calls(Api.UPLOAD_IMG).get(0).parts().get(0).bytes()));
            assertThat(published.thumbMediaId()).isNotBlank();
            WeChatServer.Publication publication = server.publications().get(0);
            assertThat(article.get("reference").asText()).isEqualTo(publication.articleUrls().get(0)).startsWith("https://mp.weixin.qq.com/s/");
            assertThat(article.get("transport").asText()).isEqualTo("wechat");
            assertThat(awaitSteps(hub, p.delivery("publish", "account"))).contains("publish_id " + publication.publishId(), "article_id " + publication.articleId());
            JsonNode followers = awaitState(hub, p.delivery("publish", "followers"), "SKIPPED");
            assertThat(followers.get("reason").asText()).contains("without a push");
            assertThat(server.massSends()).isEmpty();
        }
    }

    @Test
    void should_look_again_while_weChat_is_publishing_without_submitting_twice_or_using_attempts() throws Exception {
        server.publishingPolls(4);
        try (TestHub hub = hub()) {
            Published p = publish(hub, new Flow(hub).users(), 1, "ywgz", false);
            String id = p.delivery("publish", "account");
            JsonNode waiting = awaitState(hub, id, "RETRYING");
            assertThat(waiting.get("lastError").asText()).contains("publish_status 1", "publish_id");

            JsonNode sent = awaitState(hub, id, "SENT");
            assertThat(sent.get("attempts").asInt()).as("looking again uses no attempt").isEqualTo(1);
            assertThat(server.calls(Api.PUBLISH_SUBMIT)).hasSize(1);
            assertThat(server.calls(Api.DRAFT_ADD)).hasSize(1);
            assertThat(server.calls(Api.PUBLISH_GET)).hasSize(5);
            assertThat(server.calls(Api.ADD_MATERIAL)).as("the default cover, uploaded once").hasSize(1);
        }
    }

    @Test
    void should_fail_a_publication_weChat_ends_in_2_3_4_or_6_with_the_status_and_fail_idx() throws Exception {
        server.nextPublicationEnds(2, 1).nextPublicationEnds(3, 1).nextPublicationEnds(4, 1).nextPublicationEnds(6, 1);
        try (TestHub hub = hub()) {
            Flow flow = new Flow(hub).users();
            List<String> ids = List.of(publish(hub, flow, 0, "ywgz", false), publish(hub, flow, 1, "ywgz", false),
                    publish(hub, flow, 2, "ywgz", false), publish(hub, flow, 3, "ywgz", false)).stream().map(p -> p.delivery("publish", "account")).toList();
            List<String> reasons = ids.stream().map(id -> awaitState(hub, id, "FAILED")).peek(d -> assertThat(d.get("attempts").asInt()).isEqualTo(1))
                    .map(d -> d.get("reason").asText()).toList();

            assertThat(reasons).allSatisfy(r -> assertThat(r).contains("fail_idx [1]", "publish_id"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("publish_status 2"))
                    .anySatisfy(r -> assertThat(r).contains("publish_status 3"))
                    .anySatisfy(r -> assertThat(r).contains("publish_status 4", "platform's review"))
                    .anySatisfy(r -> assertThat(r).contains("publish_status 6"));
            assertThat(server.calls(Api.PUBLISH_SUBMIT)).hasSize(4);
        }
    }

    @Test
    void should_push_a_configured_column_to_its_tag_and_another_column_to_nobody() throws Exception {
        try (TestHub hub = hub()) {
            Flow flow = new Flow(hub).users();
            Published service = publish(hub, flow, 2, "ggfw", true);
            Published other = publish(hub, flow, 3, "ywgz", false);
            JsonNode pushed = awaitState(hub, service.delivery("publish", "followers"), "SENT");
            awaitState(hub, service.delivery("publish", "account"), "SENT");
            awaitState(hub, other.delivery("publish", "followers"), "SKIPPED");
            awaitState(hub, other.delivery("publish", "account"), "SENT");

            assertThat(server.massSends()).singleElement().satisfies(m -> {
                assertThat(m.toAll()).isFalse();
                assertThat(m.tagId()).isEqualTo(101L);
                assertThat(m.clientMsgId()).isEqualTo(service.delivery("publish", "followers"));
                assertThat(m.articles().get(0).images()).singleElement().satisfies(u -> assertThat(server.imageUrls()).contains(u));
                assertThat(pushed.get("reference").asText()).isEqualTo(String.valueOf(m.msgId()));
            });
            assertThat(server.calls(Api.DRAFT_ADD)).as("a draft each for the two articles and one for the push").hasSize(3);
            assertThat(awaitSteps(hub, service.delivery("publish", "followers"))).contains("tag 101", "msg_id");
        }
    }

    @Test
    void should_take_45065_as_sent_with_the_earlier_msg_id_after_an_answer_was_lost() throws Exception {
        server.hangNext(Api.MASS_SENDALL, 1);
        try (TestHub hub = hub("initial-backoff: 2s\nmax-backoff: 2s")) {
            Published p = publish(hub, new Flow(hub).users(), 0, "zcfg", false);
            String id = p.delivery("publish", "followers");
            JsonNode lost = awaitState(hub, id, "RETRYING");
            assertThat(lost.get("lastError").asText()).contains("no answer");
            server.heal();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.massSends().size() == 1);
            server.advance(Duration.ofMinutes(2));

            JsonNode sent = awaitState(hub, id, "SENT");
            assertThat(server.massSends()).singleElement().satisfies(m -> {
                assertThat(m.toAll()).isTrue();
                assertThat(sent.get("reference").asText()).isEqualTo(String.valueOf(m.msgId()));
            });
            assertThat(server.calls(Api.MASS_SENDALL)).extracting(WeChatServer.Call::errcode).contains(45065);
            assertThat(server.calls(Api.MASS_GET)).isNotEmpty();
            assertThat(awaitSteps(hub, id)).contains("45065", "SEND_SUCCESS");
        }
    }

    @Test
    void should_fail_a_push_when_the_mass_send_quota_is_used_up_and_keep_the_article() throws Exception {
        server.massQuota(0);
        try (TestHub hub = hub()) {
            Published p = publish(hub, new Flow(hub).users(), 4, "zcfg", false);
            JsonNode failed = awaitState(hub, p.delivery("publish", "followers"), "FAILED");
            assertThat(failed.get("reason").asText()).contains("quota used up", "45028", "mass sends through this hub today (Beijing time): 0");
            assertThat(failed.get("attempts").asInt()).isEqualTo(1);
            awaitState(hub, p.delivery("publish", "account"), "SENT");
            assertThat(server.publishedArticles()).hasSize(1);
        }
    }

    @Test
    void should_retry_a_mass_send_after_45009_and_minus_1_with_the_same_clientmsgid() throws Exception {
        server.failNext(Api.MASS_SENDALL, 45009, 1).failNext(Api.MASS_SENDALL, -1, 1);
        try (TestHub hub = hub()) {
            Published p = publish(hub, new Flow(hub).users(), 1, "ggfw", false);
            String id = p.delivery("publish", "followers");
            JsonNode sent = awaitState(hub, id, "SENT");

            assertThat(server.calls(Api.MASS_SENDALL)).extracting(WeChatServer.Call::errcode).containsExactly(45009, -1, 0);
            assertThat(server.calls(Api.MASS_SENDALL)).extracting(c -> c.json().path("clientmsgid").asText()).containsOnly(id);
            assertThat(sent.get("attempts").asInt()).as("each busy answer is one try of the engine, not WxJava's own resend").isEqualTo(3);
            assertThat(server.massSends()).hasSize(1);
        }
    }

    @Test
    void should_refresh_an_expired_token_once_and_retry_the_call() throws Exception {
        try (TestHub hub = hub()) {
            Flow flow = new Flow(hub).users();
            awaitState(hub, publish(hub, flow, 0, "ywgz", false).delivery("publish", "account"), "SENT");
            server.expireTokensNow();
            Published second = publish(hub, flow, 1, "ywgz", true);
            JsonNode sent = awaitState(hub, second.delivery("publish", "account"), "SENT");

            assertThat(sent.get("attempts").asInt()).isEqualTo(1);
            assertThat(server.calls(Api.UPLOAD_IMG)).extracting(WeChatServer.Call::errcode).containsExactly(42001, 0);
            assertThat(server.calls(Api.STABLE_TOKEN)).hasSize(2).allSatisfy(c -> assertThat(c.json().path("force_refresh").asBoolean()).isFalse());
            assertThat(server.tokenIssues()).isEqualTo(2);
        }
    }

    @Test
    void should_share_one_stable_token_between_two_hub_instances() throws Exception {
        Map<String, Object> a = props("");
        a.put("hub.instance-id", "instance-a");
        Map<String, Object> b = new java.util.HashMap<>(a);
        b.put("hub.instance-id", "instance-b");
        try (TestHub one = TestHub.start(a); TestHub two = TestHub.start(b)) {
            String first = one.bean(WxJavaTransport.class).wx().getAccessToken();
            String second = two.bean(WxJavaTransport.class).wx().getAccessToken();
            awaitState(one, publish(one, new Flow(one).users(), 2, "ywgz", false).delivery("publish", "account"), "SENT");

            assertThat(second).isEqualTo(first).isEqualTo(server.currentStableToken());
            assertThat(server.tokenIssues()).isEqualTo(1);
            assertThat(server.calls(Api.STABLE_TOKEN)).hasSize(1);
            assertThat(server.calls(Api.TOKEN)).isEmpty();
        }
    }

    @Test
    void should_leave_a_submit_whose_answer_never_came_in_doubt_and_not_submit_again() throws Exception {
        server.hangNext(Api.PUBLISH_SUBMIT, 1);
        try (TestHub hub = hub()) {
            Published p = publish(hub, new Flow(hub).users(), 3, "ywgz", false);
            JsonNode doubt = awaitState(hub, p.delivery("publish", "account"), "IN_DOUBT");
            server.heal();

            assertThat(doubt.get("reason").asText()).contains("freepublish/submit", "no answer", "may be published");
            // the held call is recorded once the server lets it finish, after heal(): wait for it, then for no second one
            await("the one submit").atMost(Duration.ofSeconds(10)).during(Duration.ofSeconds(1))
                    .until(() -> server.calls(Api.PUBLISH_SUBMIT).size(), n -> n == 1);
        }
    }

    @Test
    void should_delete_the_article_and_the_mass_send_when_the_item_is_withdrawn() throws Exception {
        try (TestHub hub = hub()) {
            Published p = publish(hub, new Flow(hub).users(), 4, "zcfg", true);
            JsonNode article = awaitState(hub, p.delivery("publish", "account"), "SENT");
            JsonNode pushed = awaitState(hub, p.delivery("publish", "followers"), "SENT");
            TestHub.Response w = hub.as("approver", "POST", "/api/items/" + p.id() + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
            assertThat(w.status()).as(w.body()).isEqualTo(202);

            JsonNode deleted = awaitState(hub, p.delivery("withdraw", "account"), "SENT");
            JsonNode massDeleted = awaitState(hub, p.delivery("withdraw", "followers"), "SENT");
            String articleId = server.publications().get(0).articleId();
            assertThat(server.deletions()).extracting(WeChatServer.Deletion::api, WeChatServer.Deletion::id)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Api.PUBLISH_DELETE, articleId),
                            org.assertj.core.groups.Tuple.tuple(Api.MASS_DELETE, pushed.get("reference").asText()));
            assertThat(server.publishedArticles()).isEmpty();
            assertThat(server.massSends()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("DELETE"));
            assertThat(deleted.get("reference").asText()).contains("freepublish/delete", articleId);
            assertThat(massDeleted.get("reference").asText()).contains("mass/delete");
            assertThat(article.get("reference").asText()).isNotBlank();
        }
    }

    static byte[] jpeg(int side) throws IOException {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                img.setRGB(x, y, (x * 7919 + y * 104729) & 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}

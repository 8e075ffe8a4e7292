package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code transport: cms}: items as JSON to a local CMS that checks the bearer token and answers as told. */
class SiteCmsTransportIT {
    static final String TOKEN = "cms-token-for-tests";
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    /** A CMS: 401 without the token; otherwise the next queued status (201 with {"id": "cms-<n>"} when none). */
    static final class Cms implements AutoCloseable {
        record Request(String method, String path, String authorization, String idempotencyKey, String body) {
        }

        final HttpServer server;
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

        Cms() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/items", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("Idempotency-Key"), body);
                requests.add(r);
                Integer queued = statuses.poll();
                int status = !("Bearer " + TOKEN).equals(r.authorization()) ? 401 : queued != null ? queued : r.method().equals("DELETE") ? 204 : 201;
                byte[] answer = (status == 201 ? "{\"id\":\"cms-" + requests.size() + "\"}" : status == 204 ? "" : "{\"error\":\"栏目不存在\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
                ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    ex.getResponseBody().write(answer);
                }
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/items";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static TestHub hub(Path tmp, Cms cms) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "website", "transport: cms\ninitial-backoff: 200ms\nmax-backoff: 1s\ncms:\n  url: " + cms.url()
                + "\n  token: \"${CMS_TOKEN_FOR_TESTS:" + TOKEN + "}\"\n  timeout: 2s");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return TestHub.start(p);
    }

    static JsonNode awaitDelivery(TestHub hub, String id, String action, String state) {
        String delivery = DeliveryStore.deliveryId("website", id, 1, action, "site");
        return await().atMost(Duration.ofSeconds(30)).until(() -> hub.as("editor", "GET", "/api/deliveries/" + delivery, null).json(),
                d -> state.equals(d.path("state").asText()));
    }

    @Test
    void should_post_the_item_as_json_with_the_token_and_delete_it_on_withdrawal(@TempDir Path tmp) throws Exception {
        try (Cms cms = new Cms(); TestHub hub = hub(tmp, cms)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(4, "[\"website\"]")).get("id").asText();
            assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            JsonNode sent = awaitDelivery(hub, id, "publish", "SENT");
            assertThat(sent.get("transport").asText()).isEqualTo("cms");
            assertThat(sent.get("reference").asText()).isEqualTo("cms-1");

            Cms.Request post = cms.requests.get(0);
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(post.idempotencyKey()).isEqualTo(DeliveryStore.deliveryId("website", id, 1, "publish", "site"));
            JsonNode json = TestHub.JSON.readTree(post.body());
            JsonNode item = hub.as("editor", "GET", "/api/items/" + id, null).json();
            assertThat(json.get("itemId").asText()).isEqualTo(id);
            assertThat(json.get("title").asText()).isEqualTo(Seeds.title(4));
            assertThat(json.get("indexNumber").asText()).isEqualTo(item.get("indexNumber").asText());
            assertThat(json.get("columnName").asText()).isEqualTo("业务工作");
            assertThat(json.get("url").asText()).isEqualTo("https://www.example.gov.cn/xxgk/items/" + id + ".html");
            assertThat(json.get("bodyHtml").asText()).startsWith("<p>").doesNotContain("<script");

            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误\"}").status()).isEqualTo(202);
            awaitDelivery(hub, id, "withdraw", "SENT");
            assertThat(cms.requests).last().satisfies(r -> {
                assertThat(r.method()).isEqualTo("DELETE");
                assertThat(r.path()).isEqualTo("/api/items/" + id);
                assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
            });
        }
    }

    @Test
    void should_fail_on_a_4xx_with_the_cms_text_and_retry_a_5xx_until_it_is_taken(@TempDir Path tmp) throws Exception {
        try (Cms cms = new Cms(); TestHub hub = hub(tmp, cms)) {
            Flow flow = new Flow(hub).users();
            cms.statuses.add(422);
            String refused = flow.approved(Seeds.itemJson(0, "[\"website\"]")).get("id").asText();
            assertThat(hub.as("editor", "POST", "/api/items/" + refused + "/publish", "{}").status()).isEqualTo(202);
            JsonNode failed = awaitDelivery(hub, refused, "publish", "FAILED");
            assertThat(failed.get("reason").asText()).contains("HTTP 422", "栏目不存在");
            assertThat(cms.requests).hasSize(1);

            cms.statuses.add(503);
            cms.statuses.add(502);
            String later = flow.approved(Seeds.itemJson(1, "[\"website\"]")).get("id").asText();
            assertThat(hub.as("editor", "POST", "/api/items/" + later + "/publish", "{}").status()).isEqualTo(202);
            awaitDelivery(hub, later, "publish", "SENT");
            assertThat(cms.requests).hasSize(4);
        }
    }
}

package cn.gongkai.hub.ops;

import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /metrics}: the Prometheus text of a real hub that publishes through the outbox transport. */
class MetricsIT {
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    /** The samples of a scrape: series as written ({@code name{labels}}) to value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int cut = line.lastIndexOf(' ');
            out.put(line.substring(0, cut), Double.parseDouble(line.substring(cut + 1)));
        }
        return out;
    }

    static HttpResponse<String> scrape(TestHub hub, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/metrics")).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Double> metrics(TestHub hub) throws Exception {
        HttpResponse<String> r = scrape(hub, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return samples(r.body());
    }

    @Test
    void should_count_deliveries_by_channel_and_outcome_and_show_the_backlog_without_sign_in(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir);
        ChannelConfigs.set(config, "qq", "initial-backoff: 50ms\nmax-backoff: 200ms\nmax-attempts: 3");
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.test.qq-failures", -1);
        props.put("hub.channel-config-dir", config.toString());
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(4, "[\"website\",\"qq\"]")).get("id").asText();

            Map<String, Double> before = metrics(hub);
            assertThat(before).as("every channel's meters exist from the start, at zero")
                    .containsEntry("hub_deliveries_total{channel=\"website\",outcome=\"sent\"}", 0.0)
                    .containsEntry("hub_deliveries_total{channel=\"sms\",outcome=\"failed\"}", 0.0)
                    .containsEntry("hub_planning_pages_total{channel=\"website\"}", 0.0)
                    .containsKey("hub_stream_pending{channel=\"website\"}")
                    .containsKey("hub_stream_lag{channel=\"website\"}")
                    .containsKey("hub_deliveries_in_state{channel=\"qq\",state=\"IN_DOUBT\"}");

            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            flow.awaitState(id, "PARTIALLY_PUBLISHED");

            await("the DEAD qq delivery reaches the gauge").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(metrics(hub)).containsEntry("hub_deliveries_in_state{channel=\"qq\",state=\"DEAD\"}", 1.0));
            Map<String, Double> m = metrics(hub);
            assertThat(m).containsEntry("hub_deliveries_total{channel=\"website\",outcome=\"sent\"}", 1.0)
                    .containsEntry("hub_deliveries_total{channel=\"website\",outcome=\"failed\"}", 0.0)
                    .containsEntry("hub_deliveries_total{channel=\"qq\",outcome=\"sent\"}", 0.0)
                    .containsEntry("hub_deliveries_total{channel=\"qq\",outcome=\"retrying\"}", 3.0)
                    .containsEntry("hub_delivery_send_seconds_count{channel=\"website\"}", 1.0)
                    .containsEntry("hub_delivery_send_seconds_count{channel=\"qq\"}", 3.0)
                    .containsEntry("hub_deliveries_in_state{channel=\"qq\",state=\"RETRYING\"}", 0.0)
                    .containsEntry("hub_deliveries_in_state{channel=\"website\",state=\"DEAD\"}", 0.0)
                    .containsEntry("hub_stream_pending{channel=\"website\"}", 0.0)
                    .containsEntry("hub_stream_lag{channel=\"website\"}", 0.0);
            assertThat(m.keySet()).as("histogram buckets for the send time")
                    .anyMatch(k -> k.startsWith("hub_delivery_send_seconds_bucket{channel=\"website\",le="));
            assertThat(m.keySet()).as("the JVM and HTTP meters Micronaut adds")
                    .anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
                    .anyMatch(k -> k.startsWith("http_server_requests_seconds_count{"));
        }
    }

    @Test
    void should_count_gate_refusals_by_route_after_an_approved_item_was_tampered_with() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(1, "[\"website\"]")).get("id").asText();
            assertThat(metrics(hub)).doesNotContainKey("hub_gate_refusals_total{route=\"api:publish\"}");

            RedisKeys keys = hub.bean(RedisKeys.class);
            String key = keys.itemVersion(id, 1);
            ObjectNode stored = (ObjectNode) TestHub.JSON.readTree(redis.sync().get(key));
            ((ObjectNode) stored.get("content")).put("body", "篡改后的正文");
            redis.sync().set(key, stored.toString());

            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(409);
            assertThat(metrics(hub)).containsEntry("hub_gate_refusals_total{route=\"api:publish\"}", 1.0);

            redis.sync().xadd(keys.stream("publish"), Map.of("itemId", id, "version", "1", "action", "publish",
                    "channels", "website", "requestedBy", "intruder"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(metrics(hub)).containsEntry("hub_gate_refusals_total{route=\"publish-item\"}", 1.0));
            assertThat(metrics(hub)).containsEntry("hub_gate_refusals_total{route=\"api:publish\"}", 1.0);
        }
    }

    @Test
    void should_ask_for_the_configured_token_and_expose_no_management_endpoint() throws Exception {
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.metrics.token", "prometheus-scrape-token-2026");
        try (TestHub hub = TestHub.start(props)) {
            for (String bad : new String[]{null, "Bearer wrong-token", "Bearer prometheus-scrape-token-202",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + TestHub.ADMIN_PASSWORD).getBytes())}) {
                HttpResponse<String> r = scrape(hub, bad);
                assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(bad).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(r.body()).doesNotContain("hub_deliveries_total").contains("\"status\":401").contains("HUB_METRICS_TOKEN");
            }
            HttpResponse<String> ok = scrape(hub, "Bearer prometheus-scrape-token-2026");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(ok.body()).contains("# TYPE hub_deliveries_total counter");

            for (String path : List.of("/prometheus", "/metrics/jvm.memory.used", "/beans", "/loggers", "/env", "/routes",
                    "/threaddump", "/info", "/refresh")) {
                assertThat(hub.get(path, null, null).status()).as(path).isEqualTo(404);
            }
        }
    }
}

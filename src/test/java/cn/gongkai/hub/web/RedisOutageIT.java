package cn.gongkai.hub.web;

import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisOutageIT {

    @Test
    void should_report_redis_down_on_health_and_answer_503_without_a_stack_trace() {
        try (TestRedis redis = TestRedis.start(); TestHub hub = TestHub.start(redis)) {
            hub.user("editor", "EDITOR");
            assertThat(hub.get("/health", null, null).status()).isEqualTo(200);
            redis.server().stop();
            long start = System.nanoTime();
            TestHub.Response health = hub.get("/health", null, null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().at("/redis/status").asText()).startsWith("DOWN");
            assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestHub.Response r = hub.as("editor", "GET", "/api/items", null);
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.json().get("message").asText()).contains("Redis");
                assertThat(r.body()).doesNotContain("at io.").doesNotContain("Exception:");
            });
        }
    }
}

package cn.gongkai.hub.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsExportTest {
    static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    static MetricsExport export(String token) {
        return new MetricsExport(REGISTRY, new MetricsSettings(token, Duration.ofSeconds(5)));
    }

    @Test
    void should_let_anyone_read_when_no_token_is_set() {
        assertThat(export("").allows(null)).isTrue();
        assertThat(export(null).allows("Basic YWRtaW46YWRtaW4=")).isTrue();
    }

    @Test
    void should_accept_only_the_exact_bearer_token_when_one_is_set() {
        MetricsExport e = export("s3cret-scrape-token");
        assertThat(e.allows("Bearer s3cret-scrape-token")).isTrue();
        assertThat(e.allows("bearer s3cret-scrape-token")).as("the scheme is case-insensitive (RFC 7235)").isTrue();
        assertThat(e.allows(null)).isFalse();
        assertThat(e.allows("")).isFalse();
        assertThat(e.allows("Bearer")).isFalse();
        assertThat(e.allows("Bearer ")).isFalse();
        assertThat(e.allows("Bearer s3cret-scrape-toke")).isFalse();
        assertThat(e.allows("Bearer s3cret-scrape-token2")).isFalse();
        assertThat(e.allows("Basic s3cret-scrape-token")).isFalse();
        assertThat(e.allows("s3cret-scrape-token")).isFalse();
    }
}

package cn.gongkai.hub.ops;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code hub.metrics.*}.
 *
 * @param token        HUB_METRICS_TOKEN: when set, {@code GET /metrics} needs {@code Authorization: Bearer <token>};
 *                     empty leaves it open, as Prometheus scrapes without signing in
 * @param backlogCache how long the backlog gauges (stream pending and lag, deliveries by state) reuse what they read
 *                     from Redis
 */
@ConfigurationProperties("hub.metrics")
public record MetricsSettings(
        @Bindable(defaultValue = "") String token,
        @Bindable(defaultValue = "5s") Duration backlogCache) {
}

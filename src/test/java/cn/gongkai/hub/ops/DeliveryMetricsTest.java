package cn.gongkai.hub.ops;

import cn.gongkai.hub.delivery.DeliveryObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryMetricsTest {

    @Test
    void should_count_each_outcome_of_a_batch_and_time_the_batch_once() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeliveryMetrics metrics = new DeliveryMetrics(registry, List.of("sms", "website"));
        metrics.sent("sms", Duration.ofMillis(120), new DeliveryObserver.Tally(7, 2, 0, 0, 1, 0));
        metrics.sent("sms", Duration.ofMillis(30), new DeliveryObserver.Tally(3, 0, 4, 0, 0, 1));

        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "sent").counter().count()).isEqualTo(10);
        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "failed").counter().count()).isEqualTo(2);
        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "skipped").counter().count()).as("opted out, apart from failed").isEqualTo(4);
        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "retrying").counter().count()).isEqualTo(1);
        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "refused").counter().count()).isEqualTo(1);
        assertThat(registry.get("hub.delivery.send").tags("channel", "sms").timer().count()).isEqualTo(2);
        assertThat(registry.get("hub.delivery.send").tags("channel", "sms").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(150);
        assertThat(registry.get("hub.deliveries").tags("channel", "website", "outcome", "sent").counter().count()).isZero();
    }

    @Test
    void should_count_planning_pages_and_crash_recoveries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeliveryMetrics metrics = new DeliveryMetrics(registry, List.of("sms"));
        metrics.planned("sms", 100);
        metrics.planned("sms", 40);
        metrics.recovered("sms", 3, 1);

        assertThat(registry.get("hub.planning.pages").tags("channel", "sms").counter().count()).isEqualTo(2);
        assertThat(registry.get("hub.deliveries.planned").tags("channel", "sms").counter().count()).isEqualTo(140);
        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "in_doubt").counter().count()).isEqualTo(3);
        assertThat(registry.get("hub.deliveries").tags("channel", "sms", "outcome", "dead").counter().count()).isEqualTo(1);
    }

    @Test
    void should_export_prometheus_names_with_the_hub_prefix_and_fixed_send_buckets() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DeliveryMetrics metrics = new DeliveryMetrics(registry, List.of("led"));
        metrics.sent("led", Duration.ofMillis(7), new DeliveryObserver.Tally(1, 0, 0, 0, 0, 0));
        String text = registry.scrape();

        assertThat(text).contains("hub_deliveries_total{channel=\"led\",outcome=\"sent\"} 1.0")
                .contains("hub_planning_pages_total{channel=\"led\"} 0.0")
                .contains("hub_deliveries_planned_total{channel=\"led\"} 0.0")
                .contains("hub_delivery_send_seconds_bucket{channel=\"led\",le=\"0.01\"} 1")
                .contains("hub_delivery_send_seconds_bucket{channel=\"led\",le=\"0.005\"} 0");
        assertThat(text.lines().filter(l -> l.startsWith("hub_delivery_send_seconds_bucket{"))).hasSize(DeliveryMetrics.SEND_BUCKETS.length + 1);
    }
}

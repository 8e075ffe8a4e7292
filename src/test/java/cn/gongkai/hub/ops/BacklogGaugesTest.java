package cn.gongkai.hub.ops;

import cn.gongkai.hub.delivery.DeliveryBacklog;
import cn.gongkai.hub.delivery.DeliveryState;
import cn.gongkai.hub.support.LogCapture;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogGaugesTest {

    /** A backlog that counts its reads and can fail or hang on demand. */
    static final class FakeBacklog implements DeliveryBacklog {
        final AtomicInteger reads = new AtomicInteger();
        volatile long dead = 2;
        volatile RuntimeException failure;
        volatile CountDownLatch hang;

        @Override
        public long inState(String channel, DeliveryState state) {
            reads.incrementAndGet();
            await();
            if (failure != null) {
                throw failure;
            }
            return state == DeliveryState.DEAD ? dead : 0;
        }

        @Override
        public StreamBacklog stream(String channel) {
            reads.incrementAndGet();
            return new StreamBacklog(3, channel.equals("sms") ? 40 : 0);
        }

        private void await() {
            CountDownLatch h = hang;
            if (h != null) {
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final FakeBacklog backlog = new FakeBacklog();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    BacklogGauges gauges(Duration wait) {
        BacklogGauges g = new BacklogGauges(backlog, List.of("sms", "website"), Duration.ofSeconds(5), wait, now::get);
        g.bindTo(registry);
        return g;
    }

    double gauge(String name, String channel, String state) {
        var search = registry.get(name).tag("channel", channel);
        return (state == null ? search : search.tag("state", state)).gauge().value();
    }

    /** Every gauge once, as a scrape reads them. */
    void scrape() {
        registry.getMeters().forEach(m -> ((Gauge) m).value());
    }

    @Test
    void should_read_the_backlog_once_per_cache_period_for_all_gauges_of_all_channels() {
        gauges(Duration.ofSeconds(5));
        assertThat(registry.getMeters()).hasSize(2 * (2 + DeliveryBacklog.COUNTED.size()));
        scrape();
        int perRefresh = 2 * (DeliveryBacklog.COUNTED.size() + 1);
        assertThat(backlog.reads.get()).isEqualTo(perRefresh);
        assertThat(gauge("hub.deliveries.in.state", "sms", "DEAD")).isEqualTo(2);
        assertThat(gauge("hub.stream.lag", "sms", null)).isEqualTo(40);
        assertThat(gauge("hub.stream.pending", "website", null)).isEqualTo(3);

        backlog.dead = 5;
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        scrape();
        assertThat(backlog.reads.get()).as("still fresh").isEqualTo(perRefresh);
        assertThat(gauge("hub.deliveries.in.state", "sms", "DEAD")).isEqualTo(2);

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        scrape();
        assertThat(backlog.reads.get()).isEqualTo(2 * perRefresh);
        assertThat(gauge("hub.deliveries.in.state", "sms", "DEAD")).isEqualTo(5);
    }

    @Test
    void should_show_nan_with_one_warning_while_redis_fails_and_stop_reading_at_the_first_failure() {
        gauges(Duration.ofSeconds(5));
        backlog.failure = new IllegalStateException("Connection refused");
        try (LogCapture log = LogCapture.of(BacklogGauges.class)) {
            scrape();
            assertThat(backlog.reads.get()).as("the other channel is not asked to time out too").isEqualTo(1);
            assertThat(gauge("hub.deliveries.in.state", "website", "DEAD")).isNaN();
            assertThat(gauge("hub.stream.lag", "sms", null)).isNaN();
            now.addAndGet(Duration.ofSeconds(6).toNanos());
            scrape();
            assertThat(log.lines().stream().filter(l -> l.startsWith("WARN"))).hasSize(1);

            backlog.failure = null;
            now.addAndGet(Duration.ofSeconds(6).toNanos());
            scrape();
            assertThat(gauge("hub.deliveries.in.state", "website", "DEAD")).isEqualTo(2);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains("again"));
        }
    }

    @Test
    void should_wait_for_a_slow_refresh_once_per_scrape_and_then_show_the_last_values() {
        gauges(Duration.ofMillis(300));
        scrape();
        backlog.dead = 9;
        backlog.hang = new CountDownLatch(1);
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        long started = System.nanoTime();
        scrape();
        long took = System.nanoTime() - started;
        assertThat(Duration.ofNanos(took)).as("one wait shared by all gauges, not one each").isLessThan(Duration.ofSeconds(3));
        assertThat(gauge("hub.deliveries.in.state", "sms", "DEAD")).as("the last snapshot").isEqualTo(2);
        backlog.hang.countDown();
    }
}

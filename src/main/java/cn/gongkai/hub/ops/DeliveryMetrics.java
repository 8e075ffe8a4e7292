package cn.gongkai.hub.ops;

import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.DeliveryObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The delivery engine's reports as meters: {@code hub_deliveries_total{channel,outcome}},
 * {@code hub_delivery_send_seconds{channel}} (one sample per batch a transport sent, in {@link #SEND_BUCKETS}),
 * {@code hub_planning_pages_total{channel}} and {@code hub_deliveries_planned_total{channel}}. Every configured
 * channel's meters exist from the start at zero, so a rate over them is defined before the first delivery.
 */
@Singleton
class DeliveryMetrics implements DeliveryObserver {
    /** {@code retrying} includes a last attempt that used up the tries (the delivery is then DEAD in the gauge). */
    static final List<String> OUTCOMES = List.of("sent", "failed", "skipped", "retrying", "refused", "in_doubt", "dead");

    /**
     * Fixed histogram buckets, from an outbox file write to a vendor call near its timeout; fifteen per channel instead
     * of Micrometer's ~70 for a percentile histogram.
     */
    static final Duration[] SEND_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)};

    private final MeterRegistry registry;

    @Inject
    DeliveryMetrics(MeterRegistry registry, ChannelRegistry channels) {
        this(registry, channels.settings().keySet());
    }

    DeliveryMetrics(MeterRegistry registry, Collection<String> channels) {
        this.registry = registry;
        for (String ch : channels) {
            OUTCOMES.forEach(o -> deliveries(ch, o));
            sendTime(ch);
            pages(ch);
            planned(ch);
        }
    }

    @Override
    public void sent(String channel, Duration took, DeliveryObserver.Tally t) {
        sendTime(channel).record(took);
        deliveries(channel, "sent").increment(t.sent());
        deliveries(channel, "failed").increment(t.failed());
        deliveries(channel, "skipped").increment(t.skipped());
        deliveries(channel, "in_doubt").increment(t.inDoubt());
        deliveries(channel, "retrying").increment(t.retrying());
        deliveries(channel, "refused").increment(t.refused());
    }

    @Override
    public void planned(String channel, int deliveries) {
        pages(channel).increment();
        planned(channel).increment(deliveries);
    }

    @Override
    public void recovered(String channel, int inDoubt, int dead) {
        deliveries(channel, "in_doubt").increment(inDoubt);
        deliveries(channel, "dead").increment(dead);
    }

    // builders return the registered meter when it exists, so these are lookups after the first call
    private Counter deliveries(String channel, String outcome) {
        return Counter.builder("hub.deliveries").description("Deliveries that came back from a channel, by outcome")
                .tags("channel", channel, "outcome", outcome).register(registry);
    }

    private Timer sendTime(String channel) {
        return Timer.builder("hub.delivery.send").description("Time a channel's transport took to send one batch")
                .tags("channel", channel).serviceLevelObjectives(SEND_BUCKETS).register(registry);
    }

    private Counter pages(String channel) {
        return Counter.builder("hub.planning.pages").description("Pages of a publication plan written (one stream entry of deliveries each)")
                .tags("channel", channel).register(registry);
    }

    private Counter planned(String channel) {
        return Counter.builder("hub.deliveries.planned").description("Deliveries planned")
                .tags("channel", channel).register(registry);
    }
}

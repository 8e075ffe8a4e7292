package cn.gongkai.hub.ops;

import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.DeliveryBacklog;
import cn.gongkai.hub.delivery.DeliveryState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of each channel's backlog: {@code hub_stream_pending{channel}}, {@code hub_stream_lag{channel}} and
 * {@code hub_deliveries_in_state{channel,state}} for the states a person looks at.
 *
 * <p>A scrape reads the gauges one by one; they share one snapshot of all channels, read from the
 * {@link DeliveryBacklog} at most once per {@code hub.metrics.backlog-cache} on a thread of its own. A scrape waits
 * at most {@link #WAIT} for a refresh, then shows the last snapshot, so a slow or lost Redis never holds up the
 * JVM and HTTP meters of the same scrape. Values that could not be read are NaN.
 */
@Singleton
class BacklogGauges implements MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(BacklogGauges.class);
    static final Duration WAIT = Duration.ofSeconds(2);

    record ChannelBacklog(Map<DeliveryState, Double> inState, double pending, double lag) {
        static final ChannelBacklog UNKNOWN = new ChannelBacklog(Map.of(), Double.NaN, Double.NaN);
    }

    private record Snapshot(long readAtNanos, Map<String, ChannelBacklog> channels) {
    }

    private final DeliveryBacklog backlog;
    private final List<String> channels;
    private final long ttlNanos;
    private final long waitNanos;
    private final LongSupplier clock;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hub-metrics-backlog");
        t.setDaemon(true);
        return t;
    });
    private volatile Snapshot last;
    private CompletableFuture<Void> refresh;
    private long refreshStartedNanos;
    private boolean failing;

    @Inject
    BacklogGauges(DeliveryBacklog backlog, ChannelRegistry channels, MetricsSettings settings) {
        this(backlog, List.copyOf(channels.settings().keySet()), settings.backlogCache(), WAIT, System::nanoTime);
    }

    BacklogGauges(DeliveryBacklog backlog, List<String> channels, Duration ttl, Duration wait, LongSupplier clock) {
        this.backlog = backlog;
        this.channels = channels;
        this.ttlNanos = ttl.toNanos();
        this.waitNanos = wait.toNanos();
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String ch : channels) {
            Gauge.builder("hub.stream.pending", this, g -> g.value(ch, ChannelBacklog::pending))
                    .description("Entries of the channel's stream handed to an instance and not yet acknowledged")
                    .tags("channel", ch).strongReference(true).register(registry);
            Gauge.builder("hub.stream.lag", this, g -> g.value(ch, ChannelBacklog::lag))
                    .description("Entries of the channel's stream no instance has read yet")
                    .tags("channel", ch).strongReference(true).register(registry);
            for (DeliveryState s : DeliveryBacklog.COUNTED) {
                Gauge.builder("hub.deliveries.in.state", this, g -> g.value(ch, b -> b.inState().getOrDefault(s, Double.NaN)))
                        .description("Deliveries of the channel in a state a person looks at")
                        .tags("channel", ch, "state", s.name()).strongReference(true).register(registry);
            }
        }
    }

    double value(String channel, ToDoubleFunction<ChannelBacklog> read) {
        awaitRefresh();
        Snapshot s = last;
        ChannelBacklog b = s == null ? null : s.channels().get(channel);
        return b == null ? Double.NaN : read.applyAsDouble(b);
    }

    private void awaitRefresh() {
        CompletableFuture<Void> running;
        long left;
        synchronized (this) {
            long now = clock.getAsLong();
            Snapshot s = last;
            if (s != null && now - s.readAtNanos() < ttlNanos) {
                return;
            }
            if (refresh == null || refresh.isDone()) {
                refreshStartedNanos = System.nanoTime();
                refresh = CompletableFuture.runAsync(this::readAll, reader);
            }
            running = refresh;
            // one wait per refresh, shared by every gauge of the scrape
            left = waitNanos - (System.nanoTime() - refreshStartedNanos);
        }
        if (left <= 0) {
            return;
        }
        try {
            running.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the last snapshot stands until the refresh ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readAll() {
        Map<String, ChannelBacklog> read = new HashMap<>();
        RuntimeException failure = null;
        for (String ch : channels) {
            if (failure != null) {
                read.put(ch, ChannelBacklog.UNKNOWN);
                continue;
            }
            try {
                Map<DeliveryState, Double> inState = new EnumMap<>(DeliveryState.class);
                for (DeliveryState s : DeliveryBacklog.COUNTED) {
                    inState.put(s, (double) backlog.inState(ch, s));
                }
                DeliveryBacklog.StreamBacklog stream = backlog.stream(ch);
                read.put(ch, new ChannelBacklog(inState, stream.pending(), stream.lag()));
            } catch (RuntimeException e) {
                // the rest would wait for the same outage, one timeout each
                failure = e;
                read.put(ch, ChannelBacklog.UNKNOWN);
            }
        }
        synchronized (this) {
            if (failure != null && !failing) {
                LOG.warn("Backlog gauges cannot read Redis ({}); they show NaN until it answers", failure.toString());
            } else if (failure == null && failing) {
                LOG.info("Backlog gauges read Redis again");
            }
            failing = failure != null;
            last = new Snapshot(clock.getAsLong(), Map.copyOf(read));
        }
    }

    @PreDestroy
    void close() {
        reader.shutdownNow();
    }
}

package cn.gongkai.hub.delivery;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts deliveries held for a rate-limit slot back on their stream at their slot, so a limit of 50/s sends about 50 in
 * every second rather than a second's worth at each tick of the retry poller. One timer thread, no consumer thread
 * waits; a release that fails (Redis away, the instance stopped) is no loss: the held deliveries are in the retry
 * schedule and the poller ({@code release-due} route) releases them.
 */
@Singleton
class HeldReleases {
    private static final Logger LOG = LoggerFactory.getLogger(HeldReleases.class);
    /** Slots this close together are released in one call. */
    static final Duration TICK = Duration.ofMillis(20);
    /** Further ahead than this the poller is precise enough. */
    static final Duration HORIZON = Duration.ofMinutes(2);

    private final DeliveryStore store;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "held-releases");
        t.setDaemon(true);
        return t;
    });

    HeldReleases(DeliveryStore store) {
        this.store = store;
    }

    /** Releases each held delivery (of one bucket) at its due time, grouped by {@link #TICK}. */
    void releaseAt(String channel, int bucket, List<DeliveryStore.Held> held) {
        Instant now = Instant.now();
        Map<Long, List<String>> byTick = new TreeMap<>();
        for (DeliveryStore.Held h : held) {
            if (Duration.between(now, h.due()).compareTo(HORIZON) <= 0) {
                long tick = Math.floorDiv(h.due().toEpochMilli() + TICK.toMillis() - 1, TICK.toMillis()) * TICK.toMillis();
                byTick.computeIfAbsent(tick, t -> new ArrayList<>()).add(h.id());
            }
        }
        for (Map.Entry<Long, List<String>> e : byTick.entrySet()) {
            long delay = Math.max(0, e.getKey() - System.currentTimeMillis()) + 1;
            List<String> ids = e.getValue();
            try {
                timer.schedule(() -> release(channel, bucket, ids), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                return;
            }
        }
    }

    private void release(String channel, int bucket, List<String> ids) {
        try {
            store.releaseHeld(channel, bucket, ids);
        } catch (RuntimeException e) {
            LOG.debug("{}: {} held deliveries not released at their slot ({}); the retry poller will", channel, ids.size(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}

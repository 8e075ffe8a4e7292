package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Rate;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The channel's rate ({@code rate: 100/s} in its file), shared by every instance: the batch reserves one slot per
 * delivery; those due now go on, the others are held until their slot (without using an attempt, and without holding
 * the consumer thread or a connection), put back on the stream at their slot ({@link HeldReleases}) and come back
 * marked, so they are not counted twice.
 */
@Singleton
@Named("rateLimit")
public class RateLimitStep {
    private final RateLimiter limiter;
    private final DeliveryStore store;
    private final HeldReleases releases;

    RateLimitStep(RateLimiter limiter, DeliveryStore store, HeldReleases releases) {
        this.limiter = limiter;
        this.store = store;
        this.releases = releases;
    }

    public SendBatch pace(SendBatch b) {
        Optional<Rate> rate = Rate.parse(b.settings.rate());
        if (rate.isEmpty() || b.waiting.isEmpty()) {
            return b;
        }
        List<DeliveryRef> fresh = b.waiting.stream().filter(r -> !r.reserved()).toList();
        if (fresh.isEmpty()) {
            return b;
        }
        RateLimiter.Reservation slots = limiter.reserve(b.channelName(), rate.get(), fresh.size());
        Instant now = Instant.now();
        List<DeliveryRef> go = new ArrayList<>(b.waiting.stream().filter(DeliveryRef::reserved).toList());
        List<DeliveryStore.Held> held = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            DeliveryRef r = fresh.get(i);
            if (slots.dueNow(i)) {
                go.add(r);
            } else {
                held.add(new DeliveryStore.Held(r.id(), r.attempt(), slots.due(i, now), true));
            }
        }
        if (!held.isEmpty()) {
            store.defer(b.channelName(), b.bucket, b.publicationKey, held, "rate limit " + rate.get() + ": waiting for its turn");
            releases.releaseAt(b.channelName(), b.bucket, held);
        }
        b.waiting = go;
        return b;
    }
}

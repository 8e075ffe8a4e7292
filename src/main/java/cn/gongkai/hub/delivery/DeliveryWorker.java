package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.DeliveryRejectedException;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.review.ReviewGate;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the deliveries of one stream read: claims them (state SENDING, recorded before anything leaves), hands
 * them to the channel in batches, records each outcome with the counters in one script, and moves the item's state
 * on. The review gate is asked again here, so no path to a channel skips it.
 *
 * <p>Outcomes: a receipt → SENT; {@link DeliveryRejectedException} or a per-target rejection → FAILED (no retry);
 * {@link ChannelUnavailableException} or an unexpected error → RETRYING with exponential backoff and jitter, DEAD
 * once the channel's max-attempts are used up. A delivery found SENDING after a crash is resent where the channel
 * says that is safe, otherwise marked IN_DOUBT for a person.
 */
@Singleton
@Named("deliveryWorker")
public class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

    private final ChannelRegistry channels;
    private final DeliveryStore store;
    private final ReviewGate gate;
    private final Publications publications;
    private final ItemProgress progress;
    private final String consumer;

    DeliveryWorker(ChannelRegistry channels, DeliveryStore store, ReviewGate gate, Publications publications, ItemProgress progress,
                   InstanceId instance) {
        this.channels = channels;
        this.store = store;
        this.gate = gate;
        this.publications = publications;
        this.progress = progress;
        this.consumer = instance.value();
    }

    private record Key(String itemId, int version, String action, boolean redelivered) {
    }

    /** Called by {@code deliver-<channel>} routes with the stream entries the gate let through. */
    public void deliver(List<Map<String, String>> entries, String channelName) {
        Channel channel = channels.channel(channelName)
                .orElseThrow(() -> new IllegalStateException("no implementation for channel " + channelName));
        ChannelSettings settings = channels.settings(channelName)
                .orElseThrow(() -> new IllegalStateException("no channel-config for channel " + channelName));
        Map<Key, List<String[]>> groups = new LinkedHashMap<>();
        for (Map<String, String> e : entries) {
            Key k = new Key(e.get("itemId"), Integer.parseInt(e.get("version")), e.getOrDefault("action", "publish"),
                    "true".equals(e.get("_redelivered")));
            List<String[]> ids = groups.computeIfAbsent(k, x -> new ArrayList<>());
            for (String d : e.getOrDefault("deliveries", "").split(",")) {
                int colon = d.lastIndexOf(':');
                if (colon > 0) {
                    ids.add(new String[]{d.substring(0, colon), d.substring(colon + 1)});
                }
            }
        }
        for (Map.Entry<Key, List<String[]>> g : groups.entrySet()) {
            if (!g.getValue().isEmpty()) {
                deliver(channel, settings, g.getKey(), g.getValue());
            }
        }
    }

    private void deliver(Channel channel, ChannelSettings settings, Key key, List<String[]> ids) {
        String name = channel.name();
        Optional<String> refusal = gate.check(key.itemId(), key.version(), key.action());
        if (refusal.isPresent()) {
            store.refuse(name, ids.stream().map(p -> p[0]).toList(), "review gate: " + refusal.get());
            progress.check(key.itemId(), key.version(), key.action());
            return;
        }
        List<DeliveryStore.Claim> claims = store.claim(name, consumer, channel.resendSafe(), settings.maxAttempts(), key.redelivered(), ids);
        List<Delivery> toSend = new ArrayList<>();
        boolean finishedSome = false;
        for (DeliveryStore.Claim c : claims) {
            switch (c.code()) {
                case "CLAIMED" -> toSend.add(new Delivery(c.deliveryId(), name, key.itemId(), key.version(), c.target(), c.attempt()));
                case "IN_DOUBT" -> {
                    finishedSome = true;
                    LOG.warn("Delivery {} is IN_DOUBT: a consumer stopped between sending and recording; {} cannot de-duplicate", c.deliveryId(), name);
                }
                case "DEAD" -> {
                    finishedSome = true;
                    LOG.error("Delivery {} is DEAD after {} attempts", c.deliveryId(), c.attempt());
                }
                default -> LOG.debug("Delivery {} not sent now: {}", c.deliveryId(), c.code());
            }
        }
        if (!toSend.isEmpty()) {
            Publication pub = publications.of(key.itemId(), key.version(), key.action());
            for (int from = 0; from < toSend.size(); from += settings.batchSize()) {
                List<Delivery> batch = toSend.subList(from, Math.min(toSend.size(), from + settings.batchSize()));
                store.complete(name, settings.maxAttempts(), send(channel, settings, pub, batch));
            }
            finishedSome = true;
        }
        if (finishedSome) {
            progress.check(key.itemId(), key.version(), key.action());
        }
    }

    private List<DeliveryStore.Result> send(Channel channel, ChannelSettings settings, Publication pub, List<Delivery> batch) {
        List<DeliveryStore.Result> results = new ArrayList<>(batch.size());
        try {
            Map<String, DeliveryOutcome> byId = new HashMap<>();
            for (DeliveryOutcome o : channel.send(pub, batch)) {
                byId.put(o.deliveryId(), o);
            }
            for (Delivery d : batch) {
                DeliveryOutcome o = byId.get(d.id());
                if (o == null) {
                    results.add(retry(settings, d, "the channel reported no outcome for this delivery"));
                } else if (o.isUnavailable()) {
                    results.add(retry(settings, d, o.unavailable()));
                } else if (o.isSent()) {
                    results.add(new DeliveryStore.Result(d.id(), d.attempt(), "SENT", o.receipt().reference(),
                            o.receipt().recipients(), o.receipt().parts(), null));
                } else {
                    LOG.warn("Delivery {} to {} rejected: {}", d.id(), d.target().id(), o.rejection());
                    results.add(new DeliveryStore.Result(d.id(), d.attempt(), "FAILED", o.rejection(), 0, 0, null));
                }
            }
        } catch (ChannelUnavailableException e) {
            LOG.warn("Channel {} unavailable for {} deliveries of item {}: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            batch.forEach(d -> results.add(retry(settings, d, e.getMessage())));
        } catch (DeliveryRejectedException e) {
            LOG.warn("Channel {} rejected {} deliveries of item {} for good: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            batch.forEach(d -> results.add(new DeliveryStore.Result(d.id(), d.attempt(), "FAILED", e.getMessage(), 0, 0, null)));
        } catch (RuntimeException e) {
            LOG.error("Channel {} failed unexpectedly on item {}", channel.name(), pub.itemId(), e);
            batch.forEach(d -> results.add(retry(settings, d, "unexpected error: " + e)));
        }
        return results;
    }

    private static DeliveryStore.Result retry(ChannelSettings s, Delivery d, String reason) {
        return new DeliveryStore.Result(d.id(), d.attempt(), "RETRY", reason, 0, 0, Instant.now().plus(backoff(s, d.attempt())));
    }

    /** initial × 2^(attempt-1), at most max, ±20% jitter so retries of one outage spread out. */
    static Duration backoff(ChannelSettings s, int attempt) {
        long base = s.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(base, s.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}

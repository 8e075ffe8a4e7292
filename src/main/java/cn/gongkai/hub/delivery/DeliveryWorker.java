package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.DeliveryRejectedException;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.Withdrawal;
import cn.gongkai.hub.review.Clearance;
import cn.gongkai.hub.review.Refusal;
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
 * Sends the deliveries of one stream read: asks the review gate, which hands back the version it checked (the message
 * is rendered from that, never from a second read), checks the attachment bytes against the approval, claims the
 * deliveries (state SENDING, recorded before anything leaves), hands them to the channel in batches, records each
 * outcome with the counters in one script, and moves the item's state on.
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
    private final ItemStore items;
    private final AttachmentStore attachments;
    private final DeliveryPlanner planner;
    private final List<DeliveryObserver> observers;
    private final String consumer;

    DeliveryWorker(ChannelRegistry channels, DeliveryStore store, ReviewGate gate, Publications publications, ItemProgress progress,
                   ItemStore items, AttachmentStore attachments, DeliveryPlanner planner, List<DeliveryObserver> observers,
                   InstanceId instance) {
        this.observers = observers;
        this.channels = channels;
        this.store = store;
        this.gate = gate;
        this.publications = publications;
        this.progress = progress;
        this.items = items;
        this.attachments = attachments;
        this.planner = planner;
        this.consumer = instance.value();
    }

    private record Key(String itemId, int version, Action action, boolean redelivered) {
    }

    /** Called by {@code deliver-<channel>} routes with the stream entries the gate let through. */
    public void deliver(List<Map<String, String>> entries, String channelName) {
        Channel channel = channels.channel(channelName)
                .orElseThrow(() -> new IllegalStateException("no implementation for channel " + channelName));
        ChannelSettings settings = channels.settings(channelName)
                .orElseThrow(() -> new IllegalStateException("no channel-config for channel " + channelName));
        Map<Key, List<String[]>> groups = new LinkedHashMap<>();
        for (Map<String, String> e : entries) {
            Key k = new Key(e.get("itemId"), Integer.parseInt(e.get("version")), Action.of(e.get("action")),
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
        String route = "deliver-" + name;
        Clearance clearance = gate.clear(key.itemId(), key.version(), key.action(), route);
        if (clearance instanceof Clearance.Refused r) {
            refuse(name, key, ids, "review gate: " + r.reason());
            return;
        }
        Clearance.Cleared cleared = (Clearance.Cleared) clearance;
        if (key.action() == Action.PUBLISH) {
            Optional<String> changed = changedAttachment(cleared);
            if (changed.isPresent()) {
                gate.record(new Refusal(key.itemId(), key.version(), route, changed.get(), Instant.now()));
                refuse(name, key, ids, "review gate: " + changed.get());
                return;
            }
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
            Publication pub = publications.of(cleared);
            for (int from = 0; from < toSend.size(); from += settings.batchSize()) {
                List<Delivery> batch = toSend.subList(from, Math.min(toSend.size(), from + settings.batchSize()));
                long started = System.nanoTime();
                List<DeliveryStore.Result> results = send(channel, settings, pub, batch);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                store.complete(name, settings.maxAttempts(), results);
                observe(name, took, results);
                if (key.action() == Action.PUBLISH) {
                    withdrawIfWithdrawnMeanwhile(name, key, batch, results);
                }
            }
            finishedSome = true;
        }
        if (finishedSome) {
            progress.check(key.itemId(), key.version(), key.action());
        }
    }

    private void observe(String channel, Duration took, List<DeliveryStore.Result> results) {
        int sent = 0, failed = 0, retrying = 0, refused = 0;
        for (DeliveryStore.Result r : results) {
            switch (r.outcome()) {
                case "SENT" -> sent++;
                case "FAILED" -> failed++;
                case "REFUSED" -> refused++;
                default -> retrying++;
            }
        }
        for (DeliveryObserver o : observers) {
            o.sent(channel, took, sent, failed, retrying, refused);
        }
    }

    private void refuse(String channel, Key key, List<String[]> ids, String reason) {
        store.refuse(channel, ids.stream().map(p -> p[0]).toList(), reason);
        progress.check(key.itemId(), key.version(), key.action());
    }

    /** Every attachment's bytes on disk are the approved ones (read in full); otherwise what differs. */
    private Optional<String> changedAttachment(Clearance.Cleared cleared) {
        for (Attachment a : cleared.version().content().attachments()) {
            try {
                attachments.verify(a);
            } catch (AttachmentStore.AttachmentChangedException e) {
                return Optional.of(e.getMessage());
            } catch (java.io.IOException e) {
                return Optional.of("attachment " + a.name() + " cannot be read to check it against the approval: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The withdrawal of an item is planned from the deliveries sent when it is requested; a batch that was being sent
     * then is finished only now, so its targets are added to the withdrawal.
     */
    private void withdrawIfWithdrawnMeanwhile(String channel, Key key, List<Delivery> batch, List<DeliveryStore.Result> results) {
        Optional<Withdrawal> w = items.withdrawal(key.itemId());
        if (w.isEmpty() || w.get().version() < key.version()) {
            return;
        }
        Map<String, Delivery> byId = new HashMap<>();
        batch.forEach(d -> byId.put(d.id(), d));
        List<cn.gongkai.hub.channel.Target> sent = results.stream().filter(r -> "SENT".equals(r.outcome()))
                .map(r -> byId.get(r.deliveryId()).target()).toList();
        planner.withdrawLate(channel, key.itemId(), w.get().version(), sent);
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
                } else if (o.isRefused()) {
                    LOG.warn("Delivery {} to {} refused: {}", d.id(), d.target().id(), o.refusal());
                    gate.record(new Refusal(pub.itemId(), pub.version(), "deliver-" + channel.name(), o.refusal(), Instant.now()));
                    results.add(new DeliveryStore.Result(d.id(), d.attempt(), "REFUSED", "review gate: " + o.refusal(), 0, 0, null));
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
        } catch (cn.gongkai.hub.channel.ContentChangedException e) {
            LOG.warn("Channel {} refused {} deliveries of item {}: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            gate.record(new Refusal(pub.itemId(), pub.version(), "deliver-" + channel.name(), e.getMessage(), Instant.now()));
            batch.forEach(d -> results.add(new DeliveryStore.Result(d.id(), d.attempt(), "REFUSED", "review gate: " + e.getMessage(), 0, 0, null)));
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

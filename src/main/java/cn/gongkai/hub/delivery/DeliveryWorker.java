package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.ContentChangedException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.DeliveryRejectedException;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
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
 * Sends the deliveries of one stream read. Per publication it asks the review gate, which hands back the version it
 * checked (the message is rendered from that, never from a second read), and checks the attachment bytes against the
 * approval. Then, batch by batch, it claims the batch's deliveries (SENDING, recorded before anything leaves) just
 * before handing that batch to the channel, and records each outcome with the counters in one script; the rest of the
 * read stays PLANNED until its own batch, so a crash leaves at most one batch in doubt.
 *
 * <p>Outcomes: a receipt → SENT; {@link DeliveryRejectedException} or a per-target rejection → FAILED (no retry);
 * {@link ContentChangedException} → REFUSED; {@link ChannelUnavailableException} or an unexpected error → RETRYING
 * with exponential backoff and jitter, DEAD once the channel's max-attempts are used up. A delivery found SENDING
 * after a crash is resent where the channel says that is safe, otherwise marked IN_DOUBT for a person.
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
        this.channels = channels;
        this.store = store;
        this.gate = gate;
        this.publications = publications;
        this.progress = progress;
        this.items = items;
        this.attachments = attachments;
        this.planner = planner;
        this.observers = observers;
        this.consumer = instance.value();
    }

    /** The entries of one read that belong to one publication in one bucket. */
    private record Group(PublicationKey pub, int bucket, boolean redelivered) {
    }

    /** Called by {@code deliver-<channel>} routes with the stream entries the gate let through. */
    public void deliver(List<Map<String, String>> entries, String channelName) {
        Channel channel = channels.channel(channelName)
                .orElseThrow(() -> new IllegalStateException("no implementation for channel " + channelName));
        ChannelSettings settings = channels.settings(channelName)
                .orElseThrow(() -> new IllegalStateException("no channel-config for channel " + channelName));
        Map<Group, List<DeliveryRef>> groups = new LinkedHashMap<>();
        for (Map<String, String> e : entries) {
            DeliveryBatch b = DeliveryBatch.of(e);
            groups.computeIfAbsent(new Group(b.publication(), b.bucket(), b.redelivered()), g -> new ArrayList<>()).addAll(b.deliveries());
        }
        for (Map.Entry<Group, List<DeliveryRef>> g : groups.entrySet()) {
            if (!g.getValue().isEmpty()) {
                deliver(channel, settings, g.getKey(), g.getValue());
            }
        }
    }

    private void deliver(Channel channel, ChannelSettings settings, Group g, List<DeliveryRef> refs) {
        String name = channel.name();
        String route = "deliver-" + name;
        PublicationKey pub = g.pub();
        Clearance clearance = gate.clear(pub.itemId(), pub.version(), pub.action(), route);
        if (clearance instanceof Clearance.Refused r) {
            refuse(name, g, refs, "review gate: " + r.reason());
            return;
        }
        Clearance.Cleared cleared = (Clearance.Cleared) clearance;
        if (pub.action() == Action.PUBLISH) {
            Optional<String> changed = changedAttachment(cleared);
            if (changed.isPresent()) {
                gate.record(new Refusal(pub.itemId(), pub.version(), route, changed.get(), Instant.now()));
                refuse(name, g, refs, "review gate: " + changed.get());
                return;
            }
        }
        Publication publication = publications.of(cleared);
        int inDoubt = 0;
        int dead = 0;
        for (int from = 0; from < refs.size(); from += settings.batchSize()) {
            List<DeliveryRef> slice = refs.subList(from, Math.min(refs.size(), from + settings.batchSize()));
            List<Claim> claims = store.claim(name, g.bucket(), pub, slice, consumer, channel.resendSafe(), settings.maxAttempts(), g.redelivered());
            List<Delivery> batch = new ArrayList<>(claims.size());
            for (Claim c : claims) {
                switch (c.code()) {
                    case CLAIMED -> batch.add(new Delivery(c.deliveryId(), name, pub.itemId(), pub.version(), c.target(), c.attempt()));
                    case IN_DOUBT -> {
                        inDoubt++;
                        LOG.warn("Delivery {} is IN_DOUBT: a consumer stopped between sending and recording; {} cannot de-duplicate", c.deliveryId(), name);
                    }
                    case DEAD -> {
                        dead++;
                        LOG.error("Delivery {} is DEAD after {} attempts", c.deliveryId(), c.attempt());
                    }
                    default -> LOG.debug("Delivery {} not sent now: {}", c.deliveryId(), c.code());
                }
            }
            if (batch.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            List<Result> results = send(channel, settings, publication, batch);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            store.complete(name, g.bucket(), pub, settings.maxAttempts(), results);
            observe(name, took, results);
            if (pub.action() == Action.PUBLISH) {
                withdrawIfWithdrawnMeanwhile(name, pub, batch, results);
            }
        }
        if (inDoubt + dead > 0) {
            for (DeliveryObserver o : observers) {
                o.recovered(name, inDoubt, dead);
            }
        }
        progress.check(pub, name);
    }

    private void refuse(String channel, Group g, List<DeliveryRef> refs, String reason) {
        store.refuse(channel, g.bucket(), g.pub(), refs.stream().map(DeliveryRef::id).toList(), reason);
        progress.check(g.pub(), channel);
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
    private void withdrawIfWithdrawnMeanwhile(String channel, PublicationKey pub, List<Delivery> batch, List<Result> results) {
        Optional<Withdrawal> w = items.withdrawal(pub.itemId());
        if (w.isEmpty() || w.get().version() < pub.version()) {
            return;
        }
        Map<String, Delivery> byId = new HashMap<>();
        batch.forEach(d -> byId.put(d.id(), d));
        List<Target> sent = results.stream().filter(r -> r.outcome() == Outcome.SENT).map(r -> byId.get(r.deliveryId()).target()).toList();
        planner.withdrawLate(channel, pub.itemId(), w.get().version(), sent);
    }

    private void observe(String channel, Duration took, List<Result> results) {
        int sent = 0;
        int failed = 0;
        int retrying = 0;
        int refused = 0;
        for (Result r : results) {
            switch (r.outcome()) {
                case SENT -> sent++;
                case FAILED, SKIPPED -> failed++;
                case REFUSED -> refused++;
                case RETRY -> retrying++;
            }
        }
        for (DeliveryObserver o : observers) {
            o.sent(channel, took, sent, failed, retrying, refused);
        }
    }

    private List<Result> send(Channel channel, ChannelSettings settings, Publication pub, List<Delivery> batch) {
        String transport = settings.transport();
        List<Result> results = new ArrayList<>(batch.size());
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
                    results.add(new Result(d.id(), d.attempt(), Outcome.REFUSED, "review gate: " + o.refusal(), 0, 0, null, transport));
                } else if (o.isSent()) {
                    results.add(new Result(d.id(), d.attempt(), Outcome.SENT, o.receipt().reference(),
                            o.receipt().recipients(), o.receipt().parts(), null, transport));
                } else {
                    LOG.warn("Delivery {} to {} rejected: {}", d.id(), d.target().id(), o.rejection());
                    results.add(new Result(d.id(), d.attempt(), Outcome.FAILED, o.rejection(), 0, 0, null, transport));
                }
            }
        } catch (ChannelUnavailableException e) {
            LOG.warn("Channel {} unavailable for {} deliveries of item {}: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            batch.forEach(d -> results.add(retry(settings, d, e.getMessage())));
        } catch (ContentChangedException e) {
            LOG.warn("Channel {} refused {} deliveries of item {}: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            gate.record(new Refusal(pub.itemId(), pub.version(), "deliver-" + channel.name(), e.getMessage(), Instant.now()));
            batch.forEach(d -> results.add(new Result(d.id(), d.attempt(), Outcome.REFUSED, "review gate: " + e.getMessage(), 0, 0, null, transport)));
        } catch (DeliveryRejectedException e) {
            LOG.warn("Channel {} rejected {} deliveries of item {} for good: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            batch.forEach(d -> results.add(new Result(d.id(), d.attempt(), Outcome.FAILED, e.getMessage(), 0, 0, null, transport)));
        } catch (RuntimeException e) {
            LOG.error("Channel {} failed unexpectedly on item {}", channel.name(), pub.itemId(), e);
            batch.forEach(d -> results.add(retry(settings, d, "unexpected error: " + e)));
        }
        return results;
    }

    private static Result retry(ChannelSettings s, Delivery d, String reason) {
        return new Result(d.id(), d.attempt(), Outcome.RETRY, reason, 0, 0, Instant.now().plus(backoff(s, d.attempt())), s.transport());
    }

    /** initial × 2^(attempt-1), at most max, ±20% jitter so retries of one outage spread out. */
    static Duration backoff(ChannelSettings s, int attempt) {
        long base = s.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(base, s.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}

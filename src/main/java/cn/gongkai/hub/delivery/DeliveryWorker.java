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
import cn.gongkai.hub.channel.Rate;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transports;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.Withdrawal;
import cn.gongkai.hub.review.Clearance;
import cn.gongkai.hub.review.Refusal;
import cn.gongkai.hub.review.ReviewGate;
import cn.gongkai.hub.subscriber.OptOuts;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The steps of a channel's route that send ({@code routes/deliver-<channel>.camel.yaml} says their order):
 * <ol>
 *   <li>{@link #batches}: per publication of the stream read, ask the review gate, which hands back the version it
 *       checked (the message is rendered from that, never from a second read), check the attachment bytes against the
 *       approval, and cut the deliveries into batches of the channel's {@code batch-size};</li>
 *   <li>(quiet hours and the rate limit: {@link QuietHoursStep}, {@link RateLimitStep});</li>
 *   <li>{@link #send}: claim the batch (SENDING, recorded before anything leaves) just before it is handed to the
 *       transport — so a crash leaves at most one batch in doubt —, skip recipients who opted out, keep the per-target
 *       rate, and hand the rest to the channel;</li>
 *   <li>{@link #record}: write each outcome with the counters in one script;</li>
 *   <li>{@link #finish}: move the item's state on.</li>
 * </ol>
 * Outcomes: a receipt → SENT; a rejection → FAILED; not the approved content → REFUSED; unavailable or an unexpected
 * error → RETRYING with exponential backoff and jitter, DEAD once the channel's max-attempts are used up; may have gone
 * out (the answer never came) → IN_DOUBT; accepted but not final yet (pending) → RETRYING until the transport's
 * look-again time, without using an attempt. A delivery found SENDING after a crash is resent where the channel is
 * resend-safe, otherwise left IN_DOUBT for a person.
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
    private final OptOuts optOuts;
    private final RateLimiter limiter;
    private final HeldReleases releases;
    private final Receipts receipts;
    private final List<DeliveryObserver> observers;
    private final String consumer;

    DeliveryWorker(ChannelRegistry channels, DeliveryStore store, ReviewGate gate, Publications publications, ItemProgress progress,
                   ItemStore items, AttachmentStore attachments, DeliveryPlanner planner, OptOuts optOuts, RateLimiter limiter,
                   HeldReleases releases, Receipts receipts, List<DeliveryObserver> observers, InstanceId instance) {
        this.channels = channels;
        this.store = store;
        this.gate = gate;
        this.publications = publications;
        this.progress = progress;
        this.items = items;
        this.attachments = attachments;
        this.planner = planner;
        this.optOuts = optOuts;
        this.limiter = limiter;
        this.releases = releases;
        this.receipts = receipts;
        this.observers = observers;
        this.consumer = instance.value();
    }

    /** The entries of one read that belong to one publication in one bucket. */
    private record Group(PublicationKey pub, int bucket, boolean redelivered) {
    }

    /** Step 1: the stream entries the route's gate let through, as batches ready for the next steps. */
    public List<SendBatch> batches(List<Map<String, String>> entries, String channelName) {
        Channel channel = channels.channel(channelName)
                .orElseThrow(() -> new IllegalStateException("no implementation for channel " + channelName));
        ChannelSettings settings = channels.settings(channelName)
                .orElseThrow(() -> new IllegalStateException("no channel-config for channel " + channelName));
        Map<Group, List<DeliveryRef>> groups = new LinkedHashMap<>();
        for (Map<String, String> e : entries) {
            DeliveryBatch b = DeliveryBatch.of(e);
            groups.computeIfAbsent(new Group(b.publication(), b.bucket(), b.redelivered()), g -> new ArrayList<>()).addAll(b.deliveries());
        }
        List<SendBatch> out = new ArrayList<>();
        for (Map.Entry<Group, List<DeliveryRef>> g : groups.entrySet()) {
            Group key = g.getKey();
            Optional<Publication> publication = cleared(channelName, key, g.getValue());
            if (publication.isEmpty()) {
                continue;
            }
            List<DeliveryRef> refs = g.getValue();
            for (int from = 0; from < refs.size(); from += settings.batchSize()) {
                out.add(new SendBatch(channel, settings, key.pub(), key.bucket(), key.redelivered(), publication.get(),
                        refs.subList(from, Math.min(refs.size(), from + settings.batchSize()))));
            }
        }
        return out;
    }

    /** The publication to render, or empty when the gate refuses it (its deliveries then end REFUSED). */
    private Optional<Publication> cleared(String channel, Group g, List<DeliveryRef> refs) {
        String route = "deliver-" + channel;
        PublicationKey pub = g.pub();
        Clearance clearance = gate.clear(pub.itemId(), pub.version(), pub.action(), route);
        String refusal = clearance instanceof Clearance.Refused r ? r.reason() : null;
        if (refusal == null && pub.action() == Action.PUBLISH) {
            refusal = changedAttachment((Clearance.Cleared) clearance).orElse(null);
            if (refusal != null) {
                gate.record(new Refusal(pub.itemId(), pub.version(), route, refusal, Instant.now()));
            }
        }
        if (refusal != null) {
            store.refuse(channel, g.bucket(), pub, refs.stream().map(DeliveryRef::id).toList(), "review gate: " + refusal);
            progress.check(pub, channel);
            return Optional.empty();
        }
        return Optional.of(publications.of((Clearance.Cleared) clearance));
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
     * Step: claims what is waiting and sends it: recipients who opted out are skipped, a target over its own rate
     * ({@code rate-per-target}) is held for its slot, the rest go to the channel's transport.
     */
    public SendBatch send(SendBatch b) {
        if (b.waiting.isEmpty()) {
            return b;
        }
        String name = b.channelName();
        List<Claim> claims = store.claim(name, b.bucket, b.publicationKey, b.waiting, consumer, b.channel.resendSafe(),
                b.settings.maxAttempts(), b.redelivered);
        Map<String, DeliveryRef> refs = new HashMap<>();
        b.waiting.forEach(r -> refs.put(r.id(), r));
        b.waiting = List.of();
        List<Delivery> claimed = new ArrayList<>();
        for (Claim c : claims) {
            switch (c.code()) {
                case CLAIMED -> claimed.add(new Delivery(c.deliveryId(), name, b.publicationKey.itemId(), b.publicationKey.version(),
                        c.target(), c.attempt()));
                case IN_DOUBT -> {
                    b.inDoubt++;
                    LOG.warn("Delivery {} is IN_DOUBT: a consumer stopped between sending and recording; {} cannot de-duplicate", c.deliveryId(), name);
                }
                case DEAD -> {
                    b.dead++;
                    LOG.error("Delivery {} is DEAD after {} attempts", c.deliveryId(), c.attempt());
                }
                default -> LOG.debug("Delivery {} not sent now: {}", c.deliveryId(), c.code());
            }
        }
        String transport = b.settings.firstTransport();
        if (b.publicationKey.action() == Action.PUBLISH && !claimed.isEmpty()) {
            Set<String> out = optOuts.optedOut(name, claimed.stream().map(d -> d.target().address()).filter(a -> a != null && !a.isEmpty()).toList());
            if (!out.isEmpty()) {
                List<Delivery> keep = new ArrayList<>();
                for (Delivery d : claimed) {
                    if (out.contains(d.target().address())) {
                        b.results.add(new Result(d.id(), d.attempt(), Outcome.SKIPPED, "opted out", 0, 0, null, transport));
                    } else {
                        keep.add(d);
                    }
                }
                claimed = keep;
            }
        }
        if (b.publication.content().notice() != null && !claimed.isEmpty()) {
            // a person erased before their notice went out has no address left: nothing to send, nothing to retry
            List<Delivery> keep = new ArrayList<>();
            for (Delivery d : claimed) {
                if (d.target().address() == null || d.target().address().isEmpty()) {
                    b.results.add(new Result(d.id(), d.attempt(), Outcome.SKIPPED, "the subscriber was erased", 0, 0, null, transport));
                } else {
                    keep.add(d);
                }
            }
            claimed = keep;
        }
        claimed = perTarget(b, claimed, refs);
        if (claimed.isEmpty()) {
            return b;
        }
        b.claimed.addAll(claimed);
        long started = System.nanoTime();
        b.results.addAll(results(b, claimed));
        b.sendNanos = System.nanoTime() - started;
        return b;
    }

    /** Deliveries whose target is over {@code rate-per-target} are held for their slot (unclaimed); the rest go on. */
    private List<Delivery> perTarget(SendBatch b, List<Delivery> claimed, Map<String, DeliveryRef> refs) {
        Optional<Rate> rate = Rate.parse(b.settings.ratePerTarget());
        if (rate.isEmpty() || claimed.isEmpty()) {
            return claimed;
        }
        List<Delivery> go = new ArrayList<>();
        List<DeliveryStore.Held> held = new ArrayList<>();
        Instant now = Instant.now();
        for (Delivery d : claimed) {
            DeliveryRef ref = refs.get(d.id());
            if (ref != null && ref.reserved()) {
                go.add(d);
                continue;
            }
            RateLimiter.Reservation slot = limiter.reserve(b.channelName() + ":" + d.target().id(), rate.get(), 1);
            if (slot.dueNow(0)) {
                go.add(d);
            } else {
                held.add(new DeliveryStore.Held(d.id(), d.attempt() - 1, slot.due(0, now), true));
            }
        }
        if (!held.isEmpty()) {
            store.defer(b.channelName(), b.bucket, b.publicationKey, held, "rate limit " + rate.get() + " per target: waiting for its turn");
            releases.releaseAt(b.channelName(), b.bucket, held);
        }
        return go;
    }

    private List<Result> results(SendBatch b, List<Delivery> batch) {
        Channel channel = b.channel;
        ChannelSettings settings = b.settings;
        Publication pub = b.publication;
        String transport = settings.firstTransport();
        List<Result> results = new ArrayList<>(batch.size());
        Map<String, List<DeliveryStore.Held>> pending = new LinkedHashMap<>();
        try {
            Map<String, DeliveryOutcome> byId = new HashMap<>();
            for (DeliveryOutcome o : channel.send(pub, batch)) {
                byId.put(o.deliveryId(), o);
            }
            for (Delivery d : batch) {
                DeliveryOutcome o = byId.get(d.id());
                if (o == null) {
                    results.add(retry(settings, d, "the channel reported no outcome for this delivery", transport));
                    continue;
                }
                String by = o.transport() == null ? transport : o.transport();
                switch (o.kind()) {
                    case SENT -> {
                        results.add(new Result(d.id(), d.attempt(), Outcome.SENT, o.receipt().reference(),
                                o.receipt().recipients(), o.receipt().parts(), null, by));
                        for (String more : o.receipt().moreReferences()) {
                            b.moreReferences.computeIfAbsent(by, t -> new HashMap<>()).put(more, d.id());
                        }
                    }
                    case UNAVAILABLE -> results.add(retry(settings, d, o.reason(), by));
                    case IN_DOUBT -> {
                        LOG.warn("Delivery {} to {} may have gone out: {}", d.id(), d.target().id(), o.reason());
                        results.add(new Result(d.id(), d.attempt(), Outcome.IN_DOUBT, o.reason(), 0, 0, null, by));
                    }
                    case REFUSED -> {
                        LOG.warn("Delivery {} to {} refused: {}", d.id(), d.target().id(), o.reason());
                        gate.record(new Refusal(pub.itemId(), pub.version(), "deliver-" + channel.name(), o.reason(), Instant.now()));
                        results.add(new Result(d.id(), d.attempt(), Outcome.REFUSED, "review gate: " + o.reason(), 0, 0, null, by));
                    }
                    case SKIPPED -> results.add(new Result(d.id(), d.attempt(), Outcome.SKIPPED, o.reason(), 0, 0, null, by));
                    // held like a rate limit's later slot: RETRYING until then, the attempt given back
                    case PENDING -> pending.computeIfAbsent(o.reason(), r -> new ArrayList<>())
                            .add(new DeliveryStore.Held(d.id(), d.attempt() - 1, Instant.now().plus(o.lookAgainIn()), false));
                    case REJECTED -> {
                        LOG.warn("Delivery {} to {} rejected: {}", d.id(), d.target().id(), o.reason());
                        results.add(new Result(d.id(), d.attempt(), Outcome.FAILED, o.reason(), 0, 0, null, by));
                    }
                }
            }
        } catch (ChannelUnavailableException e) {
            LOG.warn("Channel {} unavailable for {} deliveries of item {}: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            batch.forEach(d -> results.add(retry(settings, d, e.getMessage(), transport)));
        } catch (ContentChangedException e) {
            LOG.warn("Channel {} refused {} deliveries of item {}: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            gate.record(new Refusal(pub.itemId(), pub.version(), "deliver-" + channel.name(), e.getMessage(), Instant.now()));
            batch.forEach(d -> results.add(new Result(d.id(), d.attempt(), Outcome.REFUSED, "review gate: " + e.getMessage(), 0, 0, null, transport)));
        } catch (DeliveryRejectedException e) {
            LOG.warn("Channel {} rejected {} deliveries of item {} for good: {}", channel.name(), batch.size(), pub.itemId(), e.getMessage());
            batch.forEach(d -> results.add(new Result(d.id(), d.attempt(), Outcome.FAILED, e.getMessage(), 0, 0, null, transport)));
        } catch (RuntimeException e) {
            LOG.error("Channel {} failed unexpectedly on item {}", channel.name(), pub.itemId(), e);
            batch.forEach(d -> results.add(retry(settings, d, "unexpected error: " + e, transport)));
        }
        pending.forEach((reason, held) -> {
            store.defer(b.channelName(), b.bucket, b.publicationKey, held, reason);
            releases.releaseAt(b.channelName(), b.bucket, held);
        });
        return results;
    }

    /** Step: writes every result of the batch with the counters in one script; remembers the vendors' message ids. */
    public SendBatch record(SendBatch b) {
        if (b.results.isEmpty()) {
            observeRecovered(b);
            return b;
        }
        String name = b.channelName();
        store.complete(name, b.bucket, b.publicationKey, b.settings.maxAttempts(), b.results);
        Map<String, Map<String, String>> references = new HashMap<>();
        for (Result r : b.results) {
            if (r.outcome() == Outcome.SENT && r.info() != null && !Transports.BUILT_IN_NAMES.contains(r.transport())) {
                references.computeIfAbsent(r.transport(), t -> new HashMap<>()).put(r.info(), r.deliveryId());
            }
        }
        b.moreReferences.forEach((transport, refs) -> references.computeIfAbsent(transport, t -> new HashMap<>()).putAll(refs));
        references.forEach((transport, refs) -> {
            store.remember(name, transport, refs);
            receipts.applyEarly(name, transport, refs);
        });
        observe(name, Duration.ofNanos(b.sendNanos), b.results);
        observeRecovered(b);
        if (b.publicationKey.action() == Action.PUBLISH) {
            withdrawIfWithdrawnMeanwhile(b);
        }
        return b;
    }

    /** After the batches: the item's state moves on if its publication has finished. */
    public void finish(List<SendBatch> batches) {
        Set<String> seen = new LinkedHashSet<>();
        for (SendBatch b : batches) {
            if (seen.add(b.channelName() + "|" + b.publicationKey)) {
                progress.check(b.publicationKey, b.channelName());
            }
        }
    }

    /**
     * The withdrawal of an item is planned from the deliveries sent when it is requested; a batch that was being sent
     * then is finished only now, so its targets are added to the withdrawal.
     */
    private void withdrawIfWithdrawnMeanwhile(SendBatch b) {
        Optional<Withdrawal> w = items.withdrawal(b.publicationKey.itemId());
        if (w.isEmpty() || w.get().version() < b.publicationKey.version()) {
            return;
        }
        Map<String, Delivery> byId = new HashMap<>();
        b.claimed.forEach(d -> byId.put(d.id(), d));
        List<Target> sent = b.results.stream().filter(r -> r.outcome() == Outcome.SENT && byId.containsKey(r.deliveryId()))
                .map(r -> byId.get(r.deliveryId()).target()).toList();
        planner.withdrawLate(b.channelName(), b.publicationKey.itemId(), w.get().version(), sent);
    }

    private void observeRecovered(SendBatch b) {
        if (b.inDoubt + b.dead > 0) {
            for (DeliveryObserver o : observers) {
                o.recovered(b.channelName(), b.inDoubt, b.dead);
            }
        }
    }

    private void observe(String channel, Duration took, List<Result> results) {
        int sent = 0;
        int failed = 0;
        int skipped = 0;
        int inDoubt = 0;
        int retrying = 0;
        int refused = 0;
        for (Result r : results) {
            switch (r.outcome()) {
                case SENT -> sent++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                case IN_DOUBT -> inDoubt++;
                case REFUSED -> refused++;
                case RETRY -> retrying++;
            }
        }
        DeliveryObserver.Tally tally = new DeliveryObserver.Tally(sent, failed, skipped, inDoubt, retrying, refused);
        for (DeliveryObserver o : observers) {
            o.sent(channel, took, tally);
        }
    }

    private static Result retry(ChannelSettings s, Delivery d, String reason, String transport) {
        return new Result(d.id(), d.attempt(), Outcome.RETRY, reason, 0, 0, Instant.now().plus(backoff(s, d.attempt())), transport);
    }

    /** initial × 2^(attempt-1), at most max, ±20% jitter so retries of one outage spread out. */
    static Duration backoff(ChannelSettings s, int attempt) {
        long base = s.initialBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(base, s.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}

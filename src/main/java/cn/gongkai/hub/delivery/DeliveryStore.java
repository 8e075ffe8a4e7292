package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.TargetSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where deliveries live. A channel's deliveries are spread over {@link Buckets} (one Redis Cluster slot each); every
 * state change of a delivery, its indexes and its counters happen in one step of one bucket, so counters always equal
 * the records.
 */
public interface DeliveryStore {

    /** Deterministic: planning the same publication twice gives the same ids. {@code <channel>.<24 hex>}. */
    static String deliveryId(String channel, String itemId, int version, String action, String targetId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((itemId + "|" + version + "|" + action + "|" + targetId)
                    .getBytes(StandardCharsets.UTF_8));
            return channel + "." + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String channelOf(String deliveryId) {
        int dot = deliveryId == null ? -1 : deliveryId.lastIndexOf('.');
        return dot <= 0 || !deliveryId.substring(dot + 1).matches("[0-9a-f]{8,64}") ? null : deliveryId.substring(0, dot);
    }

    // planning

    /**
     * Writes the deliveries of one page of targets (one short script per bucket they fall into), skipping those that
     * exist; the new ones are put on their buckets' streams at once. Returns how many were new.
     */
    int plan(String channel, PublicationKey pub, List<Target> targets);

    /** Deliveries of an item ({@link #KIND_ITEM}) or of a targeted notice ({@link #KIND_NOTICE}): counted apart. */
    int plan(String channel, PublicationKey pub, List<Target> targets, String kind);

    String KIND_ITEM = "item";
    String KIND_NOTICE = "notice";
    /** The prefix of a notice's counter fields ({@code notice.messages}) and of its member in the items of a period. */
    String NOTICE_PREFIX = "notice.";
    String NOTICE_MEMBER = "notice:";

    /** How far planning a publication on a channel got; empty before its first page. */
    Optional<PlanState> planState(String channel, PublicationKey pub);

    /** Records that planning got past {@code cursor} (null: the source is exhausted, the plan is complete). */
    void planAdvanced(String channel, PublicationKey pub, String cursor);

    /** Planning ends before the source is exhausted (the gate refused the rest): complete, with why. */
    void planStopped(String channel, PublicationKey pub, String reason);

    /** @param stopped why planning ended early, or null */
    record PlanState(String cursor, boolean complete, String stopped) {
    }

    // sending

    /** Claims the deliveries of one batch (all of one publication in one bucket) just before they are sent. */
    List<Claim> claim(String channel, int bucket, PublicationKey pub, List<DeliveryRef> refs, String consumer, boolean resendSafe,
                      int maxAttempts, boolean redelivered);

    /** Records the results of a batch with the counters; returns how many were recorded. */
    int complete(String channel, int bucket, PublicationKey pub, int maxAttempts, List<Result> results);

    /**
     * Holds deliveries back until their due time without using an attempt (quiet hours, a rate limit's later slot):
     * RETRYING, back through the retry schedule. One claimed for this batch and not sent is unclaimed. Returns how many.
     */
    int defer(String channel, int bucket, PublicationKey pub, List<Held> held, String reason);

    /** @param reserved its rate-limit slot is taken: the limit lets it through when it comes back */
    record Held(String id, int attempt, java.time.Instant due, boolean reserved) {
    }

    /** Ends PLANNED or RETRYING deliveries as REFUSED; returns how many. */
    int refuse(String channel, int bucket, PublicationKey pub, List<String> deliveryIds, String reason);

    /** Puts due retries of every bucket back on their streams; returns how many. */
    long releaseRetries(String channel, int limit);

    /**
     * Puts these deliveries of one bucket back on its stream if they are due (held ones, at their slot); those not
     * due or no longer held are left alone, so this and {@link #releaseRetries} never release one twice.
     */
    long releaseHeld(String channel, int bucket, List<String> deliveryIds);

    /**
     * A person's retry (DEAD, FAILED) or resend (IN_DOUBT): back to RETRYING and onto its stream.
     *
     * @return the state it left; empty when there is no such delivery
     * @throws IllegalStateException the delivery is in a state {@code allowed} does not name
     */
    Optional<DeliveryState> requeue(String deliveryId, List<DeliveryState> allowed, String by);

    // receipts

    /** Remembers which delivery a vendor's message id belongs to, for the receipts that come later. */
    void remember(String channel, String transport, Map<String, String> referenceToDelivery);

    /** The delivery a vendor's message id belongs to. */
    Optional<String> byReference(String channel, String transport, String reference);

    /** Keeps a receipt whose message id the hub does not know yet (it came before the send was recorded), for 7 days. */
    void keepEarlyReceipt(String channel, String transport, String reference, DeliveryReceipt receipt);

    /** Takes the early receipts kept for these message ids (removing them); reference → receipt. */
    Map<String, DeliveryReceipt> takeEarlyReceipts(String channel, String transport, java.util.Collection<String> references);

    /**
     * Records a delivery receipt (DELIVRD, UNDELIV, …) on a SENT delivery; a first DELIVRD counts as delivered in the
     * period of its time. Returns false when the delivery does not exist.
     */
    boolean receipt(String deliveryId, DeliveryReceipt receipt);

    /**
     * Takes the address off these deliveries where they exist (the person they went to was erased); the delivery, its
     * state and its counts stay. Returns how many existed.
     */
    int redactTargets(List<String> deliveryIds);

    // reading

    Optional<DeliveryRecord> find(String deliveryId);

    /** A page of one channel's deliveries in a listed state, in the order they entered it, after {@code after}. */
    StatePage inState(String channel, DeliveryState state, String after, int limit);

    /** @param last the cursor of the last item ({@code <13-digit ms>|<id>}), null when the page is empty */
    record StatePage(List<DeliveryRecord> items, String last) {
    }

    /** Planned and finished deliveries of a publication on a channel, summed over the buckets. */
    Progress progress(String channel, PublicationKey pub);

    /**
     * @param terminal count per terminal state name
     * @param stopped  why planning ended before every target was planned, or null
     * @param delivered SENT deliveries with a first DELIVRD receipt
     */
    record Progress(long planned, boolean planComplete, String stopped, Map<String, Long> terminal, long delivered) {
        public Progress(long planned, boolean planComplete, String stopped, Map<String, Long> terminal) {
            this(planned, planComplete, stopped, terminal, 0);
        }

        public long done() {
            return terminal.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** An item's deliveries on a channel: counts by state over all its publications, and the first problems. */
    ItemDeliveries item(String channel, String itemId, int maxProblems);

    record ItemDeliveries(long total, Map<String, Long> byState, List<DeliveryRecord> problems) {
    }

    /**
     * The targets that were sent, may have been sent (IN_DOUBT) or are being sent a publication of the item on the
     * channel: what a withdrawal goes to, page by page.
     */
    TargetSource reached(String channel, String itemId);

    /**
     * Every delivery of an item on a channel, read from the records themselves (the item's delivery sets, a page at a
     * time), for recounting the counters.
     */
    void recount(String channel, String itemId, java.util.function.Consumer<DeliveryFacts> each);

    /** What a recount needs of one delivery record. */
    record DeliveryFacts(String id, String itemId, String kind, String action, String state, String sentAt, String updatedAt,
                         int recipients, int parts, String receiptStatus, String receiptAt) {
    }

    /** A channel's counters of one period, summed over the buckets (without {@code items}: see {@link #countedItems}). */
    Map<String, Long> counters(String channel, String period);

    /** The items that had a message out on the channel in the period (distinct over the buckets). */
    Set<String> countedItems(String channel, String period);
}

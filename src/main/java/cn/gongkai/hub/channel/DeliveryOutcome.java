package cn.gongkai.hub.channel;

/**
 * Outcome of one delivery inside a batch:
 * <ul>
 *   <li>{@code SENT}: a receipt (the vendor's reference);</li>
 *   <li>{@code REJECTED}: refused for good for that one target (a bad number in an SMS batch) while the others went out;</li>
 *   <li>{@code UNAVAILABLE}: not sent now (the channel went away part-way, a provider throttled): retry later, or fail
 *       over to the next provider — it certainly did not go out;</li>
 *   <li>{@code IN_DOUBT}: may have gone out (the request was sent, the answer never came): never retried or failed over
 *       automatically, a person decides;</li>
 *   <li>{@code REFUSED}: not sent because it would not have been what was approved;</li>
 *   <li>{@code SKIPPED}: not sent on purpose (the recipient opted out);</li>
 *   <li>{@code PENDING}: accepted by the vendor, the result is not final yet (a WeChat publication still in
 *       review): the engine holds the delivery and hands it to the transport again after {@code lookAgainIn},
 *       without using an attempt and without holding a consumer thread; the transport then looks, it does not send
 *       again.</li>
 * </ul>
 *
 * @param reason      why, for every kind but SENT
 * @param transport   the transport that produced it (set by the channel's transport chain)
 * @param lookAgainIn PENDING only: when to hand the delivery to the transport again
 */
public record DeliveryOutcome(String deliveryId, Kind kind, Receipt receipt, String reason, String transport, java.time.Duration lookAgainIn) {

    public enum Kind { SENT, REJECTED, UNAVAILABLE, IN_DOUBT, REFUSED, SKIPPED, PENDING }

    public DeliveryOutcome(String deliveryId, Kind kind, Receipt receipt, String reason, String transport) {
        this(deliveryId, kind, receipt, reason, transport, null);
    }

    public static DeliveryOutcome sent(Receipt receipt) {
        return new DeliveryOutcome(receipt.deliveryId(), Kind.SENT, receipt, null, null);
    }

    public static DeliveryOutcome rejected(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, Kind.REJECTED, null, reason, null);
    }

    public static DeliveryOutcome unavailable(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, Kind.UNAVAILABLE, null, reason == null ? "channel unavailable" : reason, null);
    }

    public static DeliveryOutcome inDoubt(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, Kind.IN_DOUBT, null, reason, null);
    }

    public static DeliveryOutcome refused(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, Kind.REFUSED, null, reason, null);
    }

    public static DeliveryOutcome skipped(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, Kind.SKIPPED, null, reason, null);
    }

    /** Not final yet: the transport is to look again after {@code lookAgainIn} (at least a millisecond). */
    public static DeliveryOutcome pending(String deliveryId, String reason, java.time.Duration lookAgainIn) {
        java.time.Duration after = lookAgainIn == null || lookAgainIn.isNegative() || lookAgainIn.isZero() ? java.time.Duration.ofMillis(1) : lookAgainIn;
        return new DeliveryOutcome(deliveryId, Kind.PENDING, null, reason, null, after);
    }

    /** The same outcome, produced by {@code name} (kept when one is set already). */
    public DeliveryOutcome by(String name) {
        return transport != null ? this : new DeliveryOutcome(deliveryId, kind, receipt, reason, name, lookAgainIn);
    }

    public boolean isSent() {
        return kind == Kind.SENT;
    }

    public boolean isUnavailable() {
        return kind == Kind.UNAVAILABLE;
    }

    public boolean isRefused() {
        return kind == Kind.REFUSED;
    }

    public String rejection() {
        return kind == Kind.REJECTED ? reason : null;
    }

    public String unavailable() {
        return kind == Kind.UNAVAILABLE ? reason : null;
    }

    public String refusal() {
        return kind == Kind.REFUSED ? reason : null;
    }
}

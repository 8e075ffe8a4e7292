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
 *   <li>{@code SKIPPED}: not sent on purpose (the recipient opted out).</li>
 * </ul>
 *
 * @param reason    why, for every kind but SENT
 * @param transport the transport that produced it (set by the channel's transport chain)
 */
public record DeliveryOutcome(String deliveryId, Kind kind, Receipt receipt, String reason, String transport) {

    public enum Kind { SENT, REJECTED, UNAVAILABLE, IN_DOUBT, REFUSED, SKIPPED }

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

    /** The same outcome, produced by {@code name} (kept when one is set already). */
    public DeliveryOutcome by(String name) {
        return transport != null ? this : new DeliveryOutcome(deliveryId, kind, receipt, reason, name);
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

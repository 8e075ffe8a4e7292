package cn.gongkai.hub.channel;

/**
 * Outcome of one delivery inside a batch: a receipt; a permanent rejection of that one target (a bad number in an
 * SMS batch) while the others went out; "unavailable": not sent now, retry this one later (the channel went
 * away part-way through the batch); or "refused": not sent because it would not have been what was approved.
 */
public record DeliveryOutcome(String deliveryId, Receipt receipt, String rejection, String unavailable, String refusal) {

    public static DeliveryOutcome sent(Receipt receipt) {
        return new DeliveryOutcome(receipt.deliveryId(), receipt, null, null, null);
    }

    public static DeliveryOutcome rejected(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, null, reason, null, null);
    }

    public static DeliveryOutcome unavailable(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, null, null, reason == null ? "channel unavailable" : reason, null);
    }

    public static DeliveryOutcome refused(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, null, null, null, reason);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    public boolean isSent() {
        return receipt != null;
    }

    public boolean isUnavailable() {
        return unavailable != null;
    }
}

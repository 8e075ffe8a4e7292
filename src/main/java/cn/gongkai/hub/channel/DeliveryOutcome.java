package cn.gongkai.hub.channel;

/**
 * Outcome of one delivery inside a batch: either a receipt, or a permanent rejection of that one target
 * (a bad number in an SMS batch) while the others went out.
 */
public record DeliveryOutcome(String deliveryId, Receipt receipt, String rejection) {

    public static DeliveryOutcome sent(Receipt receipt) {
        return new DeliveryOutcome(receipt.deliveryId(), receipt, null);
    }

    public static DeliveryOutcome rejected(String deliveryId, String reason) {
        return new DeliveryOutcome(deliveryId, null, reason);
    }

    public boolean isSent() {
        return receipt != null;
    }
}

package cn.gongkai.hub.delivery;

/**
 * A delivery named in a stream entry, with the attempt it had when the entry was written (an older copy is stale).
 *
 * @param reserved its rate-limit slot was reserved when it was held back: the limit lets it through
 */
public record DeliveryRef(String id, int attempt, boolean reserved) {

    public DeliveryRef(String id, int attempt) {
        this(id, attempt, false);
    }
}

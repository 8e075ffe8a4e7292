package cn.gongkai.hub.delivery;

/** A delivery named in a stream entry, with the attempt it had when the entry was written (an older copy is stale). */
public record DeliveryRef(String id, int attempt) {
}

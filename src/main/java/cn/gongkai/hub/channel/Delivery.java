package cn.gongkai.hub.channel;

/**
 * One message to one target. The id is deterministic for (item, version, channel, target, action) and doubles
 * as the idempotency key sent to vendors that accept one.
 *
 * @param attempt 1 for the first try, counting up on every retry or recovery
 */
public record Delivery(String id, String channel, String itemId, int version, Target target, int attempt) {
}

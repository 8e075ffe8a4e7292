package cn.gongkai.hub.item;

import java.time.Instant;

/** One stored version of an item: never changed once written. */
public record ItemVersion(String itemId, int version, ItemContent content, String contentHash, String author, Instant createdAt) {
}

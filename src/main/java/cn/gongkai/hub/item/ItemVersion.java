package cn.gongkai.hub.item;

import java.time.Instant;

/**
 * One stored version of an item: never changed once written.
 *
 * @param indexNumber 索引号, fixed when the item is created and shown by every channel, so it is part of the hash
 * @param contentHash {@link ContentHash#of(String, ItemContent)} of this version, the value reviewers approve
 */
public record ItemVersion(String itemId, int version, String indexNumber, ItemContent content, String contentHash, String author,
                          Instant createdAt) {

    /** Whether the stored content still hashes to the hash recorded when the version was written. */
    public boolean intact() {
        return ContentHash.of(indexNumber, content).equals(contentHash);
    }
}

package cn.gongkai.hub.item;

/**
 * A file attached to an item. The bytes live on disk under the data dir, named by {@code sha256};
 * the content hash of the item covers the name and the bytes' hash.
 */
public record Attachment(String name, String contentType, long size, String sha256) {
}

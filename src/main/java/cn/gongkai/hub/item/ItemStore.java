package cn.gongkai.hub.item;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where items and their versions live. Versions are written once and never changed. */
public interface ItemStore {

    Item create(ItemContent content, String author);

    /**
     * Writes version {@code expectedVersion + 1} and moves the item back to DRAFT (every review of older versions
     * stops counting). Empty when another edit got there first.
     */
    Optional<Item> addVersion(String itemId, int expectedVersion, ItemContent content, String author);

    Optional<Item> find(String itemId);

    Optional<ItemVersion> version(String itemId, int version);

    /**
     * Moves the item from one of {@code from} to {@code to} if its current version is still {@code version}.
     *
     * @return false when the item is in another state or has a newer version
     */
    boolean transition(String itemId, int version, Set<ItemState> from, ItemState to, String reason);

    /** Sets {@code publishedVersion} (the version that went out). */
    void markPublished(String itemId, int version);

    /** Lifecycle fields kept beside the state (publication in progress, schedule). */
    void setFields(String itemId, java.util.Map<String, String> fields);

    java.util.Map<String, String> fields(String itemId);

    /** Ids of all items, newest first. */
    List<String> ids(long offset, long count);

    long count();
}

package cn.gongkai.hub.item;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where items and their versions live. Versions are written once and never changed. */
public interface ItemStore {

    /** Writes a new item with version 1 and a fresh 索引号. */
    Item create(ItemContent content, String author);

    /**
     * Writes version {@code expectedVersion + 1} and moves the item back to DRAFT (every review of older versions
     * stops counting). Empty when another edit got there first.
     */
    Optional<Item> addVersion(String itemId, int expectedVersion, ItemContent content, String author);

    default Optional<Item> find(String itemId) {
        return load(itemId).map(Loaded::item);
    }

    /** The item and its current version, from one read of each. */
    Optional<Loaded> load(String itemId);

    record Loaded(Item item, ItemVersion current) {
    }

    Optional<ItemVersion> version(String itemId, int version);

    /**
     * Moves the item from one of {@code from} to {@code to} if its current version is still {@code version}.
     *
     * @return false when the item is in another state or has a newer version
     */
    boolean transition(String itemId, int version, Set<ItemState> from, ItemState to, String reason);

    /**
     * The current version starts going out on {@code channels}: PUBLISHING, live version set, schedule cleared.
     *
     * @return false when the version is not current, was withdrawn, or is not APPROVED, PUBLISHED,
     * PARTIALLY_PUBLISHED or PUBLISHING
     */
    boolean startPublishing(String itemId, int version, List<String> channels);

    /** The publication under way or finished last; empty if the item never started one. */
    Optional<PublishRun> publishing(String itemId);

    /** A publication refused before anything went out: back to the state it started from, with the reason. */
    boolean abandonPublishing(String itemId, int version, String reason);

    /** Every delivery of the run finished: {@code PUBLISHED} or {@code PARTIALLY_PUBLISHED}. */
    boolean finishPublishing(String itemId, int version, ItemState outcome, String reason);

    /**
     * When each version of the item was first published: the first time its publication finished PUBLISHED or
     * PARTIALLY_PUBLISHED (a later publication of the same version does not move it). Versions never published, and
     * publications finished before the hub recorded these times, are absent.
     */
    java.util.SortedMap<Integer, Instant> publishedAt(String itemId);

    /** Records when a scheduled publication of the current version is due. */
    void scheduled(String itemId, Instant at);

    /**
     * Withdraws what is live: the current version when it is APPROVED, PUBLISHING, PUBLISHED or PARTIALLY_PUBLISHED,
     * otherwise the version published last (a newer draft keeps its own state). Refused when that is not
     * {@code expectedVersion} any more (see {@link #withdrawable}).
     */
    WithdrawOutcome withdraw(String itemId, int expectedVersion, String reason, String by);

    /** The version {@link #withdraw} would withdraw now, by the same rule; 0 when there is none. */
    static int withdrawable(Item item) {
        boolean live = item.state() == ItemState.APPROVED || item.state() == ItemState.PUBLISHING
                || item.state() == ItemState.PUBLISHED || item.state() == ItemState.PARTIALLY_PUBLISHED;
        return live ? item.version() : item.publishedVersion();
    }

    /** The item's last withdrawal, read alone (cheap enough to ask after every batch). */
    Optional<Withdrawal> withdrawal(String itemId);

    /**
     * The result of {@link #withdraw}.
     *
     * @param withdrawn the withdrawal recorded now, or null when refused
     * @param refusal   why nothing was withdrawn: the item does not exist, was never approved or published, or the
     *                  live version is already withdrawn
     */
    record WithdrawOutcome(Withdrawal withdrawn, String refusal) {
    }

    /** Ids of all items, newest first. */
    List<String> ids(long offset, long count);

    long count();
}

package cn.gongkai.hub.channel.website;

import java.util.List;
import java.util.Optional;

/**
 * The static site's index: which items are online, in which column, newest first. Kept in Redis so that every hub
 * instance writes the same column pages, and so that a rebuild knows what belongs on the site. Lists are read a page at
 * a time: nothing here loads a whole column.
 */
public interface SiteIndex {

    Optional<SiteEntry> entry(String itemId);

    /**
     * Puts the item online or replaces its entry; keeps the first {@code published} of an entry already there. Does
     * nothing when a newer version of the item is online.
     */
    Put put(SiteEntry entry);

    /** What {@link #put} did: the entry stored (or the newer one kept), the one it replaced, whether it was newer. */
    record Put(SiteEntry stored, Optional<SiteEntry> previous, boolean superseded) {
    }

    /** Takes the item off the site unless a version newer than {@code version} is online; returns the entry removed. */
    Optional<SiteEntry> remove(String itemId, int version);

    long count();

    long count(String column);

    /** Items online, newest first, from {@code offset}. */
    List<SiteEntry> latest(long offset, int count);

    /** Items of one column, newest first, from {@code offset}. */
    List<SiteEntry> column(String column, long offset, int count);

    /** Rises with every change; a page rendered while it moved may be stale. */
    long generation();
}

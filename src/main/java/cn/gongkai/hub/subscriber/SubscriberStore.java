package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.item.Notice;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where subscribers live: records spread over slot buckets, a sorted set of ids per bucket and per tag in it (so a
 * segment is set algebra inside one bucket), and one index per address kind (mobile, e-mail, openid, QQ) that makes
 * imports idempotent. Every call is bounded: lists come a page at a time, batches are pipelined.
 */
public interface SubscriberStore {

    /** The bucket a subscriber id lives in. */
    int bucketOf(String id);

    int buckets();

    /** {@code n} new ids. */
    List<String> newIds(int n);

    /** The subscriber ids the addresses belong to (same order; empty where none). */
    List<Optional<String>> idsByAddress(Reach kind, List<String> addresses);

    /**
     * Makes each address point at its id unless it points at another already; returns the id each address points at
     * afterwards (the given one, or the one that was there).
     */
    List<String> claimAddresses(Reach kind, List<Map.Entry<String, String>> addressToId);

    /** Removes each address's entry if it still points at the given id (an address changed or erased). */
    void releaseAddresses(Reach kind, List<Map.Entry<String, String>> addressToId);

    Optional<Subscriber> find(String id);

    /** The records of these ids (missing ones left out), in the given order. */
    List<Subscriber> findAll(List<String> ids);

    /**
     * Writes each subscriber with its bucket's indexes, if its record is still {@code previous} (null: it must not
     * exist). Returns, in order, whether each was written; one not written was changed meanwhile.
     */
    List<Boolean> put(List<Write> writes);

    record Write(Subscriber next, Subscriber previous) {
    }

    /** Deletes the record and its index entries (the person's data); true when there was one. */
    boolean delete(Subscriber s);

    /** Up to {@code limit} subscribers (with {@code tag}, or all) after {@code cursor}, in a stable order. */
    Page page(String tag, String cursor, int limit);

    record Page(List<Subscriber> items, String nextCursor) {
    }

    long count();

    /** Adds to the anonymous counts kept after erasures (a field per fact: {@code erased}, {@code tag:区域:崇川区}). */
    void countErasure(Map<String, Long> facts);

    Map<String, Long> erasureCounts();

    // segments

    /** Resolves the segment into the snapshot {@code name} (one script per bucket), kept for {@code ttlSeconds}; returns its size. */
    long resolve(Notice.Segment segment, String name, long ttlSeconds);

    /** The snapshot's ids after {@code cursor} (bucket by bucket), up to {@code limit}. */
    IdPage segmentPage(String name, String cursor, int limit);

    record IdPage(List<String> ids, String next) {
    }

    boolean segmentExists(String name);

    void dropSegment(String name);
}

package cn.gongkai.hub.subscriber;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the hub keeps about a notice publication beyond its deliveries: how many people its segment held when it was
 * resolved, and the people it skipped on each channel with why (each person and channel once, however often a page
 * is planned again after a crash).
 */
public interface NoticeRecords {

    /** @param publication {@code <itemId>:<version>}; remembered among {@link #publications()} */
    void resolved(String publication, long targeted, long tookMillis);

    /** Every notice publication whose segment was resolved ({@code <itemId>:<version>}), for erasing a person's traces. */
    java.util.Set<String> publications();

    Optional<Facts> facts(String publication);

    record Facts(long targeted, String resolvedAt, long tookMillis) {
    }

    /** Records skips of people of one bucket; {@code channel} null for a person reached on no channel. */
    void skipped(int bucket, String publication, List<Skipped> skips);

    record Skipped(String subscriberId, Reach channel, SkipReason reason) {
    }

    /** The skips by channel wire name ({@code *}: reached on no channel) and reason. */
    Map<String, Map<SkipReason, Long>> skipCounts(String publication);
}

package cn.gongkai.hub.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * The way into the {@code publish} stream: every request is first kept in the schedule (at its {@code publishAt}, or a
 * grace period ahead for an immediate one), the item's state changes, then the request is released. A caller that
 * stops between those steps leaves a request the schedule releases later, never a state change with no request.
 */
interface PublicationQueue {
    /** How long an immediate request waits in the schedule before another instance carries it out instead. */
    Duration GRACE = Duration.ofSeconds(30);

    /** Keeps the request until {@code due}. */
    void enqueue(PublicationRequest r, Instant due);

    /** Keeps an immediate request for the grace period, as a safety copy until {@link #release}. */
    default void hold(PublicationRequest r) {
        enqueue(r, Instant.now().plus(GRACE));
    }

    /** Puts the request on the stream now and drops its scheduled copy. */
    void release(PublicationRequest r);

    /** Puts a request straight back on the stream (the next pages of a large plan), behind what is waiting. */
    void continueLater(PublicationRequest r);

    /** Drops a request that will not be carried out. */
    void cancel(PublicationRequest r);

    /** Moves up to {@code limit} due requests onto the stream; returns how many moved. */
    long releaseDue(int limit);
}

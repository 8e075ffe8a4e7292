package cn.gongkai.hub.delivery;

/** What {@code lua/delivery/claim.lua} did with one delivery of a batch. */
public enum ClaimCode {
    /** now SENDING: hand it to the transport */
    CLAIMED,
    /** found SENDING after a crash on a channel that cannot de-duplicate: left for a person */
    IN_DOUBT,
    /** found SENDING after a crash with its attempts used up */
    DEAD,
    /** the entry is an older copy (the delivery moved on to another attempt) */
    STALE,
    /** finished, or being sent by someone else */
    SKIP,
    /** no such delivery */
    MISSING
}

package cn.gongkai.hub.delivery;

/** What is recorded for a delivery after its transport answered ({@code lua/delivery/complete.lua}). */
public enum Outcome {
    /** it went out; the info is the vendor's reference */
    SENT,
    /** refused for good by the vendor (a bad number); not retried */
    FAILED,
    /** not sent on purpose (opted out, no consent, quota); counted apart */
    SKIPPED,
    /** not sent: it would not have been what was approved */
    REFUSED,
    /** may have gone out (the vendor's answer never came): a person decides */
    IN_DOUBT,
    /** not sent now: retried after a backoff, DEAD once the attempts are used up */
    RETRY
}

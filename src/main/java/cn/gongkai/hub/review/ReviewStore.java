package cn.gongkai.hub.review;

import cn.gongkai.hub.review.scan.Finding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the review of each item version is kept: the scan at submission, the round of reviews with its waivers, the
 * final approval, the append-only review record (per item and office-wide by time) and the gate's refusals.
 * Every check-then-write of the workflow is one atomic step of the store.
 */
public interface ReviewStore {

    /** The state of one version's review as last written. */
    record Round(List<Finding> findings, boolean submitted, String firstBy, List<Waiver> waivers) {
    }

    Round round(String itemId, int version);

    Optional<Approval> approval(String itemId, int version);

    /**
     * Submission: stores the findings, starts a fresh round, appends the event, and moves the DRAFT to IN_REVIEW unless
     * {@code blocked}. Fails with {@link StaleException} when the item is no longer a DRAFT of that version.
     */
    void submit(String itemId, int version, List<Finding> findings, ReviewEvent event, boolean blocked);

    /**
     * A review decision: appends the event and, on approval, records the stage (and for the final stage the approval
     * bound to {@code contentHash} and the APPROVED state); on rejection the round ends and the item is a DRAFT again.
     * Re-checks in the same step that the version is current and in the right state, that the first stage is not taken,
     * and that the final approver did not do the first review.
     *
     * @param blockedDraftMayReview a DRAFT whose submission was blocked may take its first review (to waive findings)
     */
    void review(String itemId, int version, ReviewEvent event, List<Waiver> roundWaivers, String contentHash,
                boolean blockedDraftMayReview) throws ReviewConflict;

    /** The item's review record, oldest first. */
    List<ReviewEvent> events(String itemId);

    /** Office-wide review record between two instants (inclusive), oldest first, read in pages. */
    List<ReviewEvent> events(Instant from, Instant to);

    void refused(Refusal refusal);

    /** The gate's refusals on an item, newest first (the last {@value #REFUSALS_KEPT}). */
    List<Refusal> refusals(String itemId);

    int REFUSALS_KEPT = 1000;

    /** The version changed or left the state the write assumed. */
    final class StaleException extends RuntimeException {
        public final String state;
        public final int currentVersion;

        public StaleException(String state, int currentVersion) {
            super("item is " + state + " at version " + currentVersion);
            this.state = state;
            this.currentVersion = currentVersion;
        }
    }

    /** Why {@link #review} refused to write. */
    final class ReviewConflict extends Exception {
        public enum Kind { STALE, FIRST_TAKEN, NO_FIRST, SAME_PERSON }

        public final Kind kind;
        public final String detail;

        public ReviewConflict(Kind kind, String detail) {
            super(kind + (detail == null ? "" : ": " + detail));
            this.kind = kind;
            this.detail = detail;
        }
    }
}

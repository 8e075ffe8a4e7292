package cn.gongkai.hub.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The progress of subscriber imports, readable by any instance while one runs them. */
public interface ImportJobs {

    void create(String id, String fileName, String by, String consentSource);

    /** Adds a batch's counts (and beats the job's heart: a RUNNING job that stops beating is shown FAILED). */
    void progress(String id, long rowsRead, long imported, long updated, long refused, List<RowError> errors);

    void finish(String id, State state, String problem);

    Optional<Job> find(String id);

    enum State { RUNNING, DONE, FAILED }

    /**
     * @param errors      the refused rows, the first {@link SubscriberImports#MAX_ERRORS} of them
     * @param moreErrors  how many problems of refused rows are not listed
     */
    record Job(String id, State state, String fileName, String by, long rowsRead, long imported, long updated, long refused,
               List<RowError> errors, long moreErrors, String problem, Instant startedAt, Instant updatedAt, Instant finishedAt) {
    }
}

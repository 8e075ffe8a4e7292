package cn.gongkai.hub.audit;

/**
 * The append-only log of what ADMIN and APPROVER users did: entries are added, never changed or removed.
 *
 * <p>Services record an action after it took effect (after the store's write returned), never for a refused one.
 * {@link #record} does not throw: the action has happened by then, so a log that cannot be written (Redis gone)
 * leaves the entry in the hub's log at ERROR instead of turning a done action into an error for the user.
 */
public interface AuditLog {

    void record(AuditEntry entry);

    /**
     * Entries after {@code cursor} (null: from the start) that match {@code filter}, oldest first, at most
     * {@code limit}. Each call reads a bounded part of the log: a page may hold fewer than {@code limit} entries
     * (even none) and still have a {@code nextCursor} when the filter skipped many; follow it until it is null.
     *
     * @throws cn.gongkai.hub.HubException 400 on field {@code cursor} when the cursor is not one this log gave out
     */
    AuditPage page(String cursor, int limit, AuditFilter filter);
}

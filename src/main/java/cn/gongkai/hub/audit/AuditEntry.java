package cn.gongkai.hub.audit;

import java.time.Instant;

/**
 * One line of the audit log. {@code target} names what was acted on as {@code <kind>:<id>} ({@code user:lisi},
 * {@code item:12}, {@code delivery:<id>}, {@code restricted-document:<id>}, {@code sensitive-word:<word>});
 * {@code detail} says what changed, in words. {@code id} is the log's own position (null until recorded) and
 * {@code role} is the name of the {@code account.Role} the action was done under, null for {@link Actor#START_UP}.
 */
public record AuditEntry(String id, Instant at, String actor, String role, AuditAction action, String target, String detail) {

    /** An entry for an action done now, before it is recorded. */
    public static AuditEntry now(Actor by, AuditAction action, String target, String detail) {
        return new AuditEntry(null, Instant.now(), by.name(), by.role(), action, target, detail);
    }
}

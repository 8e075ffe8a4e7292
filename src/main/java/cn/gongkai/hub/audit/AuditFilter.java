package cn.gongkai.hub.audit;

import java.time.Instant;

/** Which entries a listing wants; every null field matches all. {@code from} and {@code to} are inclusive. */
public record AuditFilter(AuditAction action, String actor, Instant from, Instant to) {
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null);

    boolean matches(AuditEntry e) {
        return (action == null || action == e.action())
                && (actor == null || actor.equals(e.actor()))
                && (from == null || !e.at().isBefore(from))
                && (to == null || !e.at().isAfter(to));
    }
}

package cn.gongkai.hub.audit;

import java.util.List;

/** A page of the audit log, oldest first; {@code nextCursor} is null on the last page. */
public record AuditPage(List<AuditEntry> items, String nextCursor) {
}

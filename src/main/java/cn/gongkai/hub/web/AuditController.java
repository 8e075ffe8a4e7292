package cn.gongkai.hub.web;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditFilter;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.audit.AuditPage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit log for ADMIN: {@code GET /api/audit} (cursor-paged JSON) and {@code GET /api/audit.csv}. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured("ADMIN")
class AuditController {
    static final int MAX_LIMIT = 500;
    /** The CSV holds every matching entry; beyond this many, a shorter range must be asked for. */
    static final int MAX_CSV_ROWS = 100_000;
    private static final int MAX_ACTOR_CHARS = 100;
    private static final List<String> CSV_HEADER = List.of("时间", "操作人", "角色", "操作", "对象", "说明", "编号");

    private final AuditLog audit;
    private final ZoneId zone;

    AuditController(AuditLog audit, HubConfig hub) {
        this.audit = audit;
        this.zone = hub.zoneId();
    }

    @Get("/audit")
    AuditPage page(@Nullable @QueryValue String cursor, @Nullable @QueryValue String limit, @Nullable @QueryValue String action,
                   @Nullable @QueryValue String actor, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        int max = ItemController.intParam("limit", limit, 100);
        if (max < 1 || max > MAX_LIMIT) {
            throw HubException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return audit.page(cursor == null || cursor.isBlank() ? null : cursor.strip(), max, filter(action, actor, from, to));
    }

    @Get(value = "/audit.csv", produces = "text/csv;charset=UTF-8")
    HttpResponse<byte[]> csv(@Nullable @QueryValue String action, @Nullable @QueryValue String actor,
                             @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        AuditFilter f = filter(action, actor, from, to);
        List<List<String>> rows = new ArrayList<>();
        String cursor = null;
        do {
            AuditPage page = audit.page(cursor, MAX_LIMIT, f);
            for (AuditEntry e : page.items()) {
                rows.add(Arrays.asList(e.at().atZone(zone).toLocalDateTime().toString(), e.actor(), e.role(), e.action().name(),
                        e.target(), e.detail(), e.id()));
            }
            if (rows.size() > MAX_CSV_ROWS) {
                throw HubException.invalid("to", "the selection holds more than " + MAX_CSV_ROWS + " entries; export a shorter from/to range");
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return Csv.download("audit-log.csv", CSV_HEADER, rows);
    }

    private AuditFilter filter(String action, String actor, String from, String to) {
        AuditAction a = null;
        if (action != null && !action.isBlank()) {
            try {
                a = AuditAction.valueOf(action.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                throw HubException.invalid("action", "must be one of " + Arrays.toString(AuditAction.values()));
            }
        }
        String who = actor == null || actor.isBlank() ? null : actor.strip();
        if (who != null && (who.length() > MAX_ACTOR_CHARS || who.chars().anyMatch(Character::isISOControl))) {
            throw HubException.invalid("actor", "must be a user name (at most " + MAX_ACTOR_CHARS + " characters, one line)");
        }
        return new AuditFilter(a, who, Dates.parse(from, "from", false, zone), Dates.parse(to, "to", true, zone));
    }
}

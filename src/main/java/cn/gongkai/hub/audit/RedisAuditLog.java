package cn.gongkai.hub.audit;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The audit log as one Redis Stream ({@link RedisKeys#auditLog()}): XADD without MAXLEN, so nothing is ever
 * trimmed, and no command here changes or deletes an entry. An entry's stream id is its cursor.
 *
 * <p>{@code from}/{@code to} pick the stream-id range first (ids are Redis's clock in ms), widened by
 * {@link #CLOCK_SKEW_MS} because {@code at} is the hub's clock, then {@code at} is compared exactly.
 */
@Singleton
class RedisAuditLog implements AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAuditLog.class);
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");
    static final long CLOCK_SKEW_MS = 5 * 60_000;
    /** At most this many entries are read for one page, so a filter that matches little cannot make a call unbounded. */
    static final int MAX_SCANNED = 10_000;
    private static final int MAX_BATCH = 1_000;

    private final RedisClusterCommands<String, String> redis;
    private final String key;

    RedisAuditLog(RedisAccess redis, RedisKeys keys) {
        this.redis = redis.sync();
        this.key = keys.auditLog();
    }

    @Override
    public void record(AuditEntry e) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("at", e.at().toString());
        fields.put("actor", e.actor());
        if (e.role() != null) {
            fields.put("role", e.role());
        }
        fields.put("action", e.action().name());
        fields.put("target", e.target());
        if (e.detail() != null) {
            fields.put("detail", e.detail());
        }
        try {
            redis.xadd(key, fields);
        } catch (RedisException ex) {
            LOG.error("Audit entry NOT recorded ({}): {} by {} as {} on {} at {}: {}", ex.getMessage(), e.action(), e.actor(), e.role(),
                    e.target(), e.at(), e.detail());
        }
    }

    @Override
    public AuditPage page(String cursor, int limit, AuditFilter filter) {
        Range.Boundary<String> lower;
        if (cursor != null) {
            if (!STREAM_ID.matcher(cursor).matches()) {
                throw HubException.invalid("cursor", "is not a cursor this log gave out (pass nextCursor of the previous page unchanged)");
            }
            lower = Range.Boundary.excluding(cursor);
        } else {
            lower = filter.from() == null ? Range.Boundary.unbounded()
                    : Range.Boundary.including(Long.toString(Math.max(0, filter.from().toEpochMilli() - CLOCK_SKEW_MS)));
        }
        Range.Boundary<String> upper = filter.to() == null ? Range.Boundary.unbounded()
                : Range.Boundary.including(Long.toString(filter.to().toEpochMilli() + CLOCK_SKEW_MS));
        List<AuditEntry> items = new ArrayList<>();
        int scanned = 0;
        String last = null;
        while (scanned < MAX_SCANNED) {
            int count = Math.min(MAX_SCANNED - scanned, Math.min(MAX_BATCH, limit + 1));
            List<StreamMessage<String, String>> batch = redis.xrange(key, Range.from(lower, upper), Limit.from(count));
            for (int i = 0; i < batch.size(); i++) {
                StreamMessage<String, String> m = batch.get(i);
                scanned++;
                last = m.getId();
                AuditEntry e = parse(m);
                if (e != null && filter.matches(e)) {
                    items.add(e);
                    if (items.size() == limit) {
                        boolean end = i == batch.size() - 1 && batch.size() < count;
                        return new AuditPage(items, end ? null : last);
                    }
                }
            }
            if (batch.size() < count) {
                return new AuditPage(items, null);
            }
            lower = Range.Boundary.excluding(last);
        }
        return new AuditPage(items, last);
    }

    /** Null (with a warning) for an entry this hub cannot read: written by a newer version, or by hand. */
    private static AuditEntry parse(StreamMessage<String, String> m) {
        Map<String, String> f = m.getBody();
        try {
            return new AuditEntry(m.getId(), Instant.parse(f.get("at")), f.get("actor"), f.get("role"), AuditAction.valueOf(f.get("action")),
                    f.get("target"), f.get("detail"));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            LOG.warn("Audit log entry {} cannot be read by this hub and is left out of listings: {}", m.getId(), f);
            return null;
        }
    }
}

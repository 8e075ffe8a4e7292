package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An import's counts in a hash, its first refused rows in a list; both kept 30 days. */
@Singleton
class RedisImportJobs implements ImportJobs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEEP_SECONDS = 30L * 24 * 3600;

    private final RedisAccess redis;
    private final RedisKeys keys;

    RedisImportJobs(RedisAccess redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void create(String id, String fileName, String by, String consentSource) {
        String now = Instant.now().toString();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("state", State.RUNNING.name());
        h.put("fileName", fileName);
        h.put("by", by);
        h.put("consentSource", consentSource);
        h.put("rowsRead", "0");
        h.put("imported", "0");
        h.put("updated", "0");
        h.put("refused", "0");
        h.put("startedAt", now);
        h.put("updatedAt", now);
        redis.sync().hset(keys.subscriberImport(id), h);
        redis.sync().expire(keys.subscriberImport(id), KEEP_SECONDS);
    }

    @Override
    public void progress(String id, long rowsRead, long imported, long updated, long refused, List<RowError> errors) {
        String k = keys.subscriberImport(id);
        redis.sync().hincrby(k, "rowsRead", rowsRead);
        redis.sync().hincrby(k, "imported", imported);
        redis.sync().hincrby(k, "updated", updated);
        redis.sync().hincrby(k, "refused", refused);
        if (!errors.isEmpty()) {
            Long stored = redis.sync().llen(keys.subscriberImportErrors(id));
            int room = (int) Math.max(0, SubscriberImports.MAX_ERRORS - (stored == null ? 0 : stored));
            List<String> add = new ArrayList<>();
            for (RowError e : errors.subList(0, Math.min(room, errors.size()))) {
                add.add(json(e));
            }
            if (add.size() < errors.size()) {
                redis.sync().hincrby(k, "errorsDropped", errors.size() - add.size());
            }
            if (!add.isEmpty()) {
                redis.sync().rpush(keys.subscriberImportErrors(id), add.toArray(String[]::new));
                redis.sync().expire(keys.subscriberImportErrors(id), KEEP_SECONDS);
            }
        }
        redis.sync().hset(k, "updatedAt", Instant.now().toString());
    }

    @Override
    public void finish(String id, State state, String problem) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("state", state.name());
        h.put("finishedAt", Instant.now().toString());
        h.put("updatedAt", Instant.now().toString());
        if (problem != null) {
            h.put("problem", problem);
        }
        redis.sync().hset(keys.subscriberImport(id), h);
    }

    @Override
    public Optional<Job> find(String id) {
        Map<String, String> h = redis.sync().hgetall(keys.subscriberImport(id));
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        List<RowError> errors = new ArrayList<>();
        for (String s : redis.sync().lrange(keys.subscriberImportErrors(id), 0, -1)) {
            try {
                errors.add(JSON.readValue(s, RowError.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an import's error record cannot be read", e);
            }
        }
        long refused = Long.parseLong(h.getOrDefault("refused", "0"));
        return Optional.of(new Job(id, State.valueOf(h.get("state")), h.get("fileName"), h.get("by"),
                Long.parseLong(h.getOrDefault("rowsRead", "0")), Long.parseLong(h.getOrDefault("imported", "0")),
                Long.parseLong(h.getOrDefault("updated", "0")), refused, errors, Long.parseLong(h.getOrDefault("errorsDropped", "0")), h.get("problem"),
                instant(h.get("startedAt")), instant(h.get("updatedAt")), instant(h.get("finishedAt"))));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static String json(RowError e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }
}

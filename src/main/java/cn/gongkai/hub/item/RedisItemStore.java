package cn.gongkai.hub.item;

import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Items in Redis: {@code {item:<id>}:meta} (lifecycle hash) and {@code {item:<id>}:v:<n>} (one JSON per version),
 * written together by Lua scripts so a reader never sees a version number without its content.
 */
@Singleton
class RedisItemStore implements ItemStore {

    /** KEYS meta, newVersionKey; ARGV expectedVersion, json, author, now. Returns the new version or -1. */
    private static final String ADD_VERSION = """
            local cur = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
            if cur ~= tonumber(ARGV[1]) then return -1 end
            redis.call('SET', KEYS[2], ARGV[2])
            redis.call('HSET', KEYS[1], 'version', cur + 1, 'state', 'DRAFT', 'stateReason', '',
                       'updatedBy', ARGV[3], 'updatedAt', ARGV[4])
            return cur + 1
            """;

    /** KEYS meta; ARGV version, to, reason, now, from... Returns 1 when moved. */
    private static final String TRANSITION = """
            local m = redis.call('HMGET', KEYS[1], 'version', 'state')
            if m[1] ~= ARGV[1] then return 0 end
            local ok = false
            for i = 5, #ARGV do if m[2] == ARGV[i] then ok = true end end
            if not ok then return 0 end
            redis.call('HSET', KEYS[1], 'state', ARGV[2], 'stateReason', ARGV[3], 'stateAt', ARGV[4])
            return 1
            """;

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json;
    private final Catalogue catalogue;
    private final ZoneId zone;

    RedisItemStore(@Named("hub") StatefulRedisConnection<String, String> connection, RedisKeys keys, ObjectMapper json,
                   Catalogue catalogue, cn.gongkai.hub.HubConfig hub) {
        this.redis = connection.sync();
        this.keys = keys;
        this.json = json;
        this.catalogue = catalogue;
        this.zone = hub.zoneId();
    }

    @Override
    public Item create(ItemContent content, String author) {
        long seq = redis.incr(keys.itemSequence());
        String id = Long.toString(seq);
        Instant now = Instant.now();
        String indexNumber = String.format("GK-%d-%06d", Year.now(zone).getValue(), seq);
        redis.set(keys.itemVersion(id, 1), toJson(new ItemVersion(id, 1, content, ContentHash.of(content), author, now)));
        Map<String, String> meta = new HashMap<>();
        meta.put("id", id);
        meta.put("version", "1");
        meta.put("state", ItemState.DRAFT.name());
        meta.put("createdBy", author);
        meta.put("createdAt", now.toString());
        meta.put("updatedBy", author);
        meta.put("updatedAt", now.toString());
        meta.put("publishedVersion", "0");
        meta.put("indexNumber", indexNumber);
        redis.hset(keys.itemMeta(id), meta);
        redis.zadd(keys.items(), seq, id);
        return find(id).orElseThrow();
    }

    @Override
    public Optional<Item> addVersion(String itemId, int expectedVersion, ItemContent content, String author) {
        int next = expectedVersion + 1;
        Instant now = Instant.now();
        String versionJson = toJson(new ItemVersion(itemId, next, content, ContentHash.of(content), author, now));
        Long v = redis.eval(ADD_VERSION, ScriptOutputType.INTEGER,
                new String[]{keys.itemMeta(itemId), keys.itemVersion(itemId, next)},
                Integer.toString(expectedVersion), versionJson, author, now.toString());
        return v == null || v < 0 ? Optional.empty() : find(itemId);
    }

    @Override
    public Optional<Item> find(String itemId) {
        Map<String, String> m = redis.hgetall(keys.itemMeta(itemId));
        if (m == null || m.isEmpty()) {
            return Optional.empty();
        }
        int v = Integer.parseInt(m.get("version"));
        ItemVersion iv = version(itemId, v).orElseThrow(() -> new IllegalStateException("item " + itemId + " lacks version " + v));
        return Optional.of(new Item(itemId, v, ItemState.valueOf(m.get("state")), iv.contentHash(), m.get("indexNumber"),
                iv.content(), catalogue.nameOf(iv.content().category()),
                m.get("createdBy"), Instant.parse(m.get("createdAt")), m.get("updatedBy"), Instant.parse(m.get("updatedAt")),
                Integer.parseInt(m.getOrDefault("publishedVersion", "0")), blankToNull(m.get("stateReason"))));
    }

    @Override
    public Optional<ItemVersion> version(String itemId, int version) {
        String s = redis.get(keys.itemVersion(itemId, version));
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(s, ItemVersion.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored version " + version + " of item " + itemId + " is not readable", e);
        }
    }

    @Override
    public boolean transition(String itemId, int version, Set<ItemState> from, ItemState to, String reason) {
        String[] args = new String[4 + from.size()];
        args[0] = Integer.toString(version);
        args[1] = to.name();
        args[2] = reason == null ? "" : reason;
        args[3] = Instant.now().toString();
        int i = 4;
        for (ItemState s : from) {
            args[i++] = s.name();
        }
        Long moved = redis.eval(TRANSITION, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(itemId)}, args);
        return moved != null && moved == 1;
    }

    @Override
    public void markPublished(String itemId, int version) {
        redis.hset(keys.itemMeta(itemId), "publishedVersion", Integer.toString(version));
    }

    @Override
    public void setFields(String itemId, Map<String, String> fields) {
        redis.hset(keys.itemMeta(itemId), fields);
    }

    @Override
    public Map<String, String> fields(String itemId) {
        return redis.hgetall(keys.itemMeta(itemId));
    }

    @Override
    public List<String> ids(long offset, long count) {
        return redis.zrevrange(keys.items(), offset, offset + count - 1);
    }

    @Override
    public long count() {
        return redis.zcard(keys.items());
    }

    private String toJson(ItemVersion v) {
        try {
            return json.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

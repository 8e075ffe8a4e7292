package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The site's index in Redis, every key tagged {@code {site}} (one slot): {@code {site}:item:<id>} the entry (JSON),
 * {@code {site}:online} and {@code {site}:column:<code>} sorted sets of item ids scored by when each first went online,
 * {@code {site}:generation} a counter. Changes go through {@code lua/site/*.lua}, compare-and-set on the entry read, so
 * two instances publishing the same item leave one consistent entry.
 */
@Singleton
class RedisSiteIndex implements SiteIndex {
    private static final LuaScript PUT = LuaScript.load("site/put.lua");
    private static final LuaScript REMOVE = LuaScript.load("site/remove.lua");
    private static final int TRIES = 10;

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json;

    RedisSiteIndex(RedisAccess redis, RedisKeys keys, ObjectMapper json) {
        this.redis = redis.sync();
        this.keys = keys;
        this.json = json;
    }

    @Override
    public Optional<SiteEntry> entry(String itemId) {
        return Optional.ofNullable(redis.get(keys.siteEntry(itemId))).map(this::read);
    }

    @Override
    public Put put(SiteEntry entry) {
        for (int i = 0; i < TRIES; i++) {
            String raw = redis.get(keys.siteEntry(entry.itemId()));
            Optional<SiteEntry> previous = Optional.ofNullable(raw).map(this::read);
            if (previous.isPresent() && previous.get().version() > entry.version()) {
                return new Put(previous.get(), previous, true);
            }
            SiteEntry stored = previous.map(p -> withPublished(entry, p)).orElse(entry);
            String oldColumn = previous.map(SiteEntry::column).orElse(stored.column());
            Long r = PUT.call(redis, ScriptOutputType.INTEGER,
                    new String[]{keys.siteEntry(entry.itemId()), keys.siteOnline(), keys.siteColumn(stored.column()),
                            keys.siteColumn(oldColumn), keys.siteGeneration()},
                    raw == null ? "" : raw, write(stored), entry.itemId(), Long.toString(stored.published().toEpochMilli()));
            if (r != null && r >= 0) {
                return new Put(stored, previous, false);
            }
        }
        throw new IllegalStateException("the site entry of item " + entry.itemId() + " kept changing while it was written");
    }

    @Override
    public Optional<SiteEntry> remove(String itemId, int version) {
        for (int i = 0; i < TRIES; i++) {
            String raw = redis.get(keys.siteEntry(itemId));
            if (raw == null) {
                return Optional.empty();
            }
            SiteEntry e = read(raw);
            if (e.version() > version) {
                return Optional.empty();
            }
            Long r = REMOVE.call(redis, ScriptOutputType.INTEGER,
                    new String[]{keys.siteEntry(itemId), keys.siteOnline(), keys.siteColumn(e.column()), keys.siteGeneration()},
                    raw, itemId);
            if (r != null && r >= 0) {
                return Optional.of(e);
            }
        }
        throw new IllegalStateException("the site entry of item " + itemId + " kept changing while it was removed");
    }

    @Override
    public long count() {
        return redis.zcard(keys.siteOnline());
    }

    @Override
    public long count(String column) {
        return redis.zcard(keys.siteColumn(column));
    }

    @Override
    public List<SiteEntry> latest(long offset, int count) {
        return entries(keys.siteOnline(), offset, count);
    }

    @Override
    public List<SiteEntry> column(String column, long offset, int count) {
        return entries(keys.siteColumn(column), offset, count);
    }

    @Override
    public long generation() {
        String g = redis.get(keys.siteGeneration());
        return g == null ? 0 : Long.parseLong(g);
    }

    private List<SiteEntry> entries(String zset, long offset, int count) {
        if (count <= 0) {
            return List.of();
        }
        List<String> ids = redis.zrevrange(zset, offset, offset + count - 1);
        if (ids.isEmpty()) {
            return List.of();
        }
        // one slot ({site}), so one MGET also on a cluster
        List<KeyValue<String, String>> values = redis.mget(ids.stream().map(keys::siteEntry).toArray(String[]::new));
        List<SiteEntry> out = new ArrayList<>(values.size());
        for (KeyValue<String, String> kv : values) {
            if (kv.hasValue()) {
                out.add(read(kv.getValue()));
            }
        }
        return out;
    }

    private static SiteEntry withPublished(SiteEntry e, SiteEntry previous) {
        return new SiteEntry(e.itemId(), e.version(), e.column(), e.title(), e.indexNumber(), e.issuer(), e.docNumber(),
                e.summary(), previous.published(), e.updated());
    }

    private SiteEntry read(String s) {
        try {
            return json.readValue(s, SiteEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a site entry in Redis is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private String write(SiteEntry e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

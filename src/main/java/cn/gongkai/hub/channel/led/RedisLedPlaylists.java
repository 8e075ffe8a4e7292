package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Playlists in Redis, per screen under one hash tag {@code {led:<screen>}}: {@code shows} (item → its showing, read by
 * the scripts), {@code pages} (item → its pages, opaque to them) and {@code ledger} (ended showings scored by their
 * end). {@code lua/led/put.lua} and {@code lua/led/remove.lua} change the three together.
 */
@Singleton
class RedisLedPlaylists implements LedPlaylists {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<List<String>>> PAGES = new TypeReference<>() {
    };
    private static final LuaScript PUT = LuaScript.load("led/put.lua");
    private static final LuaScript REMOVE = LuaScript.load("led/remove.lua");

    private final RedisAccess redis;
    private final RedisKeys keys;

    RedisLedPlaylists(RedisAccess redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    private String[] keysOf(String screen) {
        return new String[]{keys.ledShows(screen), keys.ledPages(screen), keys.ledLedger(screen)};
    }

    @Override
    public Put put(String screen, Showing s) {
        String pages;
        try {
            pages = JSON.writeValueAsString(s.pages());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String r = PUT.call(redis.sync(), ScriptOutputType.VALUE, keysOf(screen), s.item(), Integer.toString(s.version()),
                s.title(), Long.toString(s.from().toEpochMilli()), Long.toString(s.until().toEpochMilli()), pages);
        return Put.valueOf(r.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean remove(String screen, String itemId, Instant now) {
        Long r = REMOVE.call(redis.sync(), ScriptOutputType.INTEGER, keysOf(screen), itemId, Long.toString(now.toEpochMilli()));
        return r != null && r == 1L;
    }

    @Override
    public List<Showing> playlist(String screen) {
        Map<String, String> shows = redis.sync().hgetall(keys.ledShows(screen));
        if (shows.isEmpty()) {
            return List.of();
        }
        Map<String, String> pages = redis.sync().hgetall(keys.ledPages(screen));
        List<Showing> out = new ArrayList<>();
        for (Map.Entry<String, String> e : shows.entrySet()) {
            String p = pages.get(e.getKey());
            if (p == null) {
                // a put between the two reads: the item shows from the next read on
                continue;
            }
            JsonNode s = read(e.getValue());
            try {
                out.add(new Showing(e.getKey(), s.path("version").asInt(), s.path("title").asText(), JSON.readValue(p, PAGES),
                        Instant.ofEpochMilli(s.path("from").asLong()), Instant.ofEpochMilli(s.path("until").asLong())));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("pages of item " + e.getKey() + " on LED screen " + screen + " are not JSON", ex);
            }
        }
        out.sort(Comparator.comparing(Showing::from).thenComparing(Showing::item));
        return out;
    }

    @Override
    public List<LedgerEntry> ledger(String screen, Instant from, Instant to, Instant now) {
        List<LedgerEntry> out = new ArrayList<>();
        // scored by their end: those that ended at or after from; the start is checked below
        for (String m : redis.sync().zrangebyscore(keys.ledLedger(screen), Range.create((double) from.toEpochMilli(), Double.POSITIVE_INFINITY))) {
            JsonNode e = read(m);
            Instant start = Instant.ofEpochMilli(e.path("from").asLong());
            if (!start.isAfter(to)) {
                out.add(new LedgerEntry(e.path("item").asText(), e.path("version").asInt(), e.path("title").asText(), start,
                        Instant.ofEpochMilli(e.path("to").asLong()), e.path("ended").asText(), null));
            }
        }
        for (Map.Entry<String, String> e : redis.sync().hgetall(keys.ledShows(screen)).entrySet()) {
            JsonNode s = read(e.getValue());
            Instant start = Instant.ofEpochMilli(s.path("from").asLong());
            Instant until = Instant.ofEpochMilli(s.path("until").asLong());
            boolean expired = !until.isAfter(now);
            if (start.isAfter(to) || expired && until.isBefore(from)) {
                continue;
            }
            out.add(new LedgerEntry(e.getKey(), s.path("version").asInt(), s.path("title").asText(), start,
                    expired ? until : null, expired ? "expired" : null, expired ? null : until));
        }
        out.sort(Comparator.comparing(LedgerEntry::from).thenComparing(LedgerEntry::item));
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an LED playlist record is not JSON: " + json, e);
        }
    }
}

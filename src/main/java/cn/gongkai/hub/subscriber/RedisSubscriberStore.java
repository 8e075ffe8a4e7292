package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.item.Notice;
import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;

/**
 * Subscribers in Redis. A record is one JSON string under {@code {sub:<bucket>}:s:<id>}; the bucket's ids and its tag
 * sets are sorted sets (score 0, read by lex) under the same hash tag, so the scripts in {@code lua/subscriber/} change a
 * record and its indexes together and a segment is resolved inside one slot. Address indexes are one hash per kind.
 * Batches are sent without waiting between commands (pipelined on the shared connection), one future per command.
 */
@Singleton
class RedisSubscriberStore implements SubscriberStore {
    private static final LuaScript PUT = LuaScript.load("subscriber/put.lua");
    private static final LuaScript DELETE = LuaScript.load("subscriber/delete.lua");
    private static final LuaScript SEGMENT = LuaScript.load("subscriber/segment.lua");
    private static final LuaScript RELEASE = LuaScript.load("subscriber/release-address.lua");
    private static final long TIMEOUT_SECONDS = 60;

    private final RedisAccess redis;
    private final RedisKeys keys;
    private final ObjectMapper json;
    private final int buckets;

    RedisSubscriberStore(RedisAccess redis, RedisKeys keys, ObjectMapper json, SubscriberSettings settings) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.buckets = settings.buckets();
    }

    @Override
    public int bucketOf(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() % buckets);
    }

    @Override
    public int buckets() {
        return buckets;
    }

    @Override
    public List<String> newIds(int n) {
        if (n <= 0) {
            return List.of();
        }
        long last = redis.sync().incrby(keys.subscriberSequence(), n);
        List<String> ids = new ArrayList<>(n);
        for (long i = last - n + 1; i <= last; i++) {
            ids.add("s" + i);
        }
        return ids;
    }

    private static String indexKind(Reach kind) {
        return kind.wire();
    }

    /** The index key of an address: e-mail addresses ignoring case (mail systems treat them so), others as they are. */
    private static String indexed(Reach kind, String address) {
        return kind == Reach.EMAIL && address != null ? address.toLowerCase(java.util.Locale.ROOT) : address;
    }

    @Override
    public List<Optional<String>> idsByAddress(Reach kind, List<String> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        List<KeyValue<String, String>> found = redis.sync().hmget(keys.subscriberIndex(indexKind(kind)),
                addresses.stream().map(a -> indexed(kind, a)).toArray(String[]::new));
        List<Optional<String>> out = new ArrayList<>(found.size());
        for (KeyValue<String, String> kv : found) {
            out.add(kv.hasValue() ? Optional.of(kv.getValue()) : Optional.empty());
        }
        return out;
    }

    @Override
    public List<String> claimAddresses(Reach kind, List<Map.Entry<String, String>> addressToId) {
        if (addressToId.isEmpty()) {
            return List.of();
        }
        String key = keys.subscriberIndex(indexKind(kind));
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<RedisFuture<Boolean>> set = new ArrayList<>(addressToId.size());
        for (Map.Entry<String, String> e : addressToId) {
            set.add(a.hsetnx(key, indexed(kind, e.getKey()), e.getValue()));
        }
        List<String> out = new ArrayList<>(addressToId.size());
        List<Integer> lost = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (Boolean.TRUE.equals(wait(set.get(i)))) {
                out.add(addressToId.get(i).getValue());
            } else {
                out.add(null);
                lost.add(i);
            }
        }
        if (!lost.isEmpty()) {
            List<Optional<String>> there = idsByAddress(kind, lost.stream().map(i -> addressToId.get(i).getKey()).toList());
            for (int j = 0; j < lost.size(); j++) {
                out.set(lost.get(j), there.get(j).orElse(addressToId.get(lost.get(j)).getValue()));
            }
        }
        return out;
    }

    @Override
    public void releaseAddresses(Reach kind, List<Map.Entry<String, String>> addressToId) {
        if (addressToId.isEmpty()) {
            return;
        }
        String[] args = new String[addressToId.size() * 2];
        for (int i = 0; i < addressToId.size(); i++) {
            args[2 * i] = indexed(kind, addressToId.get(i).getKey());
            args[2 * i + 1] = addressToId.get(i).getValue();
        }
        RELEASE.call(redis.sync(), ScriptOutputType.INTEGER, new String[]{keys.subscriberIndex(indexKind(kind))}, args);
    }

    @Override
    public Optional<Subscriber> find(String id) {
        if (id == null || !id.matches("s\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.ofNullable(redis.sync().get(keys.subscriber(bucketOf(id), id))).map(this::read);
    }

    @Override
    public List<Subscriber> findAll(List<String> ids) {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        Map<Integer, List<String>> byBucket = new LinkedHashMap<>();
        for (String id : ids) {
            byBucket.computeIfAbsent(bucketOf(id), b -> new ArrayList<>()).add(id);
        }
        Map<Integer, RedisFuture<List<KeyValue<String, String>>>> reads = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<String>> e : byBucket.entrySet()) {
            reads.put(e.getKey(), a.mget(e.getValue().stream().map(id -> keys.subscriber(e.getKey(), id)).toArray(String[]::new)));
        }
        Map<String, Subscriber> found = new LinkedHashMap<>();
        for (RedisFuture<List<KeyValue<String, String>>> f : reads.values()) {
            for (KeyValue<String, String> kv : wait(f)) {
                if (kv.hasValue()) {
                    Subscriber s = read(kv.getValue());
                    found.put(s.id(), s);
                }
            }
        }
        List<Subscriber> out = new ArrayList<>(found.size());
        for (String id : ids) {
            Subscriber s = found.get(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public List<Boolean> put(List<Write> writes) {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        Map<Integer, List<Integer>> byBucket = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            byBucket.computeIfAbsent(bucketOf(writes.get(i).next().id()), b -> new ArrayList<>()).add(i);
        }
        // one script per bucket in the batch (its records and tag sets share the bucket's slot), all sent at once
        Map<Integer, CompletableFuture<List<Long>>> calls = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Integer>> e : byBucket.entrySet()) {
            int b = e.getKey();
            List<String> k = new ArrayList<>();
            List<String> args = new ArrayList<>();
            k.add(keys.subscribersIn(b));
            args.add(Integer.toString(e.getValue().size()));
            for (int i : e.getValue()) {
                Write w = writes.get(i);
                Subscriber s = w.next();
                Set<String> removed = new LinkedHashSet<>(w.previous() == null ? List.of() : w.previous().tags());
                removed.removeAll(s.tags());
                k.add(keys.subscriber(b, s.id()));
                removed.forEach(t -> k.add(keys.subscriberTag(b, t)));
                s.tags().forEach(t -> k.add(keys.subscriberTag(b, t)));
                args.add(s.id());
                args.add(write(s));
                args.add(w.previous() == null ? "" : write(w.previous()));
                args.add(Integer.toString(removed.size()));
                args.add(Integer.toString(s.tags().size()));
            }
            calls.put(b, PUT.callAsync(a, ScriptOutputType.MULTI, k.toArray(String[]::new), args.toArray(String[]::new)));
        }
        Boolean[] out = new Boolean[writes.size()];
        for (Map.Entry<Integer, List<Integer>> e : byBucket.entrySet()) {
            List<Long> r = wait(calls.get(e.getKey()));
            for (int j = 0; j < e.getValue().size(); j++) {
                out[e.getValue().get(j)] = r != null && j < r.size() && r.get(j) != null && r.get(j) == 1L;
            }
        }
        return java.util.Arrays.asList(out);
    }

    @Override
    public boolean delete(Subscriber s) {
        int b = bucketOf(s.id());
        List<String> k = new ArrayList<>();
        k.add(keys.subscriber(b, s.id()));
        k.add(keys.subscribersIn(b));
        s.tags().forEach(t -> k.add(keys.subscriberTag(b, t)));
        Long r = DELETE.call(redis.sync(), ScriptOutputType.INTEGER, k.toArray(String[]::new), s.id(), write(s));
        return r != null && r == 1;
    }

    @Override
    public Page page(String tag, String cursor, int limit) {
        Cursor c = Cursor.parse(cursor, buckets);
        List<String> ids = new ArrayList<>(limit);
        int bucket = c.bucket;
        String after = c.after;
        String last = null;
        while (bucket < buckets && ids.size() < limit) {
            String key = tag == null ? keys.subscribersIn(bucket) : keys.subscriberTag(bucket, tag);
            Range<String> range = after == null ? Range.unbounded() : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded());
            int want = limit - ids.size();
            List<String> got = redis.sync().zrangebylex(key, range, Limit.create(0, want));
            ids.addAll(got);
            if (got.size() == want) {
                last = bucket + ":" + got.get(got.size() - 1);
                break;
            }
            bucket++;
            after = null;
            last = null;
        }
        String next = null;
        if (last != null) {
            next = last;
        } else if (ids.size() >= limit && bucket < buckets) {
            next = bucket + ":";
        }
        return new Page(findAll(ids), next);
    }

    /** A position in bucket order: the bucket, and the last id read in it (null: from its start). */
    record Cursor(int bucket, String after) {
        static Cursor parse(String s, int buckets) {
            if (s == null || s.isBlank()) {
                return new Cursor(0, null);
            }
            int colon = s.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("cursor '" + s + "' is not one this list gave");
            }
            int b;
            try {
                b = Integer.parseInt(s.substring(0, colon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor '" + s + "' is not one this list gave");
            }
            if (b < 0 || b > buckets) {
                throw new IllegalArgumentException("cursor '" + s + "' is not one this list gave");
            }
            String after = s.substring(colon + 1);
            return new Cursor(b, after.isEmpty() ? null : after);
        }
    }

    @Override
    public long count() {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<RedisFuture<Long>> f = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            f.add(a.zcard(keys.subscribersIn(b)));
        }
        long n = 0;
        for (RedisFuture<Long> x : f) {
            Long v = wait(x);
            n += v == null ? 0 : v;
        }
        return n;
    }

    @Override
    public void countErasure(Map<String, Long> facts) {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<RedisFuture<Long>> f = new ArrayList<>();
        facts.forEach((k, v) -> f.add(a.hincrby(keys.subscriberErasures(), k, v)));
        f.forEach(RedisSubscriberStore::wait);
    }

    @Override
    public Map<String, Long> erasureCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        redis.sync().hgetall(keys.subscriberErasures()).forEach((k, v) -> out.put(k, Long.parseLong(v)));
        return out;
    }

    @Override
    public long resolve(Notice.Segment segment, String name, long ttlSeconds) {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<String> all = List.copyOf(new LinkedHashSet<>(segment.all()));
        List<String> any = List.copyOf(new LinkedHashSet<>(segment.any()));
        List<String> not = List.copyOf(new LinkedHashSet<>(segment.not()));
        List<CompletableFuture<Long>> calls = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            List<String> k = new ArrayList<>();
            k.add(keys.segment(b, name));
            k.add(keys.segmentScratch(b, name));
            k.add(keys.subscribersIn(b));
            for (String t : all) {
                k.add(keys.subscriberTag(b, t));
            }
            for (String t : any) {
                k.add(keys.subscriberTag(b, t));
            }
            for (String t : not) {
                k.add(keys.subscriberTag(b, t));
            }
            calls.add(SEGMENT.callAsync(a, ScriptOutputType.INTEGER, k.toArray(String[]::new), Integer.toString(all.size()),
                    Integer.toString(any.size()), Integer.toString(not.size()), Long.toString(ttlSeconds)));
        }
        long n = 0;
        for (CompletableFuture<Long> c : calls) {
            Long v = wait(c);
            n += v == null ? 0 : v;
        }
        return n;
    }

    @Override
    public IdPage segmentPage(String name, String cursor, int limit) {
        Cursor c = Cursor.parse(cursor, buckets);
        int bucket = c.bucket;
        String after = c.after;
        while (bucket < buckets) {
            Range<String> range = after == null ? Range.unbounded() : Range.from(Range.Boundary.excluding(after), Range.Boundary.unbounded());
            List<String> got = redis.sync().zrangebylex(keys.segment(bucket, name), range, Limit.create(0, limit));
            if (!got.isEmpty()) {
                String next = got.size() == limit ? bucket + ":" + got.get(got.size() - 1) : (bucket + 1 < buckets ? (bucket + 1) + ":" : null);
                return new IdPage(got, next);
            }
            bucket++;
            after = null;
        }
        return new IdPage(List.of(), null);
    }

    @Override
    public boolean segmentExists(String name) {
        for (int b = 0; b < buckets; b++) {
            Long n = redis.sync().exists(keys.segment(b, name));
            if (n != null && n > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void dropSegment(String name) {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<RedisFuture<Long>> f = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            f.add(a.del(keys.segment(b, name)));
        }
        f.forEach(RedisSubscriberStore::wait);
    }

    private Subscriber read(String s) {
        try {
            return json.readValue(s, Subscriber.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a subscriber record in Redis cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Subscriber s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T wait(java.util.concurrent.Future<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Redis: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Redis did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}

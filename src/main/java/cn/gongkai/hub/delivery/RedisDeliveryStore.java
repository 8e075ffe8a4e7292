package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.TargetSource;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deliveries in Redis, changed only by the scripts in {@code lua/delivery/}, each of which touches the keys of one
 * bucket (declared in KEYS, one hash tag) and so runs on one node of a cluster. Work over all buckets (planning a
 * page, summing progress, listing a state) sends one command per bucket at once and waits for all.
 */
@Singleton
class RedisDeliveryStore implements DeliveryStore {
    private static final String LIB = "delivery/lib.lua";
    private static final LuaScript REDACT = LuaScript.load("delivery/redact.lua");
    private static final LuaScript PLAN_PAGE = LuaScript.load("delivery/plan-page.lua");
    private static final LuaScript CLAIM = LuaScript.load(LIB, "delivery/claim.lua");
    private static final LuaScript COMPLETE = LuaScript.load(LIB, "delivery/complete.lua");
    private static final LuaScript REFUSE = LuaScript.load(LIB, "delivery/refuse.lua");
    private static final LuaScript REQUEUE = LuaScript.load(LIB, "delivery/requeue.lua");
    private static final LuaScript RELEASE_RETRIES = LuaScript.load("delivery/release-retries.lua");
    private static final LuaScript DEFER = LuaScript.load(LIB, "delivery/defer.lua");
    private static final LuaScript RECEIPT = LuaScript.load(LIB, "delivery/receipt.lua");
    /** How long a vendor's message id is remembered for receipts. */
    private static final long REFERENCE_SECONDS = java.time.Duration.ofDays(7).toSeconds();
    private static final List<String> LISTED = List.of("RETRYING", "DEAD", "FAILED", "REFUSED", "IN_DOUBT");
    private static final TypeReference<List<Map<String, Object>>> CLAIMS = new TypeReference<>() { };
    private static final long WAIT_SECONDS = 30;

    private final RedisClusterCommands<String, String> redis;
    private final RedisClusterAsyncCommands<String, String> async;
    private final RedisKeys keys;
    private final Buckets buckets;
    private final DeliverySettings settings;
    private final ZoneId zone;
    private final ObjectMapper json;

    RedisDeliveryStore(RedisAccess access, RedisKeys keys, Buckets buckets, DeliverySettings settings, HubConfig hub, ObjectMapper json) {
        this.redis = access.sync();
        this.async = access.async();
        this.keys = keys;
        this.buckets = buckets;
        this.settings = settings;
        this.zone = hub.zoneId();
        this.json = json;
        String key = keys.deliveryBuckets();
        redis.set(key, Integer.toString(buckets.count()), io.lettuce.core.SetArgs.Builder.nx());
        String stored = redis.get(key);
        if (stored != null && !stored.equals(Integer.toString(buckets.count()))) {
            throw new cn.gongkai.hub.channel.ConfigException("hub.delivery.buckets is " + buckets.count()
                    + " but the deliveries in Redis were written with " + stored + " buckets; set HUB_DELIVERY_BUCKETS=" + stored
                    + " (the count cannot change under existing data)");
        }
    }

    /** The KEYS every state-changing script of a publication in a bucket gets, in the order lua/delivery/lib.lua names. */
    private List<String> layout(String channel, int bucket, PublicationKey pub, ZonedDateTime now) {
        List<String> k = new ArrayList<>(32);
        k.add(keys.progress(channel, bucket, pub.itemId(), pub.version(), pub.action().wire()));
        k.add(keys.retries(channel, bucket));
        for (String state : LISTED) {
            k.add(keys.byState(channel, bucket, state));
        }
        k.add(keys.itemProblems(channel, bucket, pub.itemId()));
        List<String> periods = periods(now);
        for (String p : periods) {
            k.add(keys.counters(channel, bucket, p));
        }
        for (String p : periods) {
            k.add(keys.countedItems(channel, bucket, p));
        }
        k.add(keys.deliveryStream(channel, bucket));
        return k;
    }

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy");

    private static List<String> periods(ZonedDateTime now) {
        return List.of(now.format(DateTimeFormatter.ISO_LOCAL_DATE), now.format(MONTH), now.format(YEAR));
    }

    // planning

    @Override
    public int plan(String channel, PublicationKey pub, List<Target> targets) {
        return plan(channel, pub, targets, KIND_ITEM);
    }

    @Override
    public int plan(String channel, PublicationKey pub, List<Target> targets, String kind) {
        Map<Integer, List<String[]>> byBucket = new TreeMap<>();
        for (Target t : targets) {
            String id = DeliveryStore.deliveryId(channel, pub.itemId(), pub.version(), pub.action().wire(), t.id());
            byBucket.computeIfAbsent(buckets.of(id), b -> new ArrayList<>()).add(new String[]{id, t.id(), nz(t.address()), nz(t.label())});
        }
        String now = Instant.now().toString();
        List<CompletableFuture<Long>> calls = new ArrayList<>();
        for (Map.Entry<Integer, List<String[]>> e : byBucket.entrySet()) {
            int b = e.getKey();
            List<String> k = new ArrayList<>();
            k.add(keys.progress(channel, b, pub.itemId(), pub.version(), pub.action().wire()));
            k.add(keys.itemDeliveries(channel, b, pub.itemId()));
            k.add(keys.deliveryStream(channel, b));
            List<String> a = new ArrayList<>(List.of(now, pub.itemId(), Integer.toString(pub.version()), pub.action().wire(), channel,
                    Integer.toString(b), Long.toString(settings.streamMaxLen()), Integer.toString(settings.deliveriesPerEntry()), kind));
            for (String[] d : e.getValue()) {
                k.add(keys.delivery(channel, b, d[0]));
                a.addAll(List.of(d));
            }
            calls.add(PLAN_PAGE.callAsync(async, ScriptOutputType.INTEGER, k.toArray(String[]::new), a.toArray(String[]::new)));
        }
        long created = 0;
        for (CompletableFuture<Long> c : calls) {
            created += wait(c);
        }
        return (int) created;
    }

    @Override
    public Optional<PlanState> planState(String channel, PublicationKey pub) {
        Map<String, String> h = redis.hgetall(keys.plan(channel, pub.itemId(), pub.version(), pub.action().wire()));
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        String cursor = h.get("cursor");
        return Optional.of(new PlanState(cursor == null || cursor.isEmpty() ? null : cursor, "true".equals(h.get("complete")),
                blank(h.get("stopped"))));
    }

    @Override
    public void planStopped(String channel, PublicationKey pub, String reason) {
        redis.hset(keys.plan(channel, pub.itemId(), pub.version(), pub.action().wire()), Map.of("complete", "true", "stopped", reason,
                "updatedAt", Instant.now().toString()));
        redis.sadd(keys.plans(channel, pub.itemId()), pub.version() + ":" + pub.action().wire());
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void planAdvanced(String channel, PublicationKey pub, String cursor) {
        String key = keys.plan(channel, pub.itemId(), pub.version(), pub.action().wire());
        redis.hset(key, Map.of("cursor", cursor == null ? "" : cursor, "complete", Boolean.toString(cursor == null),
                "updatedAt", Instant.now().toString()));
        redis.sadd(keys.plans(channel, pub.itemId()), pub.version() + ":" + pub.action().wire());
    }

    // sending

    @Override
    public List<Claim> claim(String channel, int bucket, PublicationKey pub, List<DeliveryRef> refs, String consumer, boolean resendSafe,
                             int maxAttempts, boolean redelivered) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        List<String> k = layout(channel, bucket, pub, now);
        List<String> a = new ArrayList<>(List.of(now.toInstant().toString(), Long.toString(now.toInstant().toEpochMilli()), consumer,
                resendSafe ? "1" : "0", Integer.toString(maxAttempts), redelivered ? "1" : "0"));
        for (DeliveryRef r : refs) {
            k.add(keys.delivery(channel, bucket, r.id()));
            a.add(r.id());
            a.add(Integer.toString(r.attempt()));
        }
        String out = CLAIM.call(redis, ScriptOutputType.VALUE, k.toArray(String[]::new), a.toArray(String[]::new));
        List<Claim> claims = new ArrayList<>(refs.size());
        try {
            for (Map<String, Object> c : json.readValue(out, CLAIMS)) {
                claims.add(new Claim(String.valueOf(c.get("id")), ClaimCode.valueOf(String.valueOf(c.get("code"))),
                        new Target(String.valueOf(c.get("targetId")), String.valueOf(c.get("address")), String.valueOf(c.get("label"))),
                        ((Number) c.get("attempt")).intValue()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("claim.lua answered " + out, e);
        }
        return claims;
    }

    @Override
    public int complete(String channel, int bucket, PublicationKey pub, int maxAttempts, List<Result> results) {
        if (results.isEmpty()) {
            return 0;
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        List<String> k = layout(channel, bucket, pub, now);
        List<String> a = new ArrayList<>(3 + results.size() * 9);
        a.add(now.toInstant().toString());
        a.add(Long.toString(now.toInstant().toEpochMilli()));
        a.add(Integer.toString(maxAttempts));
        for (Result r : results) {
            k.add(keys.delivery(channel, bucket, r.deliveryId()));
            a.add(r.deliveryId());
            a.add(Integer.toString(r.attempt()));
            a.add(r.outcome().name());
            a.add(nz(r.info()));
            a.add(Integer.toString(r.recipients()));
            a.add(Integer.toString(r.parts()));
            a.add(r.nextAttempt() == null ? "0" : Long.toString(r.nextAttempt().toEpochMilli()));
            a.add(r.nextAttempt() == null ? "" : r.nextAttempt().toString());
            a.add(nz(r.transport()));
        }
        Long n = COMPLETE.call(redis, ScriptOutputType.INTEGER, k.toArray(String[]::new), a.toArray(String[]::new));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public void recount(String channel, String itemId, java.util.function.Consumer<DeliveryFacts> each) {
        for (int b = 0; b < buckets.count(); b++) {
            String set = keys.itemDeliveries(channel, b, itemId);
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                io.lettuce.core.ValueScanCursor<String> page = redis.sscan(set, cursor, io.lettuce.core.ScanArgs.Builder.limit(500));
                List<RedisFuture<List<io.lettuce.core.KeyValue<String, String>>>> reads = new ArrayList<>(page.getValues().size());
                for (String id : page.getValues()) {
                    reads.add(async.hmget(keys.delivery(channel, b, id), "id", "itemId", "kind", "action", "state", "sentAt", "updatedAt",
                            "recipients", "parts", "receiptStatus", "receiptAt"));
                }
                for (RedisFuture<List<io.lettuce.core.KeyValue<String, String>>> f : reads) {
                    List<io.lettuce.core.KeyValue<String, String>> h = wait(f.toCompletableFuture());
                    if (!h.get(0).hasValue()) {
                        continue;
                    }
                    each.accept(new DeliveryFacts(v(h, 0), v(h, 1), v(h, 2) == null ? KIND_ITEM : v(h, 2), v(h, 3), v(h, 4), v(h, 5),
                            v(h, 6), v(h, 7) == null ? 0 : Integer.parseInt(v(h, 7)), v(h, 8) == null ? 0 : Integer.parseInt(v(h, 8)),
                            v(h, 9), v(h, 10)));
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
    }

    private static String v(List<io.lettuce.core.KeyValue<String, String>> h, int i) {
        return h.get(i).hasValue() && !h.get(i).getValue().isEmpty() ? h.get(i).getValue() : null;
    }

    @Override
    public int redactTargets(List<String> deliveryIds) {
        List<CompletableFuture<Long>> calls = new ArrayList<>(deliveryIds.size());
        for (String id : deliveryIds) {
            String channel = DeliveryStore.channelOf(id);
            if (channel != null) {
                calls.add(REDACT.callAsync(async, ScriptOutputType.INTEGER, new String[]{keys.delivery(channel, buckets.of(id), id)}));
            }
        }
        int n = 0;
        for (CompletableFuture<Long> c : calls) {
            Long r = wait(c);
            n += r != null && r == 1 ? 1 : 0;
        }
        return n;
    }

    @Override
    public int refuse(String channel, int bucket, PublicationKey pub, List<String> deliveryIds, String reason) {
        if (deliveryIds.isEmpty()) {
            return 0;
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        List<String> k = layout(channel, bucket, pub, now);
        List<String> a = new ArrayList<>(List.of(now.toInstant().toString(), Long.toString(now.toInstant().toEpochMilli()), reason));
        for (String id : deliveryIds) {
            k.add(keys.delivery(channel, bucket, id));
            a.add(id);
        }
        Long n = REFUSE.call(redis, ScriptOutputType.INTEGER, k.toArray(String[]::new), a.toArray(String[]::new));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public int defer(String channel, int bucket, PublicationKey pub, List<Held> held, String reason) {
        if (held.isEmpty()) {
            return 0;
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        List<String> k = layout(channel, bucket, pub, now);
        List<String> a = new ArrayList<>(List.of(now.toInstant().toString(), Long.toString(now.toInstant().toEpochMilli()), reason));
        for (Held h : held) {
            k.add(keys.delivery(channel, bucket, h.id()));
            a.add(h.id());
            a.add(Integer.toString(h.attempt()));
            a.add(Long.toString(h.due().toEpochMilli()));
            a.add(h.reserved() ? "1" : "0");
            a.add(h.due().toString());
        }
        Long n = DEFER.call(redis, ScriptOutputType.INTEGER, k.toArray(String[]::new), a.toArray(String[]::new));
        return n == null ? 0 : n.intValue();
    }

    @Override
    public void remember(String channel, String transport, Map<String, String> referenceToDelivery) {
        List<CompletableFuture<String>> sets = new ArrayList<>();
        referenceToDelivery.forEach((ref, id) -> sets.add(async.setex(keys.reference(channel, transport, ref), REFERENCE_SECONDS, id)
                .toCompletableFuture()));
        sets.forEach(RedisDeliveryStore::wait);
    }

    @Override
    public Optional<String> byReference(String channel, String transport, String reference) {
        return Optional.ofNullable(redis.get(keys.reference(channel, transport, reference)));
    }

    @Override
    public void keepEarlyReceipt(String channel, String transport, String reference, DeliveryReceipt receipt) {
        String key = keys.earlyReceipts(channel, transport);
        redis.hset(key, reference, receipt.status() + "\n" + receipt.at() + "\n" + nz(receipt.detail()));
        redis.expire(key, REFERENCE_SECONDS);
    }

    @Override
    public Map<String, DeliveryReceipt> takeEarlyReceipts(String channel, String transport, java.util.Collection<String> references) {
        String key = keys.earlyReceipts(channel, transport);
        if (references.isEmpty() || redis.exists(key) == 0) {
            return Map.of();
        }
        List<String> refs = List.copyOf(references);
        Map<String, DeliveryReceipt> out = new java.util.LinkedHashMap<>();
        List<io.lettuce.core.KeyValue<String, String>> found = redis.hmget(key, refs.toArray(String[]::new));
        for (io.lettuce.core.KeyValue<String, String> kv : found) {
            if (kv.hasValue()) {
                String[] f = kv.getValue().split("\n", 3);
                out.put(kv.getKey(), new DeliveryReceipt(f[0], java.time.Instant.parse(f[1]), f.length > 2 && !f[2].isEmpty() ? f[2] : null));
            }
        }
        if (!out.isEmpty()) {
            redis.hdel(key, out.keySet().toArray(String[]::new));
        }
        return out;
    }

    @Override
    public boolean receipt(String deliveryId, DeliveryReceipt receipt) {
        String channel = DeliveryStore.channelOf(deliveryId);
        if (channel == null) {
            return false;
        }
        int bucket = buckets.of(deliveryId);
        String key = keys.delivery(channel, bucket, deliveryId);
        List<io.lettuce.core.KeyValue<String, String>> h = redis.hmget(key, "itemId", "version", "action");
        if (!h.get(0).hasValue()) {
            return false;
        }
        PublicationKey pub = new PublicationKey(h.get(0).getValue(), Integer.parseInt(h.get(1).getValue()), Action.of(h.get(2).getValue()));
        List<String> k = layout(channel, bucket, pub, receipt.at().atZone(zone));
        k.add(key);
        Long n = RECEIPT.call(redis, ScriptOutputType.INTEGER, k.toArray(String[]::new), receipt.status(), receipt.at().toString(),
                nz(receipt.detail()));
        return n != null && n == 1;
    }

    @Override
    public long releaseRetries(String channel, int limit) {
        long now = System.currentTimeMillis();
        List<CompletableFuture<List<String>>> due = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            due.add(async.zrangebyscore(keys.retries(channel, b), Range.create(Double.NEGATIVE_INFINITY, (double) now), Limit.create(0, limit))
                    .toCompletableFuture());
        }
        List<CompletableFuture<Long>> moves = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            List<String> ids = wait(due.get(b));
            if (!ids.isEmpty()) {
                moves.add(release(channel, b, ids, now));
            }
        }
        long n = 0;
        for (CompletableFuture<Long> m : moves) {
            n += wait(m);
        }
        return n;
    }

    @Override
    public long releaseHeld(String channel, int bucket, List<String> deliveryIds) {
        return deliveryIds.isEmpty() ? 0 : wait(release(channel, bucket, deliveryIds, System.currentTimeMillis()));
    }

    private CompletableFuture<Long> release(String channel, int b, List<String> ids, long now) {
        List<String> k = new ArrayList<>(List.of(keys.retries(channel, b), keys.deliveryStream(channel, b)));
        List<String> a = new ArrayList<>(List.of(Long.toString(now), Long.toString(settings.streamMaxLen())));
        for (String id : ids) {
            k.add(keys.delivery(channel, b, id));
            a.add(id);
        }
        return RELEASE_RETRIES.callAsync(async, ScriptOutputType.INTEGER, k.toArray(String[]::new), a.toArray(String[]::new));
    }

    @Override
    public Optional<DeliveryState> requeue(String deliveryId, List<DeliveryState> allowed, String by) {
        String channel = DeliveryStore.channelOf(deliveryId);
        if (channel == null) {
            return Optional.empty();
        }
        int bucket = buckets.of(deliveryId);
        String key = keys.delivery(channel, bucket, deliveryId);
        List<io.lettuce.core.KeyValue<String, String>> h = redis.hmget(key, "itemId", "version", "action", "updatedAt");
        if (!h.get(0).hasValue()) {
            return Optional.empty();
        }
        PublicationKey pub = new PublicationKey(h.get(0).getValue(), Integer.parseInt(h.get(1).getValue()), Action.of(h.get(2).getValue()));
        ZonedDateTime now = ZonedDateTime.now(zone);
        // the counters of the periods it was last counted in (a FAILED one is counted out of `failed` there)
        ZonedDateTime last = h.get(3).hasValue() ? java.time.Instant.parse(h.get(3).getValue()).atZone(zone) : now;
        List<String> k = layout(channel, bucket, pub, last);
        k.add(key);
        try {
            String prev = REQUEUE.call(redis, ScriptOutputType.STATUS, k.toArray(String[]::new), now.toInstant().toString(),
                    Long.toString(now.toInstant().toEpochMilli()), deliveryId,
                    String.join(",", allowed.stream().map(Enum::name).toList()), by);
            return Optional.of(DeliveryState.valueOf(prev));
        } catch (RedisException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("missing")) {
                return Optional.empty();
            }
            if (m.contains("state ")) {
                throw new IllegalStateException(m.substring(m.indexOf("state ") + 6).strip());
            }
            throw e;
        }
    }

    // reading

    @Override
    public Optional<DeliveryRecord> find(String deliveryId) {
        String channel = DeliveryStore.channelOf(deliveryId);
        if (channel == null) {
            return Optional.empty();
        }
        Map<String, String> h = redis.hgetall(keys.delivery(channel, buckets.of(deliveryId), deliveryId));
        return h == null || h.isEmpty() ? Optional.empty() : Optional.of(DeliveryRecord.of(h));
    }

    @Override
    public StatePage inState(String channel, DeliveryState state, String after, int limit) {
        if (!state.listed()) {
            throw new IllegalArgumentException(state + " is not a listed state");
        }
        // each bucket's index is in order; the first `limit` after the cursor over all buckets is a k-way merge
        Range<String> range = Range.from(after == null ? Range.Boundary.unbounded() : Range.Boundary.excluding(after), Range.Boundary.unbounded());
        List<RedisFuture<List<String>>> pages = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            pages.add(async.zrangebylex(keys.byState(channel, b, state.name()), range, Limit.create(0, limit)));
        }
        PriorityQueue<String> merged = new PriorityQueue<>(Comparator.naturalOrder());
        for (RedisFuture<List<String>> p : pages) {
            merged.addAll(wait(p.toCompletableFuture()));
        }
        List<String> members = new ArrayList<>(limit);
        while (!merged.isEmpty() && members.size() < limit) {
            members.add(merged.poll());
        }
        List<String> ids = members.stream().map(m -> m.substring(m.indexOf('|') + 1)).toList();
        return new StatePage(read(channel, ids), members.isEmpty() ? null : members.get(members.size() - 1));
    }

    @Override
    public Progress progress(String channel, PublicationKey pub) {
        RedisFuture<Map<String, String>> plan = async.hgetall(keys.plan(channel, pub.itemId(), pub.version(), pub.action().wire()));
        List<RedisFuture<Map<String, String>>> parts = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            parts.add(async.hgetall(keys.progress(channel, b, pub.itemId(), pub.version(), pub.action().wire())));
        }
        long planned = 0;
        long delivered = 0;
        Map<String, Long> terminal = new LinkedHashMap<>();
        for (RedisFuture<Map<String, String>> p : parts) {
            for (Map.Entry<String, String> e : wait(p.toCompletableFuture()).entrySet()) {
                if (e.getKey().equals("planned")) {
                    planned += Long.parseLong(e.getValue());
                } else if (e.getKey().equals("delivered")) {
                    delivered += Long.parseLong(e.getValue());
                } else {
                    terminal.merge(e.getKey(), Long.parseLong(e.getValue()), Long::sum);
                }
            }
        }
        Map<String, String> planState = wait(plan.toCompletableFuture());
        return new Progress(planned, "true".equals(planState.get("complete")), blank(planState.get("stopped")), terminal, delivered);
    }

    @Override
    public ItemDeliveries item(String channel, String itemId, int maxProblems) {
        Set<String> pubs = redis.smembers(keys.plans(channel, itemId));
        long total = 0;
        Map<String, Long> byState = new TreeMap<>();
        for (String pub : pubs) {
            int colon = pub.indexOf(':');
            Progress p = progress(channel, new PublicationKey(itemId, Integer.parseInt(pub.substring(0, colon)), Action.of(pub.substring(colon + 1))));
            total += p.planned();
            long done = 0;
            for (Map.Entry<String, Long> e : p.terminal().entrySet()) {
                if (e.getValue() != 0) {
                    byState.merge(e.getKey(), e.getValue(), Long::sum);
                }
                done += e.getValue();
            }
            if (p.planned() > done) {
                byState.merge("PENDING", p.planned() - done, Long::sum);
            }
        }
        List<RedisFuture<List<String>>> pages = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            pages.add(async.zrangebylex(keys.itemProblems(channel, b, itemId), Range.unbounded(), Limit.create(0, maxProblems)));
        }
        PriorityQueue<String> merged = new PriorityQueue<>();
        for (RedisFuture<List<String>> p : pages) {
            merged.addAll(wait(p.toCompletableFuture()));
        }
        List<String> ids = new ArrayList<>();
        while (!merged.isEmpty() && ids.size() < maxProblems) {
            String m = merged.poll();
            ids.add(m.substring(m.indexOf('|') + 1));
        }
        return new ItemDeliveries(total, byState, read(channel, ids));
    }

    @Override
    public TargetSource reached(String channel, String itemId) {
        return new TargetSource() {
            @Override
            public TargetPage page(String cursor, int limit) {
                int bucket = 0;
                String scan = "0";
                if (cursor != null) {
                    int colon = cursor.indexOf(':');
                    bucket = Integer.parseInt(cursor.substring(0, colon));
                    scan = cursor.substring(colon + 1);
                }
                ValueScanCursor<String> page = redis.sscan(keys.itemDeliveries(channel, bucket, itemId),
                        io.lettuce.core.ScanCursor.of(scan), ScanArgs.Builder.limit(limit));
                List<Target> out = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (DeliveryRecord d : read(channel, page.getValues())) {
                    boolean reached = d.state() == DeliveryState.SENT || d.state() == DeliveryState.SENDING || d.state() == DeliveryState.IN_DOUBT;
                    if (d.action() == Action.PUBLISH && reached && seen.add(d.targetId())) {
                        out.add(new Target(d.targetId(), d.targetAddress(), d.targetLabel()));
                    }
                }
                String next;
                if (!page.isFinished()) {
                    next = bucket + ":" + page.getCursor();
                } else if (bucket + 1 < buckets.count()) {
                    next = (bucket + 1) + ":0";
                } else {
                    next = null;
                }
                return new TargetPage(out, next);
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.empty();
            }
        };
    }

    @Override
    public Map<String, Long> counters(String channel, String period) {
        List<RedisFuture<Map<String, String>>> parts = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            parts.add(async.hgetall(keys.counters(channel, b, period)));
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (RedisFuture<Map<String, String>> p : parts) {
            wait(p.toCompletableFuture()).forEach((k, v) -> out.merge(k, Long.parseLong(v), Long::sum));
        }
        return out;
    }

    @Override
    public Set<String> countedItems(String channel, String period) {
        List<RedisFuture<Set<String>>> parts = new ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            parts.add(async.smembers(keys.countedItems(channel, b, period)));
        }
        Set<String> out = new HashSet<>();
        for (RedisFuture<Set<String>> p : parts) {
            out.addAll(wait(p.toCompletableFuture()));
        }
        return out;
    }

    /** Delivery records by id, read at once (each id in its own bucket). */
    private List<DeliveryRecord> read(String channel, List<String> ids) {
        List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(ids.size());
        for (String id : ids) {
            futures.add(async.hgetall(keys.delivery(channel, buckets.of(id), id)));
        }
        List<DeliveryRecord> out = new ArrayList<>(ids.size());
        for (RedisFuture<Map<String, String>> f : futures) {
            Map<String, String> h = wait(f.toCompletableFuture());
            if (h != null && !h.isEmpty()) {
                out.add(DeliveryRecord.of(h));
            }
        }
        return out;
    }

    private static <T> T wait(CompletableFuture<T> f) {
        try {
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisException("no answer from Redis within " + WAIT_SECONDS + " s");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

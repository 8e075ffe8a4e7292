package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.RedisFuture;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Deliveries in Redis. Every state change goes through one of {@link DeliveryScripts}. */
@Singleton
public class DeliveryStore {
    private static final LuaScript PLAN = new LuaScript(DeliveryScripts.PLAN);
    private static final LuaScript CLAIM = new LuaScript(DeliveryScripts.CLAIM);
    private static final LuaScript COMPLETE = new LuaScript(DeliveryScripts.COMPLETE);
    private static final LuaScript REFUSE = new LuaScript(DeliveryScripts.REFUSE);
    private static final LuaScript RELEASE_RETRIES = new LuaScript(DeliveryScripts.RELEASE_RETRIES);
    private static final LuaScript REQUEUE = new LuaScript(DeliveryScripts.REQUEUE);

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final RedisKeys keys;
    private final DeliverySettings settings;
    private final ZoneId zone;

    public DeliveryStore(@Named("hub") StatefulRedisConnection<String, String> connection, RedisKeys keys,
                         DeliverySettings settings, cn.gongkai.hub.HubConfig hub) {
        this.redis = connection.sync();
        this.async = connection.async();
        this.keys = keys;
        this.settings = settings;
        this.zone = hub.zoneId();
    }

    /** Deterministic: planning the same publication twice gives the same ids. */
    public static String deliveryId(String channel, String itemId, int version, String action, String targetId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((itemId + "|" + version + "|" + action + "|" + targetId)
                    .getBytes(StandardCharsets.UTF_8));
            return channel + "." + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String channelOf(String deliveryId) {
        int dot = deliveryId.lastIndexOf('.');
        return dot <= 0 ? null : deliveryId.substring(0, dot);
    }

    /** Plans a publication on one channel; returns how many deliveries it has (planned now or before). */
    public long plan(String channel, String itemId, int version, Action action, List<Target> targets) {
        return plan(channel, itemId, version, action, targets, false);
    }

    /**
     * Adds deliveries that do not exist yet to an earlier plan of the same publication (a withdrawal for targets the
     * publication reached after the withdrawal was planned); returns how many were added.
     */
    public long planMore(String channel, String itemId, int version, Action action, List<Target> targets) {
        return targets.isEmpty() ? 0 : plan(channel, itemId, version, action, targets, true);
    }

    private long plan(String channel, String itemId, int version, Action actionValue, List<Target> targets, boolean adding) {
        String action = actionValue.wire();
        String t = keys.channelTag(channel);
        List<String> args = new ArrayList<>(8 + targets.size() * 4);
        args.add(Instant.now().toString());
        args.add(itemId);
        args.add(Integer.toString(version));
        args.add(action);
        args.add(channel);
        args.add(Integer.toString(settings.deliveriesPerEntry()));
        args.add(Long.toString(settings.streamMaxLen()));
        args.add(t);
        if (adding) {
            args.add("add");
        }
        for (Target target : targets) {
            args.add(deliveryId(channel, itemId, version, action, target.id()));
            args.add(target.id());
            args.add(target.address() == null ? "" : target.address());
            args.add(target.label() == null ? "" : target.label());
        }
        if (targets.isEmpty()) {
            redis.set(keys.planned(channel, itemId, version, action), "0", io.lettuce.core.SetArgs.Builder.nx());
            return Long.parseLong(redis.get(keys.planned(channel, itemId, version, action)));
        }
        Long n = PLAN.call(redis, ScriptOutputType.INTEGER,
                new String[]{keys.planned(channel, itemId, version, action), keys.itemDeliveries(channel, itemId), keys.stream(channel)},
                args.toArray(String[]::new));
        return n == null ? 0 : n;
    }

    public record Claim(String deliveryId, String code, Target target, int attempt) {
    }

    public List<Claim> claim(String channel, String consumer, boolean resendSafe, int maxAttempts, boolean redelivered,
                             List<String[]> idAndExpectedAttempt) {
        List<String> args = new ArrayList<>(6 + idAndExpectedAttempt.size() * 2);
        args.add(Instant.now().toString());
        args.add(consumer);
        args.add(resendSafe ? "1" : "0");
        args.add(Integer.toString(maxAttempts));
        args.add(keys.channelTag(channel));
        args.add(redelivered ? "1" : "0");
        args.add(Long.toString(System.currentTimeMillis()));
        for (String[] p : idAndExpectedAttempt) {
            args.add(p[0]);
            args.add(p[1]);
        }
        List<Object> out = CLAIM.call(redis, ScriptOutputType.MULTI, new String[]{keys.delivery(channel, idAndExpectedAttempt.get(0)[0])},
                args.toArray(String[]::new));
        List<Claim> claims = new ArrayList<>(idAndExpectedAttempt.size());
        for (int i = 0; i < idAndExpectedAttempt.size(); i++) {
            int b = i * 5;
            claims.add(new Claim(idAndExpectedAttempt.get(i)[0], String.valueOf(out.get(b)),
                    new Target(String.valueOf(out.get(b + 1)), String.valueOf(out.get(b + 2)), String.valueOf(out.get(b + 3))),
                    Integer.parseInt(String.valueOf(out.get(b + 4)))));
        }
        return claims;
    }

    /**
     * One result to record: SENT (info = reference), FAILED (info = reason), RETRY (info = reason, next attempt) or
     * REFUSED (info = reason: what would have gone out is not what was approved).
     */
    public record Result(String deliveryId, int attempt, String outcome, String info, int recipients, int parts, Instant nextAttempt) {
    }

    public long complete(String channel, int maxAttempts, List<Result> results) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        List<String> args = new ArrayList<>(6 + results.size() * 8);
        args.add(now.toInstant().toString());
        args.add(keys.channelTag(channel));
        args.add(now.format(DateTimeFormatter.ISO_LOCAL_DATE));
        args.add(now.format(DateTimeFormatter.ofPattern("yyyy-MM")));
        args.add(now.format(DateTimeFormatter.ofPattern("yyyy")));
        args.add(Integer.toString(maxAttempts));
        args.add(Long.toString(now.toInstant().toEpochMilli()));
        for (Result r : results) {
            args.add(r.deliveryId());
            args.add(Integer.toString(r.attempt()));
            args.add(r.outcome());
            args.add(r.info() == null ? "" : r.info());
            args.add(Integer.toString(r.recipients()));
            args.add(Integer.toString(r.parts()));
            args.add(r.nextAttempt() == null ? "0" : Long.toString(r.nextAttempt().toEpochMilli()));
            args.add(r.nextAttempt() == null ? "" : r.nextAttempt().toString());
        }
        Long n = COMPLETE.call(redis, ScriptOutputType.INTEGER, new String[]{keys.delivery(channel, results.get(0).deliveryId())},
                args.toArray(String[]::new));
        return n == null ? 0 : n;
    }

    public long refuse(String channel, List<String> deliveryIds, String reason) {
        if (deliveryIds.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(List.of(Instant.now().toString(), keys.channelTag(channel), reason,
                Long.toString(System.currentTimeMillis())));
        args.addAll(deliveryIds);
        Long n = REFUSE.call(redis, ScriptOutputType.INTEGER, new String[]{keys.delivery(channel, deliveryIds.get(0))}, args.toArray(String[]::new));
        return n == null ? 0 : n;
    }

    public long releaseRetries(String channel, int limit) {
        Long n = RELEASE_RETRIES.call(redis, ScriptOutputType.INTEGER, new String[]{keys.retries(channel), keys.stream(channel)},
                Long.toString(System.currentTimeMillis()), Integer.toString(limit), Long.toString(settings.streamMaxLen()), keys.channelTag(channel));
        return n == null ? 0 : n;
    }

    /** A person's retry (DEAD, FAILED) or resend (IN_DOUBT); empty when the delivery does not exist. */
    public Optional<String> requeue(String deliveryId, List<DeliveryState> allowed, String by) {
        String channel = channelOf(deliveryId);
        if (channel == null) {
            return Optional.empty();
        }
        try {
            String prev = REQUEUE.call(redis, ScriptOutputType.STATUS, new String[]{keys.delivery(channel, deliveryId), keys.stream(channel)},
                    Instant.now().toString(), keys.channelTag(channel), deliveryId,
                    String.join(",", allowed.stream().map(Enum::name).toList()), by, Long.toString(System.currentTimeMillis()));
            return Optional.of(prev);
        } catch (RedisException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("missing")) {
                return Optional.empty();
            }
            if (m.contains("state ")) {
                throw new IllegalArgumentException(m.substring(m.indexOf("state ")));
            }
            throw e;
        }
    }

    public Optional<DeliveryRecord> find(String deliveryId) {
        String channel = channelOf(deliveryId);
        if (channel == null) {
            return Optional.empty();
        }
        Map<String, String> h = redis.hgetall(keys.delivery(channel, deliveryId));
        return h == null || h.isEmpty() ? Optional.empty() : Optional.of(DeliveryRecord.of(h));
    }

    /** All deliveries of an item on a channel, read with pipelined HGETALLs in chunks. */
    public List<DeliveryRecord> forItem(String channel, String itemId) {
        List<DeliveryRecord> out = new ArrayList<>();
        var scan = io.lettuce.core.ScanArgs.Builder.limit(1000);
        io.lettuce.core.ValueScanCursor<String> cursor = redis.sscan(keys.itemDeliveries(channel, itemId), scan);
        while (true) {
            out.addAll(read(channel, cursor.getValues()));
            if (cursor.isFinished()) {
                return out;
            }
            cursor = redis.sscan(keys.itemDeliveries(channel, itemId), cursor, scan);
        }
    }

    /** A page of one channel's deliveries in a state a person looks at, in the order they entered it. */
    public record StatePage(List<DeliveryRecord> items, String lastMember) {
    }

    /**
     * Deliveries of {@code channel} in {@code state} (RETRYING, DEAD, FAILED, REFUSED or IN_DOUBT) that entered it after
     * {@code afterMember} (null: from the first), at most {@code limit}.
     */
    public StatePage inState(String channel, DeliveryState state, String afterMember, int limit) {
        io.lettuce.core.Range<String> range = io.lettuce.core.Range.from(
                afterMember == null ? io.lettuce.core.Range.Boundary.unbounded() : io.lettuce.core.Range.Boundary.excluding(afterMember),
                io.lettuce.core.Range.Boundary.unbounded());
        List<String> members = redis.zrangebylex(keys.byState(channel, state.name()), range, io.lettuce.core.Limit.create(0, limit));
        List<String> ids = members.stream().map(m -> m.substring(m.indexOf('|') + 1)).toList();
        return new StatePage(read(channel, ids), members.isEmpty() ? null : members.get(members.size() - 1));
    }

    private List<DeliveryRecord> read(String channel, List<String> ids) {
        List<RedisFuture<Map<String, String>>> futures = new ArrayList<>(ids.size());
        for (String id : ids) {
            futures.add(async.hgetall(keys.delivery(channel, id)));
        }
        List<DeliveryRecord> out = new ArrayList<>(ids.size());
        for (RedisFuture<Map<String, String>> f : futures) {
            try {
                Map<String, String> h = f.get(30, TimeUnit.SECONDS);
                if (h != null && !h.isEmpty()) {
                    out.add(DeliveryRecord.of(h));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("reading deliveries: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Planned count and terminal counts of one publication on one channel; null planned when not planned yet. */
    public record Progress(Long planned, Map<String, Long> terminal) {
        public long done() {
            return terminal.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public Progress progress(String channel, String itemId, int version, Action action) {
        String planned = redis.get(keys.planned(channel, itemId, version, action.wire()));
        Map<String, Long> counts = new LinkedHashMap<>();
        redis.hgetall(keys.progress(channel, itemId, version, action.wire()))
                .forEach((k, v) -> counts.put(k, Long.parseLong(v)));
        return new Progress(planned == null ? null : Long.parseLong(planned), counts);
    }

    /** Counters of one channel for one period ({@code 2026}, {@code 2026-11}, {@code 2026-11-22}). */
    public Map<String, Long> counters(String channel, String period) {
        Map<String, Long> out = new LinkedHashMap<>();
        redis.hgetall(keys.counters(channel, period)).forEach((k, v) -> out.put(k, Long.parseLong(v)));
        return out;
    }
}

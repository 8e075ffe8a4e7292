package cn.gongkai.hub.delivery;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The way into the {@code publish} stream: every request is first kept in the schedule (at its {@code publishAt}, or a
 * grace period ahead for an immediate one), the item's state changes, then the request is released. A caller that
 * stops between those steps leaves a request the schedule releases later, never a state change with no request.
 * All keys share the {@code {ch:publish}} hash tag.
 */
@Singleton
class PublicationQueue {
    static final String STREAM = "publish";
    /** How long an immediate request waits in the schedule before another instance carries it out instead. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final LuaScript ENQUEUE = LuaScript.load("publish/enqueue.lua");
    private static final LuaScript RELEASE_NOW = LuaScript.load("publish/release-now.lua");
    private static final LuaScript CANCEL = LuaScript.load("publish/cancel.lua");
    private static final LuaScript RELEASE_DUE = LuaScript.load("publish/release-due.lua");

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;

    PublicationQueue(@Named("hub") StatefulRedisConnection<String, String> connection, RedisKeys keys) {
        this.redis = connection.sync();
        this.keys = keys;
    }

    /** Keeps the request until {@code due}. */
    void enqueue(PublicationRequest r, Instant due) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(due.toEpochMilli()));
        args.add(r.id());
        pairs(r.fields(), args);
        ENQUEUE.call(redis, ScriptOutputType.INTEGER, new String[]{keys.scheduled(), keys.publishRequest(r.id())}, args.toArray(String[]::new));
    }

    /** Keeps an immediate request for the grace period, as a safety copy until {@link #release}. */
    void hold(PublicationRequest r) {
        enqueue(r, Instant.now().plus(GRACE));
    }

    void release(PublicationRequest r) {
        List<String> args = new ArrayList<>();
        args.add(r.id());
        pairs(r.fields(), args);
        RELEASE_NOW.call(redis, ScriptOutputType.INTEGER,
                new String[]{keys.scheduled(), keys.publishRequest(r.id()), keys.stream(STREAM)}, args.toArray(String[]::new));
    }

    /** Puts a request straight back on the stream (the next pages of a large plan), behind what is waiting. */
    void continueLater(PublicationRequest r) {
        redis.xadd(keys.stream(STREAM), r.continued().fields());
    }

    void cancel(PublicationRequest r) {
        CANCEL.call(redis, ScriptOutputType.INTEGER, new String[]{keys.scheduled(), keys.publishRequest(r.id())}, r.id());
    }

    /** Moves up to {@code limit} due requests onto the stream; returns how many moved. */
    long releaseDue(int limit) {
        long now = System.currentTimeMillis();
        List<String> due = redis.zrangebyscore(keys.scheduled(), Range.create(Double.NEGATIVE_INFINITY, (double) now), Limit.create(0, limit));
        long moved = 0;
        for (String id : due) {
            Long n = RELEASE_DUE.call(redis, ScriptOutputType.INTEGER,
                    new String[]{keys.scheduled(), keys.publishRequest(id), keys.stream(STREAM)}, id, Long.toString(now));
            moved += n == null ? 0 : n;
        }
        return moved;
    }

    private static void pairs(Map<String, String> fields, List<String> out) {
        fields.forEach((k, v) -> {
            out.add(k);
            out.add(v);
        });
    }
}

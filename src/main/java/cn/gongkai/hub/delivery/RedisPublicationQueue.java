package cn.gongkai.hub.delivery;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The queue as the scripts in {@code lua/publish/}: the schedule (a sorted set of request ids by due time), one hash
 * per request, and the {@code publish} stream, all under the {@code {ch:publish}} hash tag so each script runs in
 * one slot.
 */
@Singleton
class RedisPublicationQueue implements PublicationQueue {
    static final String STREAM = "publish";
    private static final LuaScript ENQUEUE = LuaScript.load("publish/enqueue.lua");
    private static final LuaScript RELEASE_NOW = LuaScript.load("publish/release-now.lua");
    private static final LuaScript CANCEL = LuaScript.load("publish/cancel.lua");
    private static final LuaScript RELEASE_DUE = LuaScript.load("publish/release-due.lua");

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisPublicationQueue(RedisAccess redis, RedisKeys keys) {
        this.redis = redis.sync();
        this.keys = keys;
    }

    @Override
    public void enqueue(PublicationRequest r, Instant due) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(due.toEpochMilli()));
        args.add(r.id());
        pairs(r.fields(), args);
        ENQUEUE.call(redis, ScriptOutputType.INTEGER, new String[]{keys.scheduled(), keys.publishRequest(r.id())}, args.toArray(String[]::new));
    }

    @Override
    public void release(PublicationRequest r) {
        List<String> args = new ArrayList<>();
        args.add(r.id());
        pairs(r.fields(), args);
        RELEASE_NOW.call(redis, ScriptOutputType.INTEGER,
                new String[]{keys.scheduled(), keys.publishRequest(r.id()), keys.stream(STREAM)}, args.toArray(String[]::new));
    }

    @Override
    public void continueLater(PublicationRequest r) {
        redis.xadd(keys.stream(STREAM), r.continued().fields());
    }

    @Override
    public void cancel(PublicationRequest r) {
        CANCEL.call(redis, ScriptOutputType.INTEGER, new String[]{keys.scheduled(), keys.publishRequest(r.id())}, r.id());
    }

    @Override
    public long releaseDue(int limit) {
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

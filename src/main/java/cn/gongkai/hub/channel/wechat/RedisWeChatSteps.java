package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps in Redis: one hash per delivery ({@code {wechat:<delivery id>}:steps}), written one field at a time (each
 * HSET is atomic and the only key it touches), and a set per item naming its publishing deliveries. The release time
 * of a notice is one key per item version ({@code wechat-notice:<item>:<version>}), set once (SET NX).
 */
@Singleton
class RedisWeChatSteps implements WeChatSteps, NoticeTimes {
    private static final Duration MASS_COUNT_KEPT = Duration.ofDays(3);

    private final RedisAccess redis;
    private final RedisKeys keys;

    RedisWeChatSteps(RedisAccess redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Steps load(String deliveryId) {
        return Steps.fromHash(redis.sync().hgetall(keys.wechatSteps(deliveryId)));
    }

    @Override
    public void record(String deliveryId, Step step, String value) {
        redis.sync().hset(keys.wechatSteps(deliveryId), step.field, value);
    }

    @Override
    public void recordImage(String deliveryId, String attachmentName, String url) {
        redis.sync().hset(keys.wechatSteps(deliveryId), Steps.IMAGE + attachmentName, url);
    }

    @Override
    public void forget(String deliveryId, Step step) {
        redis.sync().hdel(keys.wechatSteps(deliveryId), step.field);
    }

    @Override
    public void keep(String deliveryId, Duration keep) {
        redis.sync().pexpire(keys.wechatSteps(deliveryId), Math.max(1, keep.toMillis()));
    }

    @Override
    public Instant releasedAt(String itemId, int version, Instant now) {
        String key = keys.wechatNotice(itemId, version);
        redis.sync().set(key, now.toString(), SetArgs.Builder.nx().px(NOTICE_KEPT.toMillis()));
        String v = redis.sync().get(key);
        return v == null ? now : Instant.parse(v);
    }

    @Override
    public void index(String itemId, String deliveryId) {
        redis.sync().sadd(keys.wechatItem(itemId), deliveryId);
    }

    @Override
    public List<String> publications(String itemId) {
        List<String> ids = new ArrayList<>(redis.sync().smembers(keys.wechatItem(itemId)));
        ids.sort(null);
        return ids;
    }

    @Override
    public long countMassSend(String appId, LocalDate day) {
        String key = keys.wechatMassSends(appId, day.toString());
        long n = redis.sync().incr(key);
        redis.sync().expire(key, MASS_COUNT_KEPT.toSeconds());
        return n;
    }

    @Override
    public long massSends(String appId, LocalDate day) {
        String v = redis.sync().get(keys.wechatMassSends(appId, day.toString()));
        return v == null ? 0 : Long.parseLong(v);
    }
}

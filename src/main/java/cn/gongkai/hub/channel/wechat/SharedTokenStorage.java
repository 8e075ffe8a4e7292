package cn.gongkai.hub.channel.wechat;

import me.chanjar.weixin.common.redis.WxRedisOps;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

import java.util.concurrent.TimeUnit;

/**
 * The account's access token where every hub instance finds it: in Redis ({@code {wechat-token:<appid>}:token}, with
 * the time WeChat gave it, less a margin), refreshed under a lock all instances share. With the stable token
 * ({@code POST /cgi-bin/stable_token}, normal mode) a refresh hands back the token that is current, so instances
 * never invalidate each other's; WxJava refreshes and retries once when a call answers 40001, 40014 or 42001
 * ({@code BaseWxMpServiceImpl.executeInternal}), and only expires the shared token if it is still the one that failed.
 */
final class SharedTokenStorage extends WxMpDefaultConfigImpl {
    private static final long serialVersionUID = 1L;
    /** WxJava's own in-memory storage keeps a token 200 s less than WeChat says. */
    private static final int MARGIN_SECONDS = 200;

    private final transient WxRedisOps ops;
    private final String tokenKey;

    SharedTokenStorage(WxRedisOps ops, String tokenKey, String lockKey) {
        this.ops = ops;
        this.tokenKey = tokenKey;
        this.accessTokenLock = ops.getLock(lockKey);
        useStableAccessToken(true);
    }

    @Override
    public String getAccessToken() {
        return ops.getValue(tokenKey);
    }

    @Override
    public boolean isAccessTokenExpired() {
        Long left = ops.getExpire(tokenKey);
        return left == null || left < 2;
    }

    @Override
    public synchronized void updateAccessToken(String accessToken, int expiresInSeconds) {
        int keep = expiresInSeconds > 2 * MARGIN_SECONDS ? expiresInSeconds - MARGIN_SECONDS : Math.max(1, expiresInSeconds / 2);
        ops.setValue(tokenKey, accessToken, keep, TimeUnit.SECONDS);
    }

    @Override
    public void expireAccessToken() {
        ops.expire(tokenKey, 0, TimeUnit.SECONDS);
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

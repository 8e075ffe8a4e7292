package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.RedisUnderTest;
import cn.gongkai.hub.support.TestRedis;

/** {@link FanOutContract} on one redis-server. */
class FanOutIT extends FanOutContract {
    @Override
    RedisUnderTest startRedis() {
        return TestRedis.start();
    }
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.RedisUnderTest;
import cn.gongkai.hub.support.TestRedisCluster;

/** {@link FanOutContract} on a Redis Cluster of three masters. */
class FanOutOnClusterIT extends FanOutContract {
    @Override
    RedisUnderTest startRedis() {
        return TestRedisCluster.start();
    }
}

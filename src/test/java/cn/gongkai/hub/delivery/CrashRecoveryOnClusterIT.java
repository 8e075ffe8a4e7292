package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.TestRedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link CrashRecoveryIT}'s ten killed broadcasts on a Redis Cluster of three masters. */
class CrashRecoveryOnClusterIT {

    @Test
    void should_bound_doubt_to_one_batch_and_never_send_twice_whenever_the_hub_is_killed_on_a_cluster(@TempDir Path tmp) throws Exception {
        try (TestRedisCluster cluster = TestRedisCluster.start()) {
            CrashRecoveryIT.rounds(cluster, tmp);
        }
    }
}

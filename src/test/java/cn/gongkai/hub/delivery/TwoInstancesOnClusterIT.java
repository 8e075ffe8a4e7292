package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.TestRedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link TwoInstancesIT} on a Redis Cluster of three masters. */
class TwoInstancesOnClusterIT {

    @Test
    void should_share_the_work_of_ten_thousand_deliveries_between_two_instances_on_a_cluster(@TempDir Path tmp) throws Exception {
        try (TestRedisCluster cluster = TestRedisCluster.start()) {
            TwoInstancesIT.share(cluster, tmp);
        }
    }
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.ChannelRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases what has come due: retries back into their channel's stream, scheduled publications (and requests whose
 * caller stopped half-way) into the publish stream. Runs on every instance; each due entry is moved by one script, so
 * exactly once.
 */
@Singleton
@Named("deliveryScheduler")
public class DeliveryScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);
    static final int LIMIT = 1000;

    private final ChannelRegistry channels;
    private final DeliveryStore store;
    private final PublicationQueue queue;

    DeliveryScheduler(ChannelRegistry channels, DeliveryStore store, PublicationQueue queue) {
        this.channels = channels;
        this.store = store;
        this.queue = queue;
    }

    private volatile boolean redisDown;

    public void releaseDue() {
        try {
            release();
            if (redisDown) {
                redisDown = false;
                LOG.info("Redis is reachable again; releasing due retries and scheduled publications");
            }
        } catch (RuntimeException e) {
            if (!cn.gongkai.hub.redis.RedisErrors.fromRedis(e)) {
                throw e;
            }
            // one failed call ends this round: the next tick tries again, and an outage is logged once, not per tick
            if (!redisDown) {
                redisDown = true;
                LOG.warn("Cannot release due retries and scheduled publications: Redis unavailable ({})", e.getMessage());
            }
        }
    }

    private void release() {
        long published = queue.releaseDue(LIMIT);
        if (published > 0) {
            LOG.info("Released {} due publication request(s)", published);
        }
        for (String name : channels.settings().keySet()) {
            long n = store.releaseRetries(name, LIMIT);
            if (n > 0) {
                LOG.info("Released {} {} deliveries for retry", n, name);
            }
        }
    }
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.ChannelRegistry;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases what has come due: retries back into their channel's stream, scheduled publications into the publish
 * stream. Runs on every instance; each due entry is moved by one script, so exactly once.
 */
@Singleton
@Named("deliveryScheduler")
public class DeliveryScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);
    static final int LIMIT = 1000;

    private final ChannelRegistry channels;
    private final DeliveryStore store;

    DeliveryScheduler(ChannelRegistry channels, DeliveryStore store) {
        this.channels = channels;
        this.store = store;
    }

    public void releaseDue() {
        long published = store.releaseScheduled(LIMIT);
        if (published > 0) {
            LOG.info("Released {} scheduled publication(s)", published);
        }
        for (String name : channels.settings().keySet()) {
            long n = store.releaseRetries(name, LIMIT);
            if (n > 0) {
                LOG.info("Released {} {} deliveries for retry", n, name);
            }
        }
    }
}

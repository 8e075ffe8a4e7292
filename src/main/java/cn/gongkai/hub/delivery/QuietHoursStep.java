package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.QuietHours;
import cn.gongkai.hub.item.Urgency;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Quiet hours ({@code quiet-hours: "21:00-08:00"} in a channel file, the hub's zone): inside the window a
 * normal-urgency batch is held until the window ends, without using an attempt; urgent items go at once.
 */
@Singleton
@Named("quietHours")
public class QuietHoursStep {
    private static final Logger LOG = LoggerFactory.getLogger(QuietHoursStep.class);
    private final DeliveryStore store;
    private final Clock clock;

    @jakarta.inject.Inject
    QuietHoursStep(DeliveryStore store, HubConfig hub) {
        this(store, Clock.system(hub.zoneId()));
    }

    QuietHoursStep(DeliveryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public SendBatch hold(SendBatch b) {
        if (b.waiting.isEmpty() || b.publication.content().urgency() == Urgency.URGENT) {
            return b;
        }
        Optional<QuietHours> quiet = QuietHours.parse(b.settings.quietHours());
        Optional<ZonedDateTime> end = quiet.flatMap(q -> q.endIfInside(ZonedDateTime.now(clock)));
        if (end.isEmpty()) {
            return b;
        }
        List<DeliveryStore.Held> held = b.waiting.stream()
                .map(r -> new DeliveryStore.Held(r.id(), r.attempt(), end.get().toInstant(), r.reserved())).toList();
        int n = store.defer(b.channelName(), b.bucket, b.publicationKey, held, "quiet hours " + quiet.get() + ": held until " + end.get().toLocalTime());
        LOG.info("{}: {} deliveries of item {} held for quiet hours until {}", b.channelName(), n, b.publicationKey.itemId(), end.get());
        b.waiting = List.of();
        return b;
    }
}

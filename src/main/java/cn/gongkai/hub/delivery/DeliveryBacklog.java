package cn.gongkai.hub.delivery;

import java.util.EnumSet;
import java.util.Set;

/**
 * How much work a channel has waiting or needing a person, for gauges. Each call reads a few counters, never the
 * deliveries themselves; callers read it every few seconds at most (the metrics cache it).
 */
public interface DeliveryBacklog {

    /** The states a person looks at, which {@link #inState} counts. */
    Set<DeliveryState> COUNTED = EnumSet.of(DeliveryState.RETRYING, DeliveryState.DEAD, DeliveryState.FAILED,
            DeliveryState.REFUSED, DeliveryState.IN_DOUBT);

    /**
     * How many of the channel's deliveries are in {@code state}, summed over all of the channel's data.
     *
     * @throws IllegalArgumentException for a state not in {@link #COUNTED}
     */
    long inState(String channel, DeliveryState state);

    /** The channel's stream as its consumer group sees it. */
    StreamBacklog stream(String channel);

    /**
     * {@code pending}: entries handed to a consumer and not yet acknowledged; {@code lag}: entries not yet handed to
     * any. An entry carries up to {@code hub.delivery.deliveries-per-entry} deliveries. Both 0 when the stream or its
     * group does not exist yet.
     */
    record StreamBacklog(long pending, long lag) {
    }
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the hub knows of each channel's transport, read-only, for the console's 工作台: which transports the channel
 * file selects (and whether it only writes to the outbox or drops), the backlog on its streams, and how many of its
 * deliveries wait for a person. Reads counters only ({@link DeliveryBacklog}), never the deliveries.
 */
@Singleton
public class ChannelHealth {
    /** The states a person must act on; the console links each count to the list of those deliveries. */
    public static final List<DeliveryState> NEEDS_PERSON = List.of(DeliveryState.IN_DOUBT, DeliveryState.DEAD, DeliveryState.FAILED);

    private final ChannelRegistry channels;
    private final DeliveryBacklog backlog;

    ChannelHealth(ChannelRegistry channels, DeliveryBacklog backlog) {
        this.channels = channels;
        this.backlog = backlog;
    }

    /**
     * @param transports the transports in failover order, as the channel file names them
     * @param local      true when nothing leaves the machine: {@code outbox} (files under the data dir) or {@code discard}
     * @param pending    stream entries handed to an instance and not acknowledged
     * @param lag        stream entries no instance has read yet
     * @param inState    by state, the states {@link DeliveryBacklog#COUNTED} (RETRYING, REFUSED and those of {@link #NEEDS_PERSON})
     */
    public record Status(String channel, boolean enabled, List<String> transports, boolean local, long pending, long lag,
                         Map<DeliveryState, Long> inState) {
        public long retrying() {
            return inState.getOrDefault(DeliveryState.RETRYING, 0L);
        }

        public long needsPerson() {
            return NEEDS_PERSON.stream().mapToLong(s -> inState.getOrDefault(s, 0L)).sum();
        }
    }

    public List<Status> channels() {
        List<Status> out = new ArrayList<>();
        for (ChannelSettings s : channels.settings().values()) {
            Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
            for (DeliveryState st : DeliveryBacklog.COUNTED) {
                counts.put(st, backlog.inState(s.name(), st));
            }
            DeliveryBacklog.StreamBacklog stream = backlog.stream(s.name());
            boolean local = s.transport().stream().allMatch(t -> t.equals("outbox") || t.equals("discard"));
            out.add(new Status(s.name(), s.enabled(), List.copyOf(s.transport()), local, stream.pending(), stream.lag(), Map.copyOf(counts)));
        }
        return List.copyOf(out);
    }

    /** Over every channel: how many deliveries are in each state of {@link #NEEDS_PERSON}. */
    public static Map<DeliveryState, Long> needsPerson(List<Status> statuses) {
        Map<DeliveryState, Long> out = new EnumMap<>(DeliveryState.class);
        for (DeliveryState st : NEEDS_PERSON) {
            out.put(st, statuses.stream().mapToLong(s -> s.inState().getOrDefault(st, 0L)).sum());
        }
        return out;
    }
}

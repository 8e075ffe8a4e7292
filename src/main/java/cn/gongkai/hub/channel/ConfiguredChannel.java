package cn.gongkai.hub.channel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every channel implementation shares: its name and settings from its {@code channel-config/} file, and the
 * transport chain its {@code transport:} chose from the built-in ones (outbox, discard) and the channel's own beans.
 *
 * @param <M> the channel's rendered message
 */
public abstract class ConfiguredChannel<M> implements Channel {
    protected final ChannelSettings settings;
    protected final Transport<M> transport;
    /** Set by the subclass's constructor from its config. */
    protected List<Target> targets = List.of();

    /**
     * @param outbox how one message is written to the outbox (the built-in {@code outbox} transport)
     * @param own    the channel's own transport beans (only those selected in its file exist)
     */
    protected ConfiguredChannel(ChannelSettings settings, ChannelDescriptor descriptor, Transports.OutboxWriter<M> outbox,
                                List<? extends Transport<M>> own) {
        this.settings = settings;
        Map<String, Transport<M>> available = new LinkedHashMap<>();
        available.put("outbox", Transports.outbox(descriptor.resendSafe(), outbox));
        available.put("discard", Transports.discard(descriptor.resendSafe()));
        for (Transport<M> t : own) {
            available.put(t.name(), t);
        }
        this.transport = Transports.select(settings, available);
    }

    @Override
    public final String name() {
        return settings.name();
    }

    @Override
    public final boolean resendSafe() {
        return transport.resendSafe();
    }

    @Override
    public TargetSource targets() {
        return TargetSource.of(targets);
    }

    /** The selected transport (a failover chain when several are named). */
    public Transport<M> transport() {
        return transport;
    }
}

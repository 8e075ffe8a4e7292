package cn.gongkai.hub.channel;

import java.util.List;

/**
 * What every channel implementation shares: its name and settings from its {@code channel-config/} file, and
 * whether a resend is harmless.
 */
public abstract class ConfiguredChannel implements Channel {
    protected final ChannelSettings settings;
    private final boolean resendSafe;
    /** Set by the subclass's constructor from its config. */
    protected List<Target> targets = List.of();

    protected ConfiguredChannel(ChannelSettings settings, boolean resendSafe) {
        this.settings = settings;
        this.resendSafe = resendSafe;
    }

    @Override
    public final String name() {
        return settings.name();
    }

    @Override
    public final boolean resendSafe() {
        return resendSafe;
    }

    @Override
    public TargetSource targets() {
        return TargetSource.of(targets);
    }
}

package cn.gongkai.hub.channel;

import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured channels, bound and validated when the hub starts (a bad value stops the start) and the one
 * {@link Channel} implementation of each.
 */
@Context
public class ChannelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);

    private final Map<String, ChannelSettings> settings;
    private final Map<String, Channel> channels;

    public ChannelRegistry(List<ChannelSettings> settings, List<Channel> channels) {
        this.settings = settings.stream().collect(Collectors.toMap(ChannelSettings::name, Function.identity(), (a, b) -> a, TreeMap::new));
        this.channels = channels.stream().collect(Collectors.toMap(Channel::name, Function.identity(), (a, b) -> {
            throw new IllegalStateException("two implementations of channel " + a.name());
        }, TreeMap::new));
        for (ChannelSettings s : this.settings.values()) {
            LOG.info("Channel {}: {}, transport {}, {} target(s)", s.name(), s.enabled() ? "enabled" : "disabled", s.transport(),
                    channel(s.name()).map(c -> c.targets().size().isPresent() ? String.valueOf(c.targets().size().getAsLong()) : "?")
                            .orElse("no implementation, "));
        }
    }

    public Map<String, ChannelSettings> settings() {
        return settings;
    }

    public Optional<ChannelSettings> settings(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    public Optional<Channel> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /** Enabled channels that have an implementation. */
    public List<Channel> active() {
        return channels.values().stream().filter(c -> settings(c.name()).map(ChannelSettings::enabled).orElse(false)).toList();
    }
}

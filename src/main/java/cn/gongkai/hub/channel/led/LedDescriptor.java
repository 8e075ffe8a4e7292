package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelDescriptor;
import cn.gongkai.hub.channel.ConfigCheck;
import cn.gongkai.hub.channel.ConfigException;
import io.micronaut.core.annotation.Introspected;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** LED screens; a playlist entry is replaced when sent again. */
@Introspected
public final class LedDescriptor implements ChannelDescriptor {
    private static final String PLACEHOLDER = "\\$\\{[A-Za-z_][A-Za-z0-9_]*(:[^}]*)?}";

    @Override
    public String name() {
        return "led";
    }

    @Override
    public String label() {
        return "LED显示屏";
    }

    @Override
    public Class<? extends Record> config() {
        return null;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of("screens", LedScreen.class);
    }

    /** {@code led} has no section of its own: what it needs is per screen ({@code push:}, {@code feed-token}). */
    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Collections.singletonMap(LedPlaylistTransport.NAME, null);
    }

    @Override
    public boolean resendSafe() {
        return true;
    }

    /**
     * Per screen: {@code push:} holds the keys of {@link LedPush} (required for a push screen once {@code transport: led}
     * is chosen), {@code feed-token} comes from the environment, and {@code hours} is not an empty window.
     */
    @Override
    public void check(String where, Map<?, ?> file) {
        Object transport = file.get("transport");
        boolean led = transport instanceof List<?> l ? l.stream().anyMatch(t -> LedPlaylistTransport.NAME.equals(String.valueOf(t).strip()))
                : transport != null && LedPlaylistTransport.NAME.equals(String.valueOf(transport).strip());
        if (!(file.get("screens") instanceof Map<?, ?> screens)) {
            return;
        }
        for (Map.Entry<?, ?> e : screens.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> s)) {
                continue;
            }
            String at = "screens." + e.getKey() + ".";
            Object token = s.get("feed-token");
            if (token != null && !String.valueOf(token).isBlank() && !String.valueOf(token).strip().matches(PLACEHOLDER)) {
                throw new ConfigException(where + ": " + at + "feed-token: a secret must not be written in the file; give it as ${ENV_VAR:}");
            }
            Object hours = s.get("hours");
            if (hours != null && String.valueOf(hours).strip().matches(DisplayHours.PATTERN)) {
                try {
                    DisplayHours.parse(String.valueOf(hours));
                } catch (IllegalArgumentException ex) {
                    throw new ConfigException(where + ": " + at + "hours: " + ex.getMessage());
                }
            }
            Object push = s.get("push");
            if (push != null) {
                if (!(push instanceof Map<?, ?> section)) {
                    throw new ConfigException(where + ": " + at + "push: must be a map of host, port and timeout");
                }
                ConfigCheck.check(where, at + "push.", LedPush.class, section, Set.of());
            } else if (led && "push".equals(String.valueOf(s.get("mode")).strip())) {
                throw new ConfigException(where + ": " + at + "push: is required: a push screen needs its controller's host and port");
            }
        }
    }
}

package cn.gongkai.hub.channel;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import jakarta.inject.Singleton;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The channel files as the running hub loaded them ({@link ChannelConfigFiles}' property source), for an ADMIN to read:
 * every key with its value, except secrets, which say only whether they are set. A key is a secret when its record
 * component is {@link Secret} in the channel's {@link ChannelDescriptor} (top of the file, transports, sections, entry
 * lists), and, should a record miss the annotation, when its name says so (secret, password, token, key of an access
 * or AES kind).
 */
@Singleton
public class ChannelConfigView {
    private static final String PREFIX = "hub.channels.";
    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|passwd|token|access-key|aes-key|private-key|credential).*");

    private final Environment environment;

    public ChannelConfigView(Environment environment) {
        this.environment = environment;
    }

    /** One key of a file: {@code value} is null for a secret, whose {@code set} says whether it has a value. */
    public record Setting(String key, String value, boolean secret, boolean set) {
    }

    public record ChannelFile(String channel, boolean enabled, List<Setting> settings) {
    }

    public List<ChannelFile> files() {
        Optional<PropertySource> source = environment.getPropertySources().stream()
                .filter(p -> p.getName().equals("channel-config")).findFirst();
        Map<String, List<Setting>> byChannel = new TreeMap<>();
        if (source.isEmpty()) {
            return List.of();
        }
        for (String full : source.get()) {
            if (!full.startsWith(PREFIX)) {
                continue;
            }
            String rest = full.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                continue;
            }
            String channel = rest.substring(0, dot);
            String key = rest.substring(dot + 1);
            if (key.startsWith("selected.")) {
                continue; // written by ChannelConfigFiles from transport:, not by the operator
            }
            boolean secret = isSecret(channel, key);
            Setting s;
            if (secret) {
                s = new Setting(key, null, true, resolved(full).map(v -> !v.isBlank()).orElse(false));
            } else {
                Object raw = source.get().get(full);
                String shown = resolved(full).orElse(raw == null ? "" : String.valueOf(raw));
                s = new Setting(key, raw instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : shown, false, !shown.isBlank());
            }
            byChannel.computeIfAbsent(channel, c -> new ArrayList<>()).add(s);
        }
        List<ChannelFile> out = new ArrayList<>();
        byChannel.forEach((channel, settings) -> {
            boolean enabled = settings.stream().filter(x -> x.key().equals("enabled")).findFirst()
                    .map(x -> !"false".equalsIgnoreCase(x.value())).orElse(true);
            out.add(new ChannelFile(channel, enabled, settings));
        });
        return out;
    }

    /** Whether {@code key} (as in the file: {@code wechat.app-secret}, {@code screens.hall.feed-token}) of {@code channel} is a secret. */
    public static boolean isSecret(String channel, String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        if (SECRET_NAME.matcher(last).matches()) {
            return true;
        }
        return ChannelDescriptors.find(channel).map(d -> secretKeys(d).stream().anyMatch(p -> p.matcher(key).matches())).orElse(false);
    }

    private static List<Pattern> secretKeys(ChannelDescriptor d) {
        Map<String, Class<? extends Record>> sections = new LinkedHashMap<>();
        if (d.config() != null) {
            sections.put("", d.config());
        }
        d.transports().forEach((name, type) -> {
            if (type != null) {
                sections.put(Pattern.quote(name + "."), type);
            }
        });
        d.sections().forEach((name, type) -> sections.put(Pattern.quote(name + "."), type));
        d.entries().forEach((name, type) -> sections.put(Pattern.quote(name + ".") + "[^.]+\\.", type));
        List<Pattern> out = new ArrayList<>();
        sections.forEach((prefix, type) -> {
            for (RecordComponent rc : type.getRecordComponents()) {
                if (ConfigCheck.annotation(rc, Secret.class) != null) {
                    out.add(Pattern.compile(prefix + Pattern.quote(ConfigCheck.kebab(rc.getName()))));
                }
            }
        });
        return out;
    }

    private Optional<String> resolved(String property) {
        try {
            return environment.getProperty(property, String.class);
        } catch (RuntimeException e) {
            // a placeholder without a value and without a default: not set
            return Optional.empty();
        }
    }
}

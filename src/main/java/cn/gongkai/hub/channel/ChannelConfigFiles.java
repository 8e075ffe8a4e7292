package cn.gongkai.hub.channel;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads {@code channel-config/<channel>.yml} files (one per channel) as Micronaut properties under
 * {@code hub.channels.<channel>.}, remembering which file each key came from so a bad value can be reported
 * as {@code channel-config/sms.yml: max-attempts: must be at least 1}.
 */
public final class ChannelConfigFiles {

    public static final Set<String> KNOWN_CHANNELS = Set.of("website", "wechat", "sms", "qq", "led", "press-email");

    private final Path dir;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, Map<?, ?>> raw = new LinkedHashMap<>();

    private ChannelConfigFiles(Path dir) {
        this.dir = dir;
    }

    /** Reads every {@code *.yml}/{@code *.yaml} file in {@code dir}; a missing folder or a broken file fails. */
    public static ChannelConfigFiles load(Path dir) {
        ChannelConfigFiles c = new ChannelConfigFiles(dir);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("channel config folder " + dir + " does not exist (set HUB_CHANNEL_CONFIG_DIR)");
        }
        List<Path> ymls = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches(".+\\.ya?ml")).sorted().forEach(ymls::add);
        } catch (IOException e) {
            throw new ConfigException("cannot list " + dir + ": " + e.getMessage());
        }
        for (Path f : ymls) {
            c.read(f);
        }
        return c;
    }

    private void read(Path f) {
        String channel = f.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!KNOWN_CHANNELS.contains(channel)) {
            throw new ConfigException(display(f) + ": unknown channel '" + channel + "' (file names must be one of "
                    + String.join(", ", KNOWN_CHANNELS.stream().sorted().toList()) + ")");
        }
        Object doc;
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (Exception e) {
            throw new ConfigException(display(f) + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (doc == null) {
            doc = Map.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(display(f) + ": must be a map of keys to values");
        }
        files.put(channel, f);
        raw.put(channel, map);
        flatten("hub.channels." + channel, map);
    }

    /**
     * Checks each file against {@link ChannelSettings} and the channel's own records.
     *
     * @param schemas per channel: the record bound from the top of its file, and for each entry list
     *                ({@code contacts}, {@code screens}) the record each entry binds to
     */
    public void check(Map<String, ChannelSchema> schemas) {
        for (Map.Entry<String, Map<?, ?>> e : raw.entrySet()) {
            String where = fileOf(e.getKey());
            ChannelSchema schema = schemas.getOrDefault(e.getKey(), ChannelSchema.NONE);
            java.util.Set<String> owned = new java.util.HashSet<>(schema.entries().keySet());
            java.util.Set<String> settingsKeys = new java.util.HashSet<>();
            for (var rc : ChannelSettings.class.getRecordComponents()) {
                settingsKeys.add(ConfigCheck.kebab(rc.getName()));
            }
            if (schema.top() != null) {
                java.util.Set<String> known = new java.util.HashSet<>(owned);
                known.addAll(settingsKeys);
                ConfigCheck.check(where, "", schema.top(), e.getValue(), known);
            }
            java.util.Set<String> known = new java.util.HashSet<>(owned);
            if (schema.top() != null) {
                for (var rc : schema.top().getRecordComponents()) {
                    known.add(ConfigCheck.kebab(rc.getName()));
                }
            }
            ConfigCheck.check(where, "", ChannelSettings.class, e.getValue(), known);
            for (Map.Entry<String, Class<? extends Record>> list : schema.entries().entrySet()) {
                Object entries = e.getValue().get(list.getKey());
                if (entries == null) {
                    continue;
                }
                if (!(entries instanceof Map<?, ?> m)) {
                    throw new ConfigException(where + ": " + list.getKey() + ": must be a map of id to settings");
                }
                for (Map.Entry<?, ?> entry : m.entrySet()) {
                    String prefix = list.getKey() + "." + entry.getKey() + ".";
                    if (!String.valueOf(entry.getKey()).matches("[A-Za-z0-9_-]+")) {
                        throw new ConfigException(where + ": " + list.getKey() + "." + entry.getKey() + ": ids may hold only letters, digits, '-' and '_'");
                    }
                    if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                        throw new ConfigException(where + ": " + prefix + ": must be a map of settings");
                    }
                    ConfigCheck.check(where, prefix, list.getValue(), fields, java.util.Set.of());
                }
            }
        }
    }

    /** What one channel file may hold beyond {@link ChannelSettings}. */
    public record ChannelSchema(Class<? extends Record> top, Map<String, Class<? extends Record>> entries) {
        public static final ChannelSchema NONE = new ChannelSchema(null, Map.of());
    }

    private void flatten(String prefix, Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key, nested);
            } else {
                properties.put(key, e.getValue());
            }
        }
    }

    public PropertySource propertySource() {
        return new MapPropertySource("channel-config", properties) {
            @Override
            public int getOrder() {
                return 100;
            }
        };
    }

    /** Channels that have a config file. */
    public Set<String> channels() {
        return files.keySet();
    }

    /** The file that configures {@code channel}, as shown in messages. */
    public String fileOf(String channel) {
        Path f = files.get(channel);
        return f == null ? dir.resolve(channel + ".yml").toString() : display(f);
    }

    private String display(Path f) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = f.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

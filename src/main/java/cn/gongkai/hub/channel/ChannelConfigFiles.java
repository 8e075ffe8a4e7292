package cn.gongkai.hub.channel;

import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads {@code channel-config/<channel>.yml} files (one per channel) as Micronaut properties under
 * {@code hub.channels.<channel>.}, remembering which file each key came from so a bad value can be reported
 * as {@code channel-config/sms.yml: max-attempts: must be at least 1}. What a file may hold comes from the channels'
 * {@link ChannelDescriptor}s.
 *
 * <p>{@code transport:} names one transport, or for a channel that fails over an ordered list; each transport's
 * settings sit under its own name ({@code smtp: {host: …}}). For every selected transport the property
 * {@code hub.channels.<channel>.selected.<transport>} is set to {@code true}, which is what a transport bean requires to
 * be created.
 */
public final class ChannelConfigFiles {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private final Path dir;
    private final Function<String, String> env;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, Map<?, ?>> raw = new LinkedHashMap<>();

    private ChannelConfigFiles(Path dir, Function<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Reads every {@code *.yml}/{@code *.yaml} file in {@code dir}; a missing folder or a broken file fails. */
    public static ChannelConfigFiles load(Path dir) {
        return load(dir, System::getenv);
    }

    /** @param env the environment placeholders are resolved from when secrets are checked */
    public static ChannelConfigFiles load(Path dir, Function<String, String> env) {
        ChannelConfigFiles c = new ChannelConfigFiles(dir, env);
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
        Set<String> known = ChannelDescriptors.byName().keySet();
        if (!known.contains(channel)) {
            throw new ConfigException(display(f) + ": unknown channel '" + channel + "' (file names must be one of "
                    + String.join(", ", known) + ")");
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

    /** Checks every file against its channel's descriptor: settings, entry lists, transports and their secrets. */
    public void check() {
        for (Map.Entry<String, Map<?, ?>> e : raw.entrySet()) {
            check(ChannelDescriptors.find(e.getKey()).orElseThrow(), e.getValue());
        }
    }

    private void check(ChannelDescriptor d, Map<?, ?> file) {
        String where = fileOf(d.name());
        Set<String> settingsKeys = keys(ChannelSettings.class);
        Set<String> topKeys = d.config() == null ? Set.of() : keys(d.config());
        Set<String> transportNames = new TreeSet<>(ChannelDescriptors.BUILT_IN);
        transportNames.addAll(d.transports().keySet());

        Set<String> owned = new HashSet<>(d.entries().keySet());
        owned.addAll(d.transports().keySet());
        owned.addAll(d.sections().keySet());
        owned.add("selected");
        Set<String> besidesSettings = new HashSet<>(owned);
        besidesSettings.addAll(topKeys);
        Map<Object, Object> settingsView = new LinkedHashMap<>(file);
        List<String> selected = selected(where, d, settingsView.remove("transport"), transportNames);
        ConfigCheck.check(where, "", ChannelSettings.class, settingsView, besidesSettings);
        if (d.config() != null) {
            Set<String> besidesTop = new HashSet<>(owned);
            besidesTop.addAll(settingsKeys);
            besidesTop.add("transport");
            ConfigCheck.check(where, "", d.config(), file, besidesTop);
        }
        for (Map.Entry<String, Class<? extends Record>> list : d.entries().entrySet()) {
            Object entries = file.get(list.getKey());
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
                ConfigCheck.check(where, prefix, list.getValue(), fields, Set.of());
            }
        }
        for (Map.Entry<String, Class<? extends Record>> t : d.transports().entrySet()) {
            Object section = file.get(t.getKey());
            boolean isSelected = selected.contains(t.getKey());
            if (section == null) {
                if (isSelected && t.getValue() != null) {
                    throw new ConfigException(where + ": " + t.getKey() + ": is required: transport " + t.getKey()
                            + " is selected but its settings are missing");
                }
                continue;
            }
            if (!(section instanceof Map<?, ?> fields)) {
                throw new ConfigException(where + ": " + t.getKey() + ": must be a map of settings");
            }
            if (t.getValue() != null) {
                ConfigCheck.check(where, t.getKey() + ".", t.getValue(), fields, Set.of());
                if (isSelected) {
                    secrets(where, t.getKey(), t.getValue(), fields);
                }
            }
        }
        for (Map.Entry<String, Class<? extends Record>> section : d.sections().entrySet()) {
            Object value = file.get(section.getKey());
            if (value == null) {
                continue;
            }
            if (!(value instanceof Map<?, ?> fields)) {
                throw new ConfigException(where + ": " + section.getKey() + ": must be a map of settings");
            }
            ConfigCheck.check(where, section.getKey() + ".", section.getValue(), fields, Set.of());
            secrets(where, section.getKey(), section.getValue(), fields);
        }
        d.check(where, file);
        for (String s : selected) {
            properties.put("hub.channels." + d.name() + ".selected." + s, "true");
        }
    }

    /** The transports {@code transport:} names, in order; outbox when it names none. */
    private static List<String> selected(String where, ChannelDescriptor d, Object value, Set<String> known) {
        List<String> names = new ArrayList<>();
        if (value == null) {
            names.add("outbox");
        } else if (value instanceof List<?> list) {
            if (!d.failover() && list.size() != 1) {
                throw new ConfigException(where + ": transport: names one transport of " + known + "; this channel does not fail over");
            }
            list.forEach(v -> names.add(String.valueOf(v).strip()));
        } else if (value instanceof Map<?, ?>) {
            throw new ConfigException(where + ": transport: must be a transport name or a list of them, not a map");
        } else {
            names.add(String.valueOf(value).strip());
        }
        if (names.isEmpty()) {
            throw new ConfigException(where + ": transport: must name at least one transport of " + known);
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new ConfigException(where + ": transport: '" + n + "' is not a transport of this channel (" + String.join(", ", known) + ")");
            }
            if (!seen.add(n)) {
                throw new ConfigException(where + ": transport: '" + n + "' is named twice");
            }
            if (names.size() > 1 && ChannelDescriptors.BUILT_IN.contains(n)) {
                throw new ConfigException(where + ": transport: '" + n + "' cannot be part of a failover list");
            }
        }
        return names;
    }

    /** Every {@link Secret} of a selected transport must resolve to a value. */
    private void secrets(String where, String transport, Class<? extends Record> type, Map<?, ?> fields) {
        for (RecordComponent rc : type.getRecordComponents()) {
            Secret secret = ConfigCheck.annotation(rc, Secret.class);
            if (secret == null) {
                continue;
            }
            String key = ConfigCheck.kebab(rc.getName());
            Object v = fields.get(key);
            String text = v == null ? "" : String.valueOf(v);
            Matcher m = PLACEHOLDER.matcher(text.strip());
            if (m.matches()) {
                String value = env.apply(m.group(1));
                if (value == null || value.isBlank()) {
                    value = m.group(2) == null ? "" : m.group(2);
                }
                if (value.isBlank() && !secret.optional()) {
                    throw new ConfigException(where + ": " + transport + "." + key + ": is empty: set the environment variable "
                            + m.group(1) + " (transport " + transport + " is selected)");
                }
            } else if (text.isBlank()) {
                if (secret.optional()) {
                    continue;
                }
                throw new ConfigException(where + ": " + transport + "." + key + ": is required (transport " + transport
                        + " is selected); give it as ${ENV_VAR:} and set that variable");
            } else {
                throw new ConfigException(where + ": " + transport + "." + key + ": a secret must not be written in the file; give it as ${ENV_VAR:}");
            }
        }
    }

    private static Set<String> keys(Class<? extends Record> type) {
        Set<String> out = new HashSet<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            out.add(ConfigCheck.kebab(rc.getName()));
        }
        return out;
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

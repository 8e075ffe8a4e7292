package cn.gongkai.hub;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the hub: channel config files, then Micronaut (HTTP, Redis), then Camel with the routes from disk. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        try {
            start(Map.of(), args);
        } catch (RuntimeException e) {
            System.err.println("Gongkai Hub did not start: " + StartupErrors.describe(e));
            System.exit(1);
        }
    }

    /**
     * Starts a hub with extra properties on top of application.yml and the environment (tests use this to pick
     * ports, folders and an external Redis).
     */
    public static ApplicationContext start(Map<String, Object> properties, String... args) {
        String dir = String.valueOf(properties.getOrDefault("hub.channel-config-dir",
                env("HUB_CHANNEL_CONFIG_DIR", "channel-config")));
        ChannelConfigFiles channelFiles = ChannelConfigFiles.load(Path.of(dir));
        StartupErrors.channelFiles(channelFiles);
        Map<String, Object> props = new LinkedHashMap<>(properties);
        return Micronaut.build(args)
                .mainClass(Application.class)
                .propertySources(channelFiles.propertySource())
                .properties(props)
                .banner(false)
                .start();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

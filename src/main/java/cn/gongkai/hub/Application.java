package cn.gongkai.hub;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Starts the hub: channel config files, then Micronaut (HTTP, Redis), then Camel with the routes from disk. */
public final class Application {
    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

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
        channelFiles.check(ChannelSchemas.ALL);
        Map<String, Object> props = new LinkedHashMap<>(properties);
        ApplicationContext ctx = ApplicationContext.builder(Application.class)
                .args(args)
                .propertySources(channelFiles.propertySource())
                .properties(props)
                .banner(false)
                .start();
        try {
            ctx.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (ctx.isRunning()) {
                ctx.close();
            }
        }, "hub-shutdown"));
        LOG.info("Gongkai Hub started{}", ctx.findBean(EmbeddedServer.class).map(s -> " on " + s.getURL()).orElse(""));
        return ctx;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

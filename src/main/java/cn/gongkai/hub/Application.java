package cn.gongkai.hub;

import cn.gongkai.hub.account.AdminBootstrap;
import cn.gongkai.hub.channel.ChannelConfigFiles;
import io.micronaut.context.ApplicationContext;
import io.micronaut.openapi.annotation.OpenAPIExclude;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the hub: channel config files, then Micronaut (HTTP, Redis), then Camel with the routes from disk. The
 * OpenAPI description of the JSON API is written from the controllers at compile time (served at {@code /openapi.yml});
 * the console's pages are not part of it.
 */
@OpenAPIDefinition(info = @Info(title = "Gongkai Hub API", version = "0.1",
        description = "政务公开发布平台: items, review, publication, deliveries, subscribers and notices, stats and reports"))
@OpenAPIExclude(packages = "cn.gongkai.hub.web.console")
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

    /** Program argument: set admin's password to HUB_ADMIN_PASSWORD and end admin's sign-in locks, then run. */
    public static final String RESET_ADMIN_PASSWORD = "--reset-admin-password";

    /**
     * Starts a hub with extra properties on top of application.yml and the environment (tests use this to pick
     * ports, folders and an external Redis), and the program arguments ({@value #RESET_ADMIN_PASSWORD}).
     */
    public static ApplicationContext start(Map<String, Object> properties, String... args) {
        String dir = String.valueOf(properties.getOrDefault("hub.channel-config-dir",
                env("HUB_CHANNEL_CONFIG_DIR", "channel-config")));
        ChannelConfigFiles channelFiles = ChannelConfigFiles.load(Path.of(dir));
        StartupErrors.channelFiles(channelFiles);
        channelFiles.check();
        Map<String, Object> props = new LinkedHashMap<>(properties);
        ApplicationContext ctx = ApplicationContext.builder(Application.class)
                .args(args)
                .propertySources(channelFiles.propertySource())
                .properties(props)
                .banner(false)
                .build();
        try {
            ctx.start();
            ctx.getBean(AdminBootstrap.class).apply(Arrays.asList(args).contains(RESET_ADMIN_PASSWORD));
            ctx.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
        } catch (RuntimeException e) {
            // Micronaut destroys the beans only of a context whose start() returned; a failure inside it ends the process
            if (ctx.isRunning()) {
                ctx.close();
            }
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

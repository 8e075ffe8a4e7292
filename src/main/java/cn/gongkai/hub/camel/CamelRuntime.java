package cn.gongkai.hub.camel;

import cn.gongkai.hub.review.GateCheck;
import io.micronaut.context.BeanContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Camel context of the hub: built with Micronaut's beans and configuration, routes loaded from the
 * {@code routes/} folder on disk, started once the application has started and stopped before its beans go.
 */
@Singleton
public class CamelRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(CamelRuntime.class);

    private final CamelContext camel;
    private final Path routesDir;
    private final List<CamelSetup> setups;

    public CamelRuntime(BeanContext beans, Environment env, CamelSettings settings, GateCheck gate, List<CamelSetup> setups) {
        this.routesDir = Path.of(settings.routesDir()).toAbsolutePath().normalize();
        this.setups = setups;
        DefaultCamelContext ctx = new DefaultCamelContext(false);
        ctx.getCamelContextExtension().setName("gongkai-hub");
        DefaultRegistry registry = new DefaultRegistry(new MicronautBeanRepository(beans));
        registry.bind(GateStep.NAME, new GateStep(gate));
        ctx.getCamelContextExtension().setRegistry(registry);
        ctx.getPropertiesComponent().addPropertiesSource(new MicronautPropertiesSource(env));
        ctx.addModelLifecycleStrategy(new GateEveryRoute());
        // a batch still being sent at shutdown gets this long; what is left stays pending in Redis and is taken over
        ctx.getShutdownStrategy().setTimeout(20);
        this.camel = ctx;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    synchronized void start() {
        if (camel.isStarted()) {
            return;
        }
        try {
            for (CamelSetup s : setups) {
                s.configure(camel);
            }
            camel.build();
            loadRoutes();
            camel.start();
            LOG.info("Camel started with {} routes from {}", camel.getRoutes().size(), routesDir);
        } catch (Exception e) {
            throw new IllegalStateException("Camel failed to start: " + e.getMessage(), e);
        }
    }

    private void loadRoutes() throws Exception {
        if (!Files.isDirectory(routesDir)) {
            throw new IllegalStateException("routes folder " + routesDir + " does not exist (set HUB_ROUTES_DIR)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(routesDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + routesDir + ": " + e.getMessage(), e);
        }
        ModelCamelContext model = (ModelCamelContext) camel;
        for (Path f : files) {
            Set<String> before = new HashSet<>();
            model.getRouteDefinitions().forEach(r -> before.add(r.getRouteId()));
            Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + f);
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            model.getRouteDefinitions().stream()
                    .filter(r -> !before.contains(r.getRouteId()))
                    .forEach(r -> LOG.info("Loaded route {} from {}", r.getRouteId(), f.getFileName()));
        }
    }

    public CamelContext context() {
        return camel;
    }

    /** "Started", or the status of the context and any route that is not started. */
    public String status() {
        if (camel.getStatus() != ServiceStatus.Started) {
            return camel.getStatus().name();
        }
        for (Route r : camel.getRoutes()) {
            ServiceStatus st = camel.getRouteController().getRouteStatus(r.getRouteId());
            if (st != ServiceStatus.Started) {
                return "route " + r.getRouteId() + " " + st;
            }
        }
        return "Started";
    }

    public boolean isUp() {
        return camel.getStatus() == ServiceStatus.Started;
    }

    public int routeCount() {
        return camel.getRoutes().size();
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (!camel.isStopped()) {
            camel.stop();
            LOG.info("Camel stopped");
        }
    }
}

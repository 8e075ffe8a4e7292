package cn.gongkai.hub.camel;

import io.micronaut.core.value.PropertyResolver;
import org.apache.camel.spi.PropertiesSource;

/** Resolves Camel {@code {{hub.channels.sms.batch-size}}} placeholders from Micronaut's configuration. */
final class MicronautPropertiesSource implements PropertiesSource {
    private final PropertyResolver resolver;

    MicronautPropertiesSource(PropertyResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String getName() {
        return "micronaut";
    }

    @Override
    public String getProperty(String name) {
        return resolver.getProperty(name, String.class).orElse(null);
    }
}

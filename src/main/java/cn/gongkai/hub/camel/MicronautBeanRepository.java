package cn.gongkai.hub.camel;

import io.micronaut.context.BeanContext;
import io.micronaut.inject.BeanDefinition;
import jakarta.inject.Named;
import org.apache.camel.spi.BeanRepository;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Offers Micronaut beans to Camel by their exact {@code @Named} name ({@code bean:reviewGate}). A plain by-name
 * lookup of {@code Object} in Micronaut also matches its generic serde beans and fails as non-unique, so this
 * looks only at definitions whose {@code @Named} value equals the name.
 */
final class MicronautBeanRepository implements BeanRepository {
    private final BeanContext beans;
    private volatile Map<String, BeanDefinition<?>> byName;

    MicronautBeanRepository(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    public Object lookupByName(String name) {
        BeanDefinition<?> d = index().get(name);
        return d == null ? null : beans.getBean(d);
    }

    /** The hub's own {@code @Named} beans, indexed once: Camel asks for many names while it starts. */
    private Map<String, BeanDefinition<?>> index() {
        Map<String, BeanDefinition<?>> m = byName;
        if (m == null) {
            m = new ConcurrentHashMap<>();
            for (BeanDefinition<?> d : beans.getBeanDefinitions(io.micronaut.inject.qualifiers.Qualifiers.byStereotype(Named.class))) {
                Optional<String> n = d.stringValue(Named.class);
                if (n.isPresent() && d.getBeanType().getName().startsWith("cn.gongkai.hub.")) {
                    m.putIfAbsent(n.get(), d);
                }
            }
            byName = m;
        }
        return m;
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = lookupByName(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        return Map.of();
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        // Camel asks by type for its own SPI (e.g. ExchangeFormatter); hub beans are offered by name only.
        return Set.of();
    }
}

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
    private final Map<String, Optional<BeanDefinition<?>>> byName = new ConcurrentHashMap<>();

    MicronautBeanRepository(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    public Object lookupByName(String name) {
        return byName.computeIfAbsent(name, this::find).map(d -> (Object) beans.getBean(d)).orElse(null);
    }

    private Optional<BeanDefinition<?>> find(String name) {
        return beans.getAllBeanDefinitions().stream()
                .filter(d -> name.equals(d.stringValue(Named.class).orElse(null)))
                .<BeanDefinition<?>>map(d -> d)
                .findFirst();
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

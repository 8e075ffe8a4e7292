package cn.gongkai.hub.channel;

import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every {@link ChannelDescriptor} on the classpath, found through Micronaut's introspection index (no context needed). */
public final class ChannelDescriptors {
    /** The transports every channel has. */
    public static final Set<String> BUILT_IN = Set.of("outbox", "discard");

    private static volatile List<ChannelDescriptor> all;

    private ChannelDescriptors() {
    }

    public static List<ChannelDescriptor> all() {
        List<ChannelDescriptor> a = all;
        if (a == null) {
            a = BeanIntrospector.SHARED.findIntrospections(ref -> ChannelDescriptor.class.isAssignableFrom(ref.getBeanType())).stream()
                    .map(BeanIntrospection::instantiate).map(ChannelDescriptor.class::cast)
                    .sorted(Comparator.comparing(ChannelDescriptor::name)).toList();
            all = a;
        }
        return a;
    }

    public static Map<String, ChannelDescriptor> byName() {
        Map<String, ChannelDescriptor> m = new TreeMap<>();
        all().forEach(d -> m.put(d.name(), d));
        return m;
    }

    /** The channel's {@link ChannelDescriptor#label}; an unknown name as it is. */
    public static String label(String name) {
        return name == null ? "" : find(name).map(ChannelDescriptor::label).orElse(name);
    }

    public static Optional<ChannelDescriptor> find(String name) {
        return all().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The channel a class belongs to, from its package. */
    public static Optional<ChannelDescriptor> ofClass(String className) {
        return all().stream().filter(d -> className.startsWith(d.packageName() + ".")).findFirst();
    }
}

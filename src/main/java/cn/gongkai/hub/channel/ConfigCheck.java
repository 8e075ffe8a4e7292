package cn.gongkai.hub.channel;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a channel file's raw values against the config record they bind to, before Micronaut binds them, so an
 * operator gets {@code channel-config/sms.yml: max-attempts: 'many' is not a whole number} instead of a trace.
 * Understands the constraint annotations the config records use and rejects keys the record does not have.
 */
public final class ConfigCheck {
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("\\d+(ms|s|m|h|d)");

    private ConfigCheck() {
    }

    /**
     * @param where the file name shown in messages
     * @param path  key prefix shown in messages ("" at the top of the file, "contacts.xinhua." inside an entry)
     * @param raw   the values under that prefix
     * @param known keys that other records bound from the same file own (not reported as unknown)
     */
    public static void check(String where, String path, Class<? extends Record> type, Map<?, ?> raw, java.util.Set<String> known) {
        java.util.Set<String> own = new java.util.HashSet<>(known);
        for (RecordComponent rc : type.getRecordComponents()) {
            if ((ann(rc, Parameter.class) != null)) {
                continue;
            }
            String key = kebab(rc.getName());
            own.add(key);
            Object v = raw.get(key);
            String full = path + key;
            if (v == null) {
                Bindable b = ann(rc, Bindable.class);
                boolean hasDefault = b != null && !b.defaultValue().isEmpty();
                if (!hasDefault && ((ann(rc, NotNull.class) != null) || (ann(rc, NotBlank.class) != null) || (ann(rc, NotEmpty.class) != null))) {
                    throw new ConfigException(where + ": " + full + ": is required");
                }
                continue;
            }
            if (v instanceof Map<?, ?> && !Map.class.isAssignableFrom(rc.getType())) {
                throw new ConfigException(where + ": " + full + ": must be a single value, not a map");
            }
            checkValue(where, full, rc, v);
        }
        for (Object k : raw.keySet()) {
            if (!own.contains(String.valueOf(k))) {
                throw new ConfigException(where + ": " + path + k + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(own)) + ")");
            }
        }
    }

    private static void checkValue(String where, String key, RecordComponent rc, Object v) {
        Class<?> t = rc.getType();
        String s = String.valueOf(v);
        String at = where + ": " + key + ": ";
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            long n;
            try {
                n = Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new ConfigException(at + "'" + s + "' is not a whole number");
            }
            Min min = ann(rc, Min.class);
            Max max = ann(rc, Max.class);
            if (min != null && n < min.value()) {
                throw new ConfigException(at + "must be greater than or equal to " + min.value() + ", got " + n);
            }
            if (max != null && n > max.value()) {
                throw new ConfigException(at + "must be less than or equal to " + max.value() + ", got " + n);
            }
        } else if (t == boolean.class || t == Boolean.class) {
            if (!(v instanceof Boolean) && !s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                throw new ConfigException(at + "'" + s + "' is not true or false");
            }
        } else if (t == Duration.class) {
            if (!DURATION.matcher(s.strip()).matches()) {
                throw new ConfigException(at + "'" + s + "' is not a duration such as 500ms, 2s, 10m, 1h");
            }
        } else if (t == String.class) {
            if (v instanceof List<?> || v instanceof Map<?, ?>) {
                throw new ConfigException(at + "must be a single value");
            }
            if ((ann(rc, NotBlank.class) != null) && s.isBlank()) {
                throw new ConfigException(at + "must not be blank");
            }
            Pattern p = ann(rc, Pattern.class);
            // values holding ${ENV} placeholders are checked by Micronaut once resolved
            if (p != null && !s.contains("${") && !s.matches(p.regexp())) {
                throw new ConfigException(at + "'" + s + "' " + (p.message().startsWith("{") ? "must match " + p.regexp() : p.message()));
            }
            if ((ann(rc, Email.class) != null) && !s.contains("${") && !s.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new ConfigException(at + "'" + s + "' is not an e-mail address");
            }
        } else if (List.class.isAssignableFrom(t)) {
            if (!(v instanceof List<?> list)) {
                throw new ConfigException(at + "must be a list");
            }
            if ((ann(rc, NotEmpty.class) != null) && list.isEmpty()) {
                throw new ConfigException(at + "must not be empty");
            }
            if (rc.getGenericType() instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] == String.class) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> || o instanceof List<?>) {
                        throw new ConfigException(at + "must be a list of single values");
                    }
                }
            }
        }
    }

    /** An annotation of a record component, wherever javac put it (see {@link #ann}). */
    public static <A extends java.lang.annotation.Annotation> A annotation(RecordComponent rc, Class<A> type) {
        return ann(rc, type);
    }

    /** Constraint annotations on a record land on its field, accessor or constructor parameter, not the component. */
    private static <A extends java.lang.annotation.Annotation> A ann(RecordComponent rc, Class<A> type) {
        A a = rc.getAnnotation(type);
        if (a == null) {
            a = rc.getAccessor().getAnnotation(type);
        }
        if (a == null) {
            try {
                a = rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotation(type);
            } catch (NoSuchFieldException e) {
                return null;
            }
        }
        if (a == null) {
            Class<?>[] types = java.util.Arrays.stream(rc.getDeclaringRecord().getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                var ctor = rc.getDeclaringRecord().getDeclaredConstructor(types);
                RecordComponent[] all = rc.getDeclaringRecord().getRecordComponents();
                int i = 0;
                while (!all[i].getName().equals(rc.getName())) {
                    i++;
                }
                a = ctor.getParameters()[i].getAnnotation(type);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
        return a;
    }

    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}

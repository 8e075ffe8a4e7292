package cn.gongkai.hub;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import cn.gongkai.hub.channel.ConfigException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed start into one line an operator can act on: the file, the key and the problem
 * ({@code channel-config/sms.yml: max-attempts: must be greater than or equal to 1}).
 */
public final class StartupErrors {
    private static volatile ChannelConfigFiles channelFiles;
    private static final Pattern VIOLATION = Pattern.compile(
            "Validation failed for bean definition \\[([\\w.$]+)\\]\\s*List of constraint violations:\\[\\s*[\\w.$]+?\\.(\\w+)(?:\\[[^]]*])? - ([^\\n]+)");
    private static final Pattern CHANNEL_KEY = Pattern.compile("hub\\.channels\\.([a-z-]+)\\.([A-Za-z0-9.-]+)");

    private StartupErrors() {
    }

    static void channelFiles(ChannelConfigFiles files) {
        channelFiles = files;
    }

    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return "the HTTP port is already in use (" + t.getMessage() + "): stop the other process or set HUB_PORT to a free port";
            }
            if (t instanceof ConfigException || t instanceof StartupException) {
                return t.getMessage();
            }
            if (t instanceof ConstraintViolationException cve && !cve.getConstraintViolations().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (ConstraintViolation<?> v : cve.getConstraintViolations()) {
                    if (!sb.isEmpty()) {
                        sb.append("; ");
                    }
                    sb.append(where(v.getRootBean(), v.getPropertyPath().toString())).append(v.getMessage());
                }
                return sb.toString();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher v = VIOLATION.matcher(String.valueOf(t.getMessage()));
            if (v.find()) {
                String cls = v.group(1);
                String key = kebab(v.group(2));
                var channel = cn.gongkai.hub.channel.ChannelDescriptors.ofClass(cls);
                if (channel.isPresent() && channelFiles != null) {
                    return channelFiles.fileOf(channel.get().name()) + ": " + key + ": " + v.group(3).strip();
                }
                return cls.substring(cls.lastIndexOf('.') + 1) + ": " + key + ": " + v.group(3).strip();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        Matcher m = CHANNEL_KEY.matcher(msg);
        if (m.find() && channelFiles != null) {
            return channelFiles.fileOf(m.group(1)) + ": " + m.group(2) + ": " + firstLine(msg);
        }
        return firstLine(msg);
    }

    private static String where(Object bean, String path) {
        String leaf = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        String key = kebab(leaf);
        if (bean instanceof cn.gongkai.hub.channel.ChannelSettings s && channelFiles != null) {
            return channelFiles.fileOf(s.name()) + ": " + key + ": ";
        }
        if (bean instanceof ChannelConfigured c && channelFiles != null) {
            return channelFiles.fileOf(c.channelName()) + ": " + key + ": ";
        }
        return (bean == null ? "" : bean.getClass().getSimpleName() + ".") + key + ": ";
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}

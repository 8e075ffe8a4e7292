package cn.gongkai.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of the shipped channel-config/ that a test can change (more targets, faster backoff). */
public final class ChannelConfigs {
    private ChannelConfigs() {
    }

    public static Path copy(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(Path.of("channel-config"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /** Appends lines to a channel file (YAML: later keys of the same name win in SnakeYAML, so a test can override). */
    public static void set(Path dir, String channel, String yaml) throws IOException {
        Path f = dir.resolve(channel + ".yml");
        String text = Files.readString(f);
        for (String line : yaml.split("\n")) {
            String key = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
            if (!line.startsWith(" ") && !key.isBlank()) {
                // drop the existing top-level key and its indented block
                text = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + ":.*(\\n[ \\t]+.*)*\\n?", "");
            }
        }
        Files.writeString(f, text + (text.endsWith("\n") ? "" : "\n") + yaml + "\n");
    }

    /** An SMS list of {@code n} numbers 1390000xxxx. */
    public static String smsList(String id, int n) {
        StringBuilder sb = new StringBuilder("lists:\n  " + id + ":\n    name: 测试名单\n    numbers:\n");
        for (int i = 0; i < n; i++) {
            sb.append("      - \"139").append(String.format("%08d", i)).append("\"\n");
        }
        return sb.toString();
    }
}

package cn.gongkai.hub.review.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The real disclosure texts in {@code src/test/resources/seeds/}, by file name, in name order. */
final class Seeds {

    private static final Map<String, String> ALL = load();

    private Seeds() {
    }

    static Map<String, String> all() {
        return ALL;
    }

    /** The seed whose file name starts with {@code prefix}, e.g. {@code "003"}. */
    static String named(String prefix) {
        return ALL.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no seed " + prefix));
    }

    private static Map<String, String> load() {
        try (Stream<Path> files = Files.list(Path.of(Seeds.class.getResource("/seeds").toURI()))) {
            Map<String, String> seeds = new LinkedHashMap<>();
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                seeds.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
            if (seeds.size() != 5) {
                throw new IllegalStateException("expected the five seed texts, found " + seeds.keySet());
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

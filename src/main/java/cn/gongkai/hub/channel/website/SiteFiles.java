package cn.gongkai.hub.channel.website;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The site's folder. Every file is written to a temp file beside it and renamed into place ({@code ATOMIC_MOVE}), so a
 * reader (the hub's {@code /site/}, a web server) sees the old file or the new one, never half of one. Paths are
 * relative to the folder and checked to stay inside it.
 */
final class SiteFiles {
    /** Temp files start with this; never served, removed by a rebuild. */
    static final String TEMP_PREFIX = ".tmp-";

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path root;

    SiteFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Writes {@code rel} in one rename. */
    void write(String rel, Content content) throws IOException {
        Path target = resolve(rel);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies {@code in} to a temp file beside {@code rel}; {@link Staged#commit()} renames it into place. */
    Staged stage(String rel, InputStream in) throws IOException {
        Path target = resolve(rel);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Staged(tmp, target);
    }

    /** A file written beside its place, not yet visible. */
    final class Staged implements AutoCloseable {
        private final Path tmp;
        private final Path target;

        private Staged(Path tmp, Path target) {
            this.tmp = tmp;
            this.target = target;
        }

        void commit() throws IOException {
            move(tmp, target);
        }

        @Override
        public void close() throws IOException {
            Files.deleteIfExists(tmp);
        }
    }

    boolean exists(String rel) {
        return Files.isRegularFile(resolve(rel));
    }

    void delete(String rel) throws IOException {
        Files.deleteIfExists(resolve(rel));
    }

    /** Deletes a folder and everything in it. */
    void deleteTree(String rel) throws IOException {
        Path dir = resolve(rel);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** File names directly in folder {@code rel} (none when it does not exist). */
    List<String> list(String rel) throws IOException {
        Path dir = resolve(rel);
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return out;
    }

    /** Every file in the folder, as relative paths with {@code /}. */
    List<String> all() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Deletes folders left empty below the root. */
    void pruneEmptyFolders() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isDirectory).filter(p -> !p.equals(root)).sorted(Comparator.reverseOrder()).toList()) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                    if (!ds.iterator().hasNext()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The file a request path names, if it is a regular file inside the folder and no part of the path is hidden (a
     * dot file, a temp file) or climbs out; a folder stands for its {@code index.html}.
     */
    Optional<Path> find(String rel) {
        String r = rel == null ? "" : rel;
        for (String part : r.split("/", -1)) {
            if (part.startsWith(".") || part.contains("\\") || part.indexOf('\0') >= 0) {
                return Optional.empty();
            }
        }
        Path p;
        try {
            p = root.resolve(r.isEmpty() ? "." : r).normalize();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!p.startsWith(root)) {
            return Optional.empty();
        }
        if (Files.isDirectory(p)) {
            p = p.resolve("index.html");
        }
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    private Path resolve(String rel) {
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("site path '" + rel + "' is not inside " + root);
        }
        return p;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the site's folder cannot rename files atomically (" + target.getParent() + "): " + e.getMessage(), e);
        }
    }
}

package cn.gongkai.hub.item;

import cn.gongkai.hub.HubConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Attachment bytes on disk under {@code <dataDir>/attachments/ab/abcdef…} named by their SHA-256, written to a temp
 * file and renamed into place, so equal files are stored once and a half-written file is never visible.
 */
@Singleton
public class AttachmentStore {
    private final Path root;

    public AttachmentStore(HubConfig hub) {
        this.root = hub.dataPath().resolve("attachments");
    }

    /** Stores the stream; returns its hash and size. Throws {@link TooLarge} past {@code maxBytes}. */
    public Stored store(InputStream in, long maxBytes) throws IOException {
        Files.createDirectories(root);
        Path tmp = Files.createTempFile(root, "upload-", ".tmp");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                    out.write(buf, 0, n);
                }
            }
            String sha = HexFormat.of().formatHex(md.digest());
            Path target = path(sha);
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.delete(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return new Stored(sha, size);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public Optional<Path> find(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Path p = path(sha256);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    private Path path(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha);
    }

    public record Stored(String sha256, long size) {
    }

    public static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("larger than the limit of " + max + " bytes");
        }
    }
}

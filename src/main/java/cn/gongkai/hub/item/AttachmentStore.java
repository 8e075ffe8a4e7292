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

    /**
     * The stored bytes of an approved attachment, checked as they are read: the stream fails with
     * {@link AttachmentChangedException} as soon as more bytes than the approved size come, and at the end when the
     * SHA-256 or the size differ, so whoever sends what it reads never completes a message with bytes nobody approved.
     */
    public InputStream open(Attachment a) throws IOException {
        Path p = find(a.sha256()).orElseThrow(() -> new AttachmentChangedException(a, "its file is missing from the attachment store"));
        return new Verifying(Files.newInputStream(p), a);
    }

    /** Reads the whole file through {@link #open}; throws {@link AttachmentChangedException} on any difference. */
    public void verify(Attachment a) throws IOException {
        try (InputStream in = open(a)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** An attachment's bytes on disk are not the ones that were approved. */
    public static final class AttachmentChangedException extends IOException {
        private final Attachment attachment;

        AttachmentChangedException(Attachment a, String what) {
            super("attachment " + a.name() + " " + what + "; it differs from what was approved");
            this.attachment = a;
        }

        public Attachment attachment() {
            return attachment;
        }
    }

    private static final class Verifying extends java.io.FilterInputStream {
        private final Attachment expected;
        private final MessageDigest md;
        private long size;
        private boolean checked;

        Verifying(InputStream in, Attachment expected) {
            super(in);
            this.expected = expected;
            try {
                this.md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                finish();
                return -1;
            }
            md.update(b, off, n);
            size += n;
            if (size > expected.size()) {
                throw new AttachmentChangedException(expected, "has more than the approved " + expected.size() + " bytes");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // every byte must pass through the digest
            byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void finish() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            if (size != expected.size()) {
                throw new AttachmentChangedException(expected, "has " + size + " bytes, not the approved " + expected.size());
            }
            String sha = HexFormat.of().formatHex(md.digest());
            if (!sha.equals(expected.sha256())) {
                throw new AttachmentChangedException(expected, "no longer has the approved SHA-256");
            }
        }
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

package cn.gongkai.hub.channel;

import cn.gongkai.hub.HubConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * The outbox transport shared by all channels: each message becomes {@code <dataDir>/outbox/<channel>/<deliveryId>.<ext>},
 * written to a temp file in the same folder and renamed into place (a reader never sees half a file), and every send
 * appends one line {@code <deliveryId>\t<ext>\t<ISO time>} to {@code <dataDir>/outbox/<channel>/sent.log}.
 *
 * <p>The outbox stands in for a vendor that does not de-duplicate: sending a delivery twice replaces the file but
 * leaves two lines in {@code sent.log}, so a test can count lines to prove nothing went out twice.
 */
@Singleton
public class Outbox {
    public static final String SENT_LOG = "sent.log";
    /** Files being written; one left behind by a killed process is never taken for a message and is swept at start. */
    public static final String TEMP_PREFIX = ".tmp-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dataDir;
    private final Path root;
    private final Clock clock;

    @Inject
    public Outbox(HubConfig hub) {
        this(hub.dataPath(), Clock.system(hub.zoneId()));
    }

    public Outbox(Path dataDir, Clock clock) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.root = this.dataDir.resolve("outbox");
        this.clock = clock;
        sweepStaleTemps();
    }

    private void sweepStaleTemps() {
        if (!Files.isDirectory(root)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - 60_000;
        try (var dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                        if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(Outbox.class).warn("Could not sweep unfinished outbox files under {}: {}", root, e.getMessage());
        }
    }

    /** What goes into one outbox file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes one message and logs the send.
     *
     * @return the file written, relative to the data dir ({@code outbox/sms/<deliveryId>.json}): the receipt's reference
     * @throws ChannelUnavailableException the disk refused (full, read-only, permissions)
     * @throws ContentChangedException     an attachment read while writing is not the approved one (nothing is kept)
     */
    public String write(String channel, String deliveryId, String ext, Content content) throws ChannelUnavailableException, ContentChangedException {
        Path dir = root.resolve(channel);
        String file = fileName(deliveryId) + "." + ext;
        Path target = dir.resolve(file);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            String line = deliveryId + "\t" + ext + "\t" + OffsetDateTime.now(clock) + "\n";
            try (FileChannel log = FileChannel.open(dir.resolve(SENT_LOG), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                // one write per line: O_APPEND keeps concurrent senders' lines whole
                ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    log.write(buf);
                }
            }
            return dataDir.relativize(target).toString();
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof cn.gongkai.hub.item.AttachmentStore.AttachmentChangedException changed) {
                    throw new ContentChangedException(changed.getMessage(), changed);
                }
            }
            throw new ChannelUnavailableException("outbox " + channel + ": cannot write " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temp name starts with a dot and is never read
                }
            }
        }
    }

    /** Writes {@code value} as indented UTF-8 JSON to {@code <deliveryId>.json}. */
    public String writeJson(String channel, String deliveryId, Object value) throws ChannelUnavailableException, ContentChangedException {
        return write(channel, deliveryId, "json", out -> JSON.writeValue(new NonClosing(out), value));
    }

    /** The folder a channel's files go to. */
    public Path folder(String channel) {
        return root.resolve(channel);
    }

    /**
     * A delivery id as a file name: unchanged when it holds only letters, digits and {@code . _ ~ : @ + = -} (and does
     * not start with a dot), otherwise the other characters are percent-encoded, so no id can leave the folder.
     */
    public static String fileName(String deliveryId) {
        StringBuilder sb = new StringBuilder(deliveryId.length());
        byte[] bytes = deliveryId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || "_~:@+=-".indexOf(b) >= 0 || (b == '.' && i > 0);
            if (safe) {
                sb.append((char) b);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

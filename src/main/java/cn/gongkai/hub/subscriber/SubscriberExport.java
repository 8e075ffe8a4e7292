package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exports subscribers page by page into a temporary file (never all of them in memory), served and deleted once read.
 * Everyone but ADMIN gets addresses masked.
 */
@Singleton
public class SubscriberExport {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberExport.class);
    static final int PAGE = 1000;

    private final SubscriberService subscribers;
    private final Path dir;

    SubscriberExport(SubscriberService subscribers, HubConfig hub) {
        this.subscribers = subscribers;
        this.dir = hub.dataPath().resolve("exports");
    }

    /** The file, and a stream of it that deletes it when closed. */
    public record File(Path path, InputStream stream, long rows) {
    }

    public File write(SubscriberFileFormat format, String tag, boolean full) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "subscribers-", format == SubscriberFileFormat.CSV ? ".csv" : ".xlsx");
        long rows = 0;
        try (OutputStream out = Files.newOutputStream(file); SubscriberFileWriter w = SubscriberFileWriter.open(format, out)) {
            String cursor = null;
            do {
                SubscriberStore.Page p = subscribers.list(tag, cursor, PAGE);
                for (Subscriber s : p.items()) {
                    SubscriberRowOut row = SubscriberRowOut.of(s);
                    if (!full) {
                        row = new SubscriberRowOut(row.name(), Masking.mobile(row.mobile()), Masking.email(row.email()),
                                Masking.other(row.wechatOpenId()), Masking.other(row.qqNumber()), row.tags(), row.preferredChannels(), row.consent());
                    }
                    w.write(row);
                    rows++;
                }
                cursor = p.nextCursor();
            } while (cursor != null);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        LOG.info("Exported {} subscribers as {}{}", rows, format, full ? "" : " (masked)");
        InputStream in = new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        };
        return new File(file, in, rows);
    }
}

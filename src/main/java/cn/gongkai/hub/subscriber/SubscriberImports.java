package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Subscriber imports: the uploaded file is kept under {@code $HUB_DATA_DIR/imports/} and read row by row on a thread of
 * its own (one import at a time per hub instance), a thousand rows a batch: each row checked ({@link SubscriberRows}),
 * a row repeating an earlier row's mobile, openid or e-mail refused as a duplicate, the good rows written
 * ({@link SubscriberService#upsert}), the progress and the refused rows recorded after every batch. A bad row never
 * stops the import; a file the hub cannot read fails it as a whole with the reason. Writes are idempotent, so a file
 * imported again (after a failure, or twice) updates the same people instead of adding them again.
 */
@Singleton
public class SubscriberImports {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberImports.class);
    static final int BATCH = 1000;
    static final int MAX_ERRORS = 10_000;
    /** A RUNNING import whose progress is older than this has lost its hub (stopped, killed). */
    static final Duration STALLED = Duration.ofMinutes(2);

    private final ImportJobs jobs;
    private final SubscriberService service;
    private final Dimensions dimensions;
    private final Path dir;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "subscriber-import");
        t.setDaemon(true);
        return t;
    });

    SubscriberImports(ImportJobs jobs, SubscriberService service, Dimensions dimensions, HubConfig hub) {
        this.jobs = jobs;
        this.service = service;
        this.dimensions = dimensions;
        this.dir = hub.dataPath().resolve("imports");
    }

    /** Takes the upload and starts the import; returns its id at once. */
    public String start(String fileName, InputStream upload, String consentSource, String by) throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createDirectories(dir);
        Path file = dir.resolve(id + ".upload");
        Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
        String source = consentSource == null || consentSource.isBlank() ? "import:" + fileName : consentSource.strip();
        jobs.create(id, fileName, by, source);
        LOG.info("Subscriber import {} of {} ({} bytes) started by {}", id, fileName, Files.size(file), by);
        runner.execute(() -> run(id, file, fileName, source, by));
        return id;
    }

    public ImportJobs.Job find(String id) {
        ImportJobs.Job j = jobs.find(id).orElseThrow(() -> HubException.notFound("import " + id));
        if (j.state() == ImportJobs.State.RUNNING && j.updatedAt() != null && j.updatedAt().isBefore(Instant.now().minus(STALLED))) {
            return new ImportJobs.Job(j.id(), ImportJobs.State.FAILED, j.fileName(), j.by(), j.rowsRead(), j.imported(), j.updated(),
                    j.refused(), j.errors(), j.moreErrors(), "the hub running this import stopped after row " + j.rowsRead()
                    + "; import the file again: the rows already imported are updated, not added twice",
                    j.startedAt(), j.updatedAt(), null);
        }
        return j;
    }

    void run(String id, Path file, String fileName, String source, String by) {
        long t0 = System.nanoTime();
        long read = 0;
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, fileName)) {
            Set<String> dims = new HashSet<>(dimensions.current());
            DuplicateCheck duplicates = new DuplicateCheck();
            List<SubscriberService.Row> rows = new ArrayList<>(BATCH);
            List<RowError> errors = new ArrayList<>();
            int inBatch = 0;
            Optional<RawRow> next;
            while ((next = reader.next()).isPresent()) {
                RawRow raw = next.get();
                read++;
                inBatch++;
                SubscriberRows.Checked c = SubscriberRows.check(raw, dims);
                if (!c.ok()) {
                    errors.addAll(c.errors());
                } else {
                    List<RowError> dup = duplicates.check(raw.row(), c.input());
                    if (!dup.isEmpty()) {
                        errors.addAll(dup);
                    } else {
                        rows.add(new SubscriberService.Row(raw.row(), c.input()));
                    }
                }
                if (inBatch == BATCH) {
                    flush(id, rows, errors, inBatch, source, by);
                    rows.clear();
                    errors.clear();
                    inBatch = 0;
                }
            }
            flush(id, rows, errors, inBatch, source, by);
            jobs.finish(id, ImportJobs.State.DONE, null);
            ImportJobs.Job j = jobs.find(id).orElseThrow();
            LOG.info("Subscriber import {} done in {} ms: {} rows read, {} imported, {} updated, {} refused", id,
                    (System.nanoTime() - t0) / 1_000_000, j.rowsRead(), j.imported(), j.updated(), j.refused());
        } catch (SubscriberFileReader.Refused e) {
            if (!e.problems().isEmpty()) {
                jobs.progress(id, 0, 0, 0, 0, e.problems());
            }
            jobs.finish(id, ImportJobs.State.FAILED, e.getMessage());
            LOG.warn("Subscriber import {} of {} refused after {} rows: {}", id, fileName, read, e.getMessage());
        } catch (IOException | RuntimeException e) {
            jobs.finish(id, ImportJobs.State.FAILED, "the import stopped after " + read + " rows: " + e.getMessage()
                    + "; import the file again (rows already imported are updated, not added twice)");
            LOG.error("Subscriber import {} of {} failed after {} rows", id, fileName, read, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Could not delete the uploaded file {}: {}", file, e.getMessage());
            }
        }
    }

    private void flush(String id, List<SubscriberService.Row> rows, List<RowError> errors, int read, String source, String by) {
        long imported = 0;
        long updated = 0;
        List<RowError> refused = new ArrayList<>(errors);
        if (!rows.isEmpty()) {
            for (SubscriberService.RowResult r : service.upsert(rows, source, by)) {
                switch (r.written()) {
                    case CREATED -> imported++;
                    case UPDATED -> updated++;
                    case REFUSED -> refused.add(new RowError(r.row(), r.column(), r.problem()));
                }
            }
        }
        // a row is refused once, however many of its cells are wrong
        long refusedRows = refused.stream().mapToInt(RowError::row).distinct().count();
        refused.sort(java.util.Comparator.comparingInt(RowError::row));
        jobs.progress(id, read, imported, updated, refusedRows, refused);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        runner.shutdownNow();
        runner.awaitTermination(5, TimeUnit.SECONDS);
    }
}

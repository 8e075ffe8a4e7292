package cn.gongkai.hub.channel.website;

import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds of the site ({@code POST /api/site/rebuild}), one at a time on a thread of their own; the last few are kept
 * in memory for {@code GET /api/site/rebuild/{id}} on the instance that runs them. Progress also goes to the log.
 */
@Singleton
@Requires(property = "hub.channels.website.selected.site", value = "true")
public class SiteRebuilds {
    private static final Logger LOG = LoggerFactory.getLogger(SiteRebuilds.class);
    private static final int KEPT = 20;

    /** One rebuild: RUNNING, DONE or FAILED; the counts once done. */
    public record Job(String id, String state, String requestedBy, Instant startedAt, Instant finishedAt, String progress,
                      Integer items, Integer files, Integer removed, java.util.List<String> skipped, String error) {
    }

    private final StaticSite site;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "site-rebuild");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > KEPT;
        }
    };

    public SiteRebuilds(StaticSite site) {
        this.site = site;
    }

    /** Starts a rebuild, or returns the one running. */
    public synchronized Job start(String requestedBy) {
        for (Job j : jobs.values()) {
            if ("RUNNING".equals(j.state())) {
                return j;
            }
        }
        String id = UUID.randomUUID().toString();
        Job job = new Job(id, "RUNNING", requestedBy, Instant.now(), null, "started", null, null, null, null, null);
        jobs.put(id, job);
        LOG.info("site rebuild {} started by {} into {}", id, requestedBy, site.root());
        executor.execute(() -> run(job));
        return job;
    }

    public synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(Job job) {
        try {
            StaticSite.Rebuilt r = site.rebuild(progress -> {
                LOG.info("site rebuild {}: {}", job.id(), progress);
                update(job.id(), j -> new Job(j.id(), j.state(), j.requestedBy(), j.startedAt(), null, progress, null, null, null, null, null));
            });
            update(job.id(), j -> new Job(j.id(), "DONE", j.requestedBy(), j.startedAt(), Instant.now(), j.progress(), r.items(), r.files(),
                    r.removed(), r.skipped(), null));
            LOG.info("site rebuild {} done: {} item pages, {} files, {} removed", job.id(), r.items(), r.files(), r.removed());
        } catch (Exception e) {
            LOG.error("site rebuild {} failed", job.id(), e);
            update(job.id(), j -> new Job(j.id(), "FAILED", j.requestedBy(), j.startedAt(), Instant.now(), j.progress(), null, null, null,
                    null, e.toString()));
        }
    }

    private synchronized void update(String id, java.util.function.UnaryOperator<Job> change) {
        Job j = jobs.get(id);
        if (j != null) {
            jobs.put(id, change.apply(j));
        }
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}

package cn.gongkai.hub.bench;

import cn.gongkai.hub.delivery.Buckets;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.RedisUnderTest;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.support.TestRedisCluster;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A 100,000-number SMS broadcast through the whole engine (publish → gate → paged planning → bucket streams → gate →
 * worker → discard transport → record with counters), three runs on one redis-server and three on a 3-master Redis
 * Cluster, with, during each run: a PING probe every 5 ms on each server and its SLOWLOG (the longest command), and an
 * API client calling {@code GET /api/items} every 50 ms (its p99). The baseline, in the same run on the same server:
 * a plain Lettuce loop doing the least a durable stream queue must do per message (HSET record, XADD, XREADGROUP,
 * XACK, HSET state), pipelined.
 *
 * <p>Run: {@code ./mvnw -Pbench verify}. {@code -Dbench.deliveries=}, {@code -Dbench.runs=}, {@code -Dbench.cluster=false}.
 */
public final class BackboneBenchmark {
    static final int DELIVERIES = Integer.getInteger("bench.deliveries", 100_000);
    static final int RUNS = Integer.getInteger("bench.runs", 3);

    record Run(double rate, double firstSentMs, double longestCommandMs, double longestPingMs, double apiP99Ms, double commandsPerDelivery,
               long peakHeapMb) {
    }

    public static void main(String[] args) throws Exception {
        List<String> report = new ArrayList<>();
        try (TestRedis redis = TestRedis.start()) {
            List<Double> baseline = new ArrayList<>();
            for (int i = 1; i <= RUNS; i++) {
                baseline.add(baseline(redis.uri(), i));
                System.out.printf("baseline run %d: %,.0f/s%n", i, baseline.get(i - 1));
            }
            RedisClient pingClient = RedisClient.create(redis.uri());
            List<Run> runs;
            try (StatefulRedisConnection<String, String> ping = pingClient.connect()) {
                runs = broadcast("one redis-server", redis, List.of(redis.sync()), List.of(ping.sync()));
            } finally {
                pingClient.shutdown();
            }
            report.addAll(summary("one redis-server (embedded 6.2)", runs, median(baseline)));
        }
        if (Boolean.parseBoolean(System.getProperty("bench.cluster", "true"))) {
            try (TestRedisCluster cluster = TestRedisCluster.start()) {
                List<RedisClusterCommands<String, String>> nodes = new ArrayList<>();
                List<RedisClient> clients = new ArrayList<>();
                List<RedisClusterCommands<String, String>> pingers = new ArrayList<>();
                for (int n = 0; n < TestRedisCluster.MASTERS; n++) {
                    nodes.add(cluster.node(n));
                    RedisClient c = RedisClient.create(cluster.seed(n));
                    clients.add(c);
                    pingers.add(c.connect().sync());
                }
                List<Run> runs;
                try {
                    runs = broadcast("cluster", cluster, nodes, pingers);
                } finally {
                    clients.forEach(RedisClient::shutdown);
                }
                report.addAll(summary("Redis Cluster, 3 masters on this machine", runs, Double.NaN));
            }
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    static List<String> summary(String where, List<Run> runs, double baseline) {
        List<String> out = new ArrayList<>();
        double rate = median(runs, Run::rate);
        out.add(String.format("Broadcast benchmark on %s: %,d SMS, discard transport, %d runs, %d cores (medians)", where, DELIVERIES,
                runs.size(), Runtime.getRuntime().availableProcessors()));
        out.add(String.format("  end to end (planning included)   %,.0f deliveries/s   (target >= 10,000)", rate));
        if (!Double.isNaN(baseline)) {
            out.add(String.format("  baseline plain Lettuce loop      %,.0f/s; ratio hub / baseline %.2f   (was 0.52; aim >= 0.8)", baseline, rate / baseline));
        }
        out.add(String.format("  publish call -> first SENT       %.0f ms   (target <= 1,000)", median(runs, Run::firstSentMs)));
        out.add(String.format("  longest Redis command (SLOWLOG)  %.1f ms   (target <= 20; worst run %.1f)", median(runs, Run::longestCommandMs),
                runs.stream().mapToDouble(Run::longestCommandMs).max().orElse(0)));
        out.add(String.format("  longest PING answer (every 5 ms) %.1f ms", median(runs, Run::longestPingMs)));
        out.add(String.format("  GET /api/items p99 (every 50 ms) %.1f ms   (target <= 100)", median(runs, Run::apiP99Ms)));
        if (!Double.isNaN(median(runs, Run::commandsPerDelivery))) {
            out.add(String.format("  Redis commands per delivery      %.2f   (INFO commandstats, inside Lua too)", median(runs, Run::commandsPerDelivery)));
        }
        out.add(String.format("  peak heap (hub + benchmark JVM)  %d MB", (long) median(runs, r -> (double) r.peakHeapMb())));
        return out;
    }

    /**
     * @param nodes   commands on each master (SLOWLOG, INFO)
     * @param pingers a connection of their own to each master, used by the PING probe alone
     */
    static List<Run> broadcast(String name, RedisUnderTest redis, List<RedisClusterCommands<String, String>> nodes,
                               List<RedisClusterCommands<String, String>> pingers) throws Exception {
        Path tmp = Files.createTempDirectory("hub-bench");
        List<Run> runs = new ArrayList<>();
        try {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("bench", DELIVERIES) + "transport: discard\nbatch-size: 100");
            Map<String, Object> props = TestHub.defaults(redis);
            props.put("hub.channel-config-dir", config.toString());
            props.put("hub.data-dir", tmp.resolve("data").toString());
            try (TestHub hub = TestHub.start(props)) {
                Flow flow = new Flow(hub).users();
                RedisKeys keys = hub.bean(RedisKeys.class);
                int buckets = hub.bean(Buckets.class).count();
                for (int run = 1; run <= RUNS; run++) {
                    String id = flow.approved(Seeds.itemJson(run % 5, "[\"sms\"]")).get("id").asText();
                    System.gc();
                    resetPeaks();
                    for (RedisClusterCommands<String, String> n : nodes) {
                        n.configSet("slowlog-log-slower-than", "1000");
                        n.slowlogReset();
                        n.configResetstat();
                    }
                    AtomicBoolean running = new AtomicBoolean(true);
                    List<Double> pings = new ArrayList<>();
                    List<Thread> probes = new ArrayList<>();
                    for (int n = 0; n < nodes.size(); n++) {
                        RedisClusterCommands<String, String> pinger = pingers.get(n);
                        probes.add(probe("ping-" + n, running, pings, () -> ping(pinger)));
                    }
                    List<Double> api = new ArrayList<>();
                    Thread client = probe("api", running, api, () -> {
                        long t = System.nanoTime();
                        hub.as("editor", "GET", "/api/items?size=20", null);
                        return (System.nanoTime() - t) / 1e6;
                    }, 50);
                    probes.add(client);
                    long start = System.nanoTime();
                    hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
                    double firstSent = -1;
                    while (true) {
                        if (firstSent < 0 && sent(redis.sync(), keys, buckets, id) > 0) {
                            firstSent = (System.nanoTime() - start) / 1e6;
                        }
                        if (firstSent >= 0 && "PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText())) {
                            break;
                        }
                        TimeUnit.MILLISECONDS.sleep(firstSent < 0 ? 2 : 20);
                    }
                    double secs = (System.nanoTime() - start) / 1e9;
                    running.set(false);
                    for (Thread t : probes) {
                        t.join();
                    }
                    if (run == 1) {
                        for (RedisClusterCommands<String, String> n : nodes) {
                            System.out.println("  Redis on this node: " + cpu(n) + "; commands per delivery, by command:");
                            for (String line : n.info("commandstats").split("\r?\n")) {
                                if (line.startsWith("cmdstat_")) {
                                    String c = line.substring(line.indexOf("calls=") + 6);
                                    long k = Long.parseLong(c.substring(0, c.indexOf(',')));
                                    if (k * 200 >= DELIVERIES) {
                                        System.out.printf("    %-14s %.3f%n", line.substring(8, line.indexOf(':')), (double) k / DELIVERIES);
                                    }
                                }
                            }
                        }
                    }
                    double longest = 0;
                    long calls = 0;
                    for (RedisClusterCommands<String, String> n : nodes) {
                        for (Object entry : n.slowlogGet(128)) {
                            if (entry instanceof List<?> e && e.size() > 3 && !String.valueOf(e.get(3)).contains("slowlog")) {
                                longest = Math.max(longest, ((Number) e.get(2)).longValue() / 1000.0);
                            }
                        }
                        calls += commandCalls(n);
                    }
                    Run r = new Run(DELIVERIES / secs, firstSent, longest, max(pings), percentile(api, 0.99),
                            nodes.size() == 1 ? (double) calls / DELIVERIES : Double.NaN, peakHeap() / (1024 * 1024));
                    runs.add(r);
                    System.out.printf("%s run %d: %,d in %.2f s = %,.0f/s; first SENT after %.0f ms; longest command %.1f ms; "
                                    + "longest PING %.1f ms; API p99 %.1f ms (%d calls)%n", name, run, DELIVERIES, secs, r.rate(), firstSent,
                            longest, r.longestPingMs(), r.apiP99Ms(), api.size());
                }
            }
        } finally {
            TestHub.deleteTree(tmp);
        }
        return runs;
    }

    /** SENT deliveries of the item so far, from the progress counters of every bucket. */
    static long sent(RedisClusterCommands<String, String> redis, RedisKeys keys, int buckets, String itemId) {
        long n = 0;
        for (int b = 0; b < buckets; b++) {
            String v = redis.hget(keys.progress("sms", b, itemId, 1, Action.PUBLISH.wire()), "SENT");
            n += v == null ? 0 : Long.parseLong(v);
        }
        return n;
    }

    static double ping(RedisClusterCommands<String, String> c) {
        long t = System.nanoTime();
        c.ping();
        return (System.nanoTime() - t) / 1e6;
    }

    static Thread probe(String name, AtomicBoolean running, List<Double> out, Supplier<Double> sample) {
        return probe(name, running, out, sample, 5);
    }

    static Thread probe(String name, AtomicBoolean running, List<Double> out, Supplier<Double> sample, long everyMillis) {
        Thread t = new Thread(() -> {
            while (running.get()) {
                double v = sample.get();
                synchronized (out) {
                    out.add(v);
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The least a durable stream queue does per message, pipelined: record, enqueue, read, ack, mark done. */
    static double baseline(String uri, int run) throws Exception {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisAsyncCommands<String, String> a = c.async();
            RedisCommands<String, String> s = c.sync();
            String stream = "base:" + run + ":stream";
            s.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "g", io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
            long start = System.nanoTime();
            List<io.lettuce.core.RedisFuture<?>> fs = new ArrayList<>();
            for (int i = 0; i < DELIVERIES; i++) {
                fs.add(a.hset("base:" + run + ":d:" + i, Map.of("state", "PLANNED", "to", "139" + i)));
                fs.add(a.xadd(stream, Map.of("d", Integer.toString(i))));
                if (fs.size() >= 2000) {
                    for (var f : fs) {
                        f.get();
                    }
                    fs.clear();
                }
            }
            for (var f : fs) {
                f.get();
            }
            fs.clear();
            int done = 0;
            while (done < DELIVERIES) {
                List<StreamMessage<String, String>> batch = s.xreadgroup(Consumer.from("g", "c"), XReadArgs.Builder.count(100),
                        XReadArgs.StreamOffset.lastConsumed(stream));
                List<String> ids = new ArrayList<>();
                for (StreamMessage<String, String> m : batch) {
                    fs.add(a.hset("base:" + run + ":d:" + m.getBody().get("d"), "state", "SENT"));
                    ids.add(m.getId());
                }
                fs.add(a.xack(stream, "g", ids.toArray(String[]::new)));
                for (var f : fs) {
                    f.get();
                }
                fs.clear();
                done += batch.size();
            }
            return DELIVERIES / ((System.nanoTime() - start) / 1e9);
        } finally {
            client.shutdown();
        }
    }

    /** CPU seconds the server used since it started (INFO cpu), to set against the run's wall time. */
    static String cpu(RedisClusterCommands<String, String> n) {
        double user = 0;
        double sys = 0;
        for (String line : n.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_user:")) {
                user = Double.parseDouble(line.substring(14).strip());
            } else if (line.startsWith("used_cpu_sys:")) {
                sys = Double.parseDouble(line.substring(13).strip());
            }
        }
        return String.format("%.1f s CPU since start (user %.1f, sys %.1f)", user + sys, user, sys);
    }

    static long commandCalls(RedisClusterCommands<String, String> redis) {
        long total = 0;
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info") && !line.startsWith("cmdstat_config")
                    && !line.startsWith("cmdstat_ping") && !line.startsWith("cmdstat_slowlog")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                total += Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return total;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static double max(List<Double> v) {
        synchronized (v) {
            return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    static double percentile(List<Double> v, double p) {
        List<Double> s;
        synchronized (v) {
            s = new ArrayList<>(v);
        }
        if (s.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        List<Double> v = new ArrayList<>();
        runs.forEach(r -> v.add(f.applyAsDouble(r)));
        return median(v);
    }
}

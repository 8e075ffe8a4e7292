package cn.gongkai.hub.bench;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * 100,000 deliveries through the backbone (publish → plan → redis-stream → gate → worker → discard transport →
 * record with counters), three runs, against a baseline in the same run: a plain Lettuce loop doing the least a
 * durable stream queue must do per message (HSET record, XADD, XREADGROUP, XACK, HSET state), pipelined.
 *
 * <p>Run: {@code ./mvnw -Pbench verify} (or after {@code ./mvnw test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/bench.classpath) cn.gongkai.hub.bench.BackboneBenchmark}).
 */
public final class BackboneBenchmark {
    static final int DELIVERIES = Integer.getInteger("bench.deliveries", 100_000);
    static final int RUNS = Integer.getInteger("bench.runs", 3);

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("hub-bench");
        try (TestRedis redis = TestRedis.start()) {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("bench", DELIVERIES) + "transport: discard\nbatch-size: 100");
            Map<String, Object> props = TestHub.defaults(redis);
            props.put("hub.channel-config-dir", config.toString());
            props.put("hub.data-dir", tmp.resolve("data").toString());
            List<Double> rates = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            List<Double> commands = new ArrayList<>();
            List<Long> p50 = new ArrayList<>();
            List<Long> p99 = new ArrayList<>();
            long peakHeap = 0;
            try (TestHub hub = TestHub.start(props)) {
                Flow flow = new Flow(hub).users();
                for (int run = 1; run <= RUNS; run++) {
                    baseline.add(baseline(redis, run));
                    String id = flow.approved(Seeds.itemJson(run % 5, "[\"sms\"]")).get("id").asText();
                    System.gc();
                    resetPeaks();
                    redis.sync().configResetstat();
                    long start = System.nanoTime();
                    hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
                    while (!"PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText())) {
                        TimeUnit.MILLISECONDS.sleep(20);
                    }
                    double secs = (System.nanoTime() - start) / 1e9;
                    long calls = commandCalls(redis.sync());
                    if (run == 1) {
                        System.out.println("Redis commands per delivery, by command (run 1):");
                        for (String line : redis.sync().info("commandstats").split("\r?\n")) {
                            if (line.startsWith("cmdstat_")) {
                                String name = line.substring(8, line.indexOf(':'));
                                String c = line.substring(line.indexOf("calls=") + 6);
                                long n = Long.parseLong(c.substring(0, c.indexOf(',')));
                                if (n * 100 >= DELIVERIES) {
                                    System.out.printf("  %-12s %.3f%n", name, (double) n / DELIVERIES);
                                }
                            }
                        }
                    }
                    rates.add(DELIVERIES / secs);
                    commands.add((double) calls / DELIVERIES);
                    long[] lat = latencies(redis.sync(), hub, id);
                    p50.add(lat[0]);
                    p99.add(lat[1]);
                    peakHeap = Math.max(peakHeap, peakHeap());
                    System.out.printf("run %d: %,d deliveries in %.2f s = %,.0f/s; %.2f Redis commands per delivery; latency p50 %d ms p99 %d ms; baseline %,.0f/s%n",
                            run, DELIVERIES, secs, DELIVERIES / secs, (double) calls / DELIVERIES, lat[0], lat[1], baseline.get(run - 1));
                }
            }
            double hubRate = median(rates);
            double baseRate = median(baseline);
            System.out.println();
            System.out.println("Backbone benchmark (" + DELIVERIES + " deliveries, discard transport, " + RUNS + " runs, "
                    + Runtime.getRuntime().availableProcessors() + " cores)");
            System.out.printf("  hub deliveries/s (median)          %,.0f   (target >= 5,000)%n", hubRate);
            System.out.printf("  baseline plain Lettuce loop (med.)  %,.0f/s%n", baseRate);
            System.out.printf("  ratio hub / baseline                %.2f%n", hubRate / baseRate);
            System.out.printf("  Redis commands per delivery (med.)  %.2f   (target <= 6; INFO commandstats, Lua inner calls included)%n", median(commands));
            System.out.printf("  latency planned->sent p50 / p99     %d ms / %d ms (median of runs; all %d planned at once)%n",
                    medianL(p50), medianL(p99), DELIVERIES);
            System.out.printf("  peak heap (JVM running hub + bench) %d MB%n", peakHeap / (1024 * 1024));
        } finally {
            TestHub.deleteTree(tmp);
        }
    }

    /** The least a durable stream queue does per message, pipelined: record, enqueue, read, ack, mark done. */
    static double baseline(TestRedis redis, int run) throws Exception {
        RedisClient client = RedisClient.create(redis.uri());
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

    static long commandCalls(RedisCommands<String, String> redis) {
        long total = 0;
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info") && !line.startsWith("cmdstat_config")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                total += Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return total;
    }

    static long[] latencies(RedisCommands<String, String> redis, TestHub hub, String itemId) {
        cn.gongkai.hub.redis.RedisKeys keys = hub.bean(cn.gongkai.hub.redis.RedisKeys.class);
        List<Long> ms = new ArrayList<>();
        int buckets = hub.bean(cn.gongkai.hub.delivery.Buckets.class).count();
        for (int b = 0; b < buckets; b++) {
            for (String id : redis.srandmember(keys.itemDeliveries("sms", b, itemId), Math.max(1, 2000 / buckets))) {
                Map<String, String> h = redis.hgetall(keys.delivery("sms", b, id));
                ms.add(Duration.between(Instant.parse(h.get("createdAt")), Instant.parse(h.get("sentAt"))).toMillis());
            }
        }
        Collections.sort(ms);
        return new long[]{ms.get(ms.size() / 2), ms.get((int) (ms.size() * 0.99))};
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

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static long medianL(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}

package cn.gongkai.hub.bench;

import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.subscriber.SubscriberFiles;
import cn.gongkai.hub.subscriber.SubscriberInput;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.HubProcess;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.Smsc;
import cn.gongkai.hub.vendor.SmtpPeer;
import cn.gongkai.hub.vendor.WeChatServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import java.util.zip.CRC32;

import static org.awaitility.Awaitility.await;

/**
 * Issue 11's benchmark: 100,000 generated subscribers ({@link SubscriberFiles}) imported into a hub running as a
 * separate process ({@link HubProcess}, {@code -Xmx512m}) on a {@link TestRedis}, first as a CSV into an empty store
 * (every row creates a person), then as the .xlsx of the same people (every row updates one); then a segment of about
 * 60,000 of them previewed, and a notice to it drafted, reviewed twice and published over SMS (SMPP to the local
 * {@link Smsc}), WeChat template messages (WxJava to the local {@link WeChatServer}, every openid a follower) and
 * e-mail (SMTP to the local {@link SmtpPeer}), mode fallback, no rate limits, no quiet hours. Each of {@code runs}
 * runs gets a fresh key prefix, data folder, hub process and peers. While the hub imports and sends, its
 * {@code GET /metrics} is read every 100 ms for the heap in use (summed over the heap pools) and the live data after
 * the last collection.
 *
 * <p>Figures: import rows/s = rows / (the job's finishedAt − the start of the upload); segment resolution = the
 * preview call's time and the report's {@code segmentMillis}; first delivery = the first message any peer received −
 * the publish call; deliveries/s = the messages the peers received / (the last one − the publish call). Baselines in
 * the same run, on the same Redis: the same CSV parsed with commons-csv and written by a plain Lettuce pipeline (one
 * SET per record, one ZADD per bucket and per bucket's tag, per 1,000 rows), in a fresh JVM as cold as each hub's;
 * and, for the sending, the hub's own
 * 100,000-number SMS broadcast (an SMS list item) through the same SMPP transport to a fresh SMSC.
 *
 * <p>The peers run in this JVM and keep what they received (the SMSC every submit_sm, the SMTP peer every message's
 * bytes, the WeChat server every call): none of them can count only. That memory is this JVM's, not the hub's.
 *
 * <p>Run: {@code ./mvnw -Pbench verify} (with the other benchmarks), or alone with the test classpath.
 * {@code -Dbench.people=}, {@code -Dbench.runs=}, {@code -Dbench.broadcast=false}, {@code -Dbench.broadcast.numbers=};
 * to look into the hub: {@code -Dbench.jfr=<dir>} (a flight recording per hub process), {@code -Dbench.keep=true} (keep the
 * folder with the hub's log), {@code -Dbench.routes=<dir>} and {@code -Dbench.hub-options=} (JAVA_TOOL_OPTIONS) to try a change.
 */
public final class NoticeBenchmark {
    static final int PEOPLE = Integer.getInteger("bench.people", 100_000);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final boolean BROADCAST = Boolean.parseBoolean(System.getProperty("bench.broadcast", "true"));
    static final int BROADCAST_NUMBERS = Integer.getInteger("bench.broadcast.numbers", 100_000);
    static final List<String> DISTRICTS = List.of("区域:崇川区", "区域:海门区", "区域:通州区", "区域:如皋市");
    static final String SEGMENT = "{\"any\": [\"" + String.join("\", \"", DISTRICTS) + "\"]}";
    static final String CHANNELS = "[\"sms\", \"wechat\", \"email\"]";
    static final String APP_ID = "wx6a2f1b0c9d8e7f01";
    static final String APP_SECRET = "3f9c2b7e1d4a6058c7b2e9f1a3d5c7e9";
    static final String TEMPLATE = "Tq3vNn1uHb8kS0w-Y2xQp4LmR7cZe9aF_0dGiJkUoEw";
    static final String SMPP_PASSWORD = "gk2026";
    static final int BUCKETS = 64;
    static final ObjectMapper JSON = new ObjectMapper();

    record Import(long rows, double rowsPerSecond, double polledRowsPerSecond, long imported, long updated, long refused, double uploadMs) {
    }

    record Send(long segment, double previewMs, long segmentMillis, double firstMs, double rate, long messages, double lastMs,
                Map<String, Long> peers, Map<String, Long> reportSent, String state) {
    }

    record Run(Import csv, Import xlsx, Send notice, long importHeapMb, long importLiveMb, long sendHeapMb, long sendLiveMb,
               double gcPauseSeconds, boolean alive, boolean oom) {
    }

    record Broadcast(long messages, double firstMs, double rate, long heapMb) {
    }

    private NoticeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // the JDK HttpServer under WeChatServer writes a response's headers and body separately and, without this, with
        // Nagle on: every call then waits for the client's delayed ACK (~40 ms), an artefact of the fake, not of WeChat
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path tmp = Files.createTempDirectory("hub-notice-bench");
        try {
            Path csv = SubscriberFiles.csv(tmp.resolve("订阅者.csv"), PEOPLE, SubscriberFiles.Encoding.UTF8_BOM, false);
            Path xlsx = SubscriberFiles.xlsx(tmp.resolve("订阅者.xlsx"), PEOPLE, true, true);
            Population population = population();
            System.out.printf("%,d people: CSV (UTF-8 with BOM) %,d bytes, .xlsx (number cells, shared strings) %,d bytes; %s: %,d people,"
                            + " %,d of them with consent for sms, wechat or email; %,d openids (all followers); %d cores%n",
                    PEOPLE, Files.size(csv), Files.size(xlsx), SEGMENT, population.inSegment, population.reachable, population.openIds.size(),
                    Runtime.getRuntime().availableProcessors());
            List<String> report = new ArrayList<>();
            try (TestRedis redis = TestRedis.start()) {
                List<Double> baseline = new ArrayList<>();
                List<Run> runs = new ArrayList<>();
                for (int run = 1; run <= RUNS; run++) {
                    baseline.add(baselineInItsOwnJvm(redis.uri(), csv, run));
                    System.out.printf("baseline run %d: plain Lettuce pipeline %,.0f rows/s%n", run, baseline.get(run - 1));
                    redis.sync().flushall();
                    runs.add(run(redis, tmp.resolve("run-" + run), run, csv, xlsx, population));
                    redis.sync().flushall();
                }
                Broadcast broadcast = null;
                if (BROADCAST) {
                    broadcast = broadcast(redis, tmp.resolve("broadcast"));
                    redis.sync().flushall();
                }
                report.addAll(summary(runs, median(baseline), broadcast));
            }
            System.out.println();
            report.forEach(System.out::println);
        } finally {
            if (Boolean.getBoolean("bench.keep")) {
                System.out.println("kept " + tmp);
            } else {
                TestHub.deleteTree(tmp);
            }
        }
    }

    /** Who the segment holds, who of them the notice can reach, and every openid (each registered as a follower). */
    record Population(long inSegment, long reachable, List<String> openIds) {
    }

    static Population population() {
        long in = 0;
        long reachable = 0;
        List<String> openIds = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            SubscriberInput p = SubscriberFiles.person(i);
            if (p.wechatOpenId() != null) {
                openIds.add(p.wechatOpenId());
            }
            if (p.tags().stream().anyMatch(DISTRICTS::contains)) {
                in++;
                if (p.consent().stream().anyMatch(r -> !r.wire().equals("qq"))) {
                    reachable++;
                }
            }
        }
        return new Population(in, reachable, openIds);
    }

    static List<String> summary(List<Run> runs, double baseline, Broadcast broadcast) {
        List<String> out = new ArrayList<>();
        out.add(String.format("Notice benchmark: %,d subscribers, segment %s, sms + wechat + email (fallback), %d runs, %d cores (medians)",
                PEOPLE, SEGMENT, runs.size(), Runtime.getRuntime().availableProcessors()));
        double csv = median(runs, r -> r.csv().rowsPerSecond());
        double xlsx = median(runs, r -> r.xlsx().rowsPerSecond());
        out.add(String.format("  import CSV (creates)              %,.0f rows/s   (target >= 20,000) %s", csv, met(csv >= 20_000)));
        out.add(String.format("  import .xlsx (updates)            %,.0f rows/s   (target >= 20,000) %s", xlsx, met(xlsx >= 20_000)));
        out.add(String.format("  baseline commons-csv + Lettuce    %,.0f rows/s; ratio hub / baseline: CSV %.2f, .xlsx %.2f", baseline,
                csv / baseline, xlsx / baseline));
        out.add(String.format("  segment preview call              %.0f ms (%,d people); notice report segmentMillis %.0f ms",
                median(runs, r -> r.notice().previewMs()), runs.get(0).notice().segment(), median(runs, r -> r.notice().segmentMillis())));
        double first = median(runs, r -> r.notice().firstMs());
        out.add(String.format("  publish call -> first delivery    %.0f ms   (target <= 2,000) %s", first, met(first <= 2_000)));
        double rate = median(runs, r -> r.notice().rate());
        out.add(String.format("  end to end (planning included)    %,.0f deliveries/s of %,d   (target >= 3,000) %s", rate,
                (long) median(runs, r -> r.notice().messages()), met(rate >= 3_000)));
        Send s = runs.get(runs.size() / 2).notice();
        out.add(String.format("  per channel, run %d                peers %s; report sent %s", runs.size() / 2 + 1, s.peers(), s.reportSent()));
        if (broadcast != null) {
            out.add(String.format("  baseline SMS broadcast (%,d numbers, smpp, one run) %,.0f deliveries/s, first after %.0f ms;"
                    + " ratio notice / broadcast %.2f", broadcast.messages(), broadcast.rate(), broadcast.firstMs(), rate / broadcast.rate()));
        }
        long heap = (long) Math.max(median(runs, r -> r.importHeapMb()), median(runs, r -> r.sendHeapMb()));
        long worst = runs.stream().mapToLong(r -> Math.max(r.importHeapMb(), r.sendHeapMb())).max().orElse(0);
        boolean clean = runs.stream().allMatch(r -> r.alive() && !r.oom());
        out.add(String.format("  peak heap used, hub process       import %d MB, send %d MB (worst run %d MB); live after the last old-gen"
                        + " collection: import %s, send %s; GC pauses %.1f s a run   (target <= 512) %s", (long) median(runs, r -> r.importHeapMb()),
                (long) median(runs, r -> r.sendHeapMb()), worst, live(median(runs, r -> r.importLiveMb())),
                live(median(runs, r -> r.sendLiveMb())), median(runs, Run::gcPauseSeconds), met(heap <= 512 && clean)));
        out.add(String.format("  hub process -Xmx512m: %s", clean ? "ran every run to the end, no OutOfMemoryError in its log"
                : "DID NOT survive every run (see the runs above)"));
        return out;
    }

    /** Micrometer's jvm.gc.live.data.size stays 0 until an old-generation collection has run. */
    static String live(double mb) {
        return mb > 0 ? (long) mb + " MB" : "none ran";
    }

    static String met(boolean ok) {
        return ok ? "MET" : "MISSED";
    }

    /** One run: a fresh prefix, data folder, peers and hub process; both imports, the preview, the notice. */
    static Run run(TestRedis redis, Path dir, int run, Path csv, Path xlsx, Population population) throws Exception {
        Files.createDirectories(dir);
        try (Smsc smsc = Smsc.start("hub", SMPP_PASSWORD);
             WeChatServer wechat = WeChatServer.start(APP_ID, APP_SECRET).template(TEMPLATE, "thing1", "time2");
             SmtpPeer smtp = SmtpPeer.builder().hostname("mx.bench.test").start()) {
            population.openIds.forEach(wechat::follower);
            String prefix = "nb" + run + "x" + System.nanoTime() % 10_000;
            RedisKeys keys = new RedisKeys(prefix);
            Map<String, String> env = env(redis, dir, prefix);
            Path config = Path.of(env.get("HUB_CHANNEL_CONFIG_DIR"));
            configure(config, dir, smsc, wechat, smtp);
            Path log = dir.resolve("hub.log");
            try (HubProcess hub = start(env, log); HeapSampler heap = new HeapSampler(hub)) {
                System.out.printf("run %d: hub pid %d: %s%n", run, hub.pid(), commandLine(hub.pid()));
                hub.user("editor", "EDITOR");
                hub.user("reviewer", "REVIEWER");
                hub.user("approver", "APPROVER");
                heap.phase("import");
                Cpu cpu0 = Cpu.now(hub.pid(), redis);
                Import c = importFile(hub, redis, keys, csv, "text/csv");
                Cpu cpu1 = Cpu.now(hub.pid(), redis);
                Import x = importFile(hub, redis, keys, xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                Cpu cpu2 = Cpu.now(hub.pid(), redis);
                System.out.printf("run %d: CPU during the CSV import %s; during the .xlsx import %s%n", run, cpu1.since(cpu0), cpu2.since(cpu1));
                System.out.printf("run %d: CSV %,d rows (%,d created, %,d refused) %,.0f rows/s (polled %,.0f; upload %.0f ms of it); .xlsx %,d rows"
                                + " (%,d updated, %,d refused) %,.0f rows/s (polled %,.0f; upload %.0f ms); heap peak %d MB%n", run, c.rows(),
                        c.imported(), c.refused(), c.rowsPerSecond(), c.polledRowsPerSecond(), c.uploadMs(), x.rows(), x.updated(), x.refused(),
                        x.rowsPerSecond(), x.polledRowsPerSecond(), x.uploadMs(), heap.peakUsedMb("import"));
                heap.phase("send");
                Cpu cpu3 = Cpu.now(hub.pid(), redis);
                Send s = notice(hub, smsc, wechat, smtp);
                System.out.printf("run %d: CPU during the preview and the notice %s%n", run, Cpu.now(hub.pid(), redis).since(cpu3));
                heap.phase("after");
                System.out.printf("run %d: segment %,d (preview %.0f ms, report segmentMillis %d); publish -> first delivery %.0f ms;"
                                + " %,d messages in %.2f s = %,.0f/s; state %s; peers %s; report sent %s; heap peak %d MB%n", run,
                        s.segment(), s.previewMs(), s.segmentMillis(), s.firstMs(), s.messages(), s.lastMs() / 1000, s.rate(), s.state(),
                        s.peers(), s.reportSent(), heap.peakUsedMb("send"));
                List<Smsc.Violation> smsViolations = smsc.violations();
                if (!smsViolations.isEmpty() || !smtp.violations().isEmpty()) {
                    System.out.printf("run %d: peers objected: SMSC %s; SMTP %s%n", run, smsViolations.stream().limit(3).toList(),
                            smtp.violations().stream().limit(3).toList());
                }
                boolean alive = hub.get("/health", null).status() == 200;
                heap.close();
                return new Run(c, x, s, heap.peakUsedMb("import"), heap.peakLiveMb("import"), heap.peakUsedMb("send"), heap.peakLiveMb("send"),
                        heap.gcPauseSeconds(), alive, outOfMemory(log));
            }
        }
    }

    /** A hub process; when it does not come up, the end of its log is printed (the folder it is in is deleted at the end). */
    static HubProcess start(Map<String, String> env, Path log) throws IOException {
        try {
            return HubProcess.start(env, log);
        } catch (RuntimeException e) {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            System.out.println("the hub did not start; the end of its log:");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            throw e;
        }
    }

    static Map<String, String> env(TestRedis redis, Path dir, String prefix) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("HUB_REDIS_URI", redis.uri());
        env.put("HUB_REDIS_PREFIX", prefix);
        env.put("HUB_CHANNEL_CONFIG_DIR", ChannelConfigs.copy(dir.resolve("channel-config")).toString());
        env.put("HUB_DATA_DIR", dir.resolve("data").toString());
        // bench.routes and bench.hub-options are for trying a change out (a route's concurrentConsumers, a system
        // property); the figures to report run the shipped routes and no options
        env.put("HUB_ROUTES_DIR", Path.of(System.getProperty("bench.routes", "routes")).toAbsolutePath().toString());
        env.put("SMPP_PASSWORD", SMPP_PASSWORD);
        String options = System.getProperty("bench.hub-options", "");
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null) {
            // a flight recording of the hub process, to see where its time goes (jfr print --events jdk.ExecutionSample)
            options += " -XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath().resolve(prefix + ".jfr");
        }
        if (!options.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", options.strip());
        }
        env.put("WECHAT_APP_ID", APP_ID);
        env.put("WECHAT_APP_SECRET", APP_SECRET);
        return env;
    }

    /** The three channels' files pointed at the peers, as SmppTransportIT, WeChatTemplateIT and SmtpTransportIT do. */
    static void configure(Path config, Path dir, Smsc smsc, WeChatServer wechat, SmtpPeer smtp) throws IOException {
        Path cover = dir.resolve("cover.jpg");
        Files.write(cover, jpeg(24));
        ChannelConfigs.set(config, "sms", "transport: smpp\nrate: none\nquiet-hours: none\nbatch-size: 1000\nsmpp:\n  host: " + smsc.host()
                + "\n  port: " + smsc.port() + "\n  system-id: hub\n  password: \"${SMPP_PASSWORD:}\"\n  source-addr: \"10690000\"\n"
                + "  window: 10\n  timeout: 5s\n  reconnect-max: 1s");
        ChannelConfigs.set(config, "wechat", "transport: wechat\nrate: none\nquiet-hours: none\nbatch-size: 1000\n"
                + "wechat:\n  api-host: " + wechat.baseUrl() + "\n  app-id: " + APP_ID + "\n  app-secret: \"${WECHAT_APP_SECRET:}\"\n"
                + "  default-cover: " + cover + "\n  timeout: 5s\n  poll-interval: 300ms\n"
                + "notice-template:\n  template-id: " + TEMPLATE + "\n  fields:\n    thing1: title\n    time2: publishedAt\n");
        ChannelConfigs.set(config, "press-email", "transport: smtp\nrate: none\nquiet-hours: none\nbatch-size: 1000\nsmtp:\n"
                + "  host: 127.0.0.1\n  port: " + smtp.port() + "\n  security: none\n  username: \"\"\n  password: \"\"\n  timeout: 5s");
    }

    /**
     * Uploads a file and waits for its import to finish; rows/s from the upload's start to the job's finishedAt. The
     * job's state is watched in Redis, not through {@code GET /api/subscribers/imports/{id}}: every Basic-auth request
     * costs the hub a BCrypt verification (cost 10), and polling the API every 20 ms took a core from the import.
     */
    static Import importFile(HubProcess hub, TestRedis redis, RedisKeys keys, Path file, String type) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        TestHub.Response r = hub.upload("/api/subscribers/imports", file.getFileName().toString(), type, bytes, Map.of("consentSource", "社区登记表"),
                "editor");
        if (r.status() != 202) {
            throw new IllegalStateException("import refused: " + r);
        }
        double uploadMs = (System.nanoTime() - t0) / 1e6;
        String id = r.json().get("id").asText();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> redis.sync().hget(keys.subscriberImport(id), "state"), st -> st != null && !st.equals("RUNNING"));
        double polled = (System.nanoTime() - t0) / 1e9;
        JsonNode job = hub.get("/api/subscribers/imports/" + id, "editor").json();
        if (!job.get("state").asText().equals("DONE")) {
            throw new IllegalStateException("import " + file.getFileName() + " ended " + job);
        }
        if (job.get("refused").asLong() > 0) {
            System.out.printf("  %s: %,d rows refused, the first: %s%n", file.getFileName(), job.get("refused").asLong(),
                    java.util.stream.StreamSupport.stream(job.get("errors").spliterator(), false).limit(3).toList());
        }
        long rows = job.get("rowsRead").asLong();
        double secs = Duration.between(start, Instant.parse(job.get("finishedAt").asText())).toNanos() / 1e9;
        return new Import(rows, rows / secs, rows / polled, job.get("imported").asLong(), job.get("updated").asLong(), job.get("refused").asLong(),
                uploadMs);
    }

    static Send notice(HubProcess hub, Smsc smsc, WeChatServer wechat, SmtpPeer smtp) {
        long p0 = System.nanoTime();
        TestHub.Response preview = hub.post("/api/segments/preview", "{\"segment\": " + SEGMENT + ", \"channels\": " + CHANNELS
                + ", \"mode\": \"fallback\"}", "editor");
        double previewMs = (System.nanoTime() - p0) / 1e6;
        if (preview.status() != 200) {
            throw new IllegalStateException("preview: " + preview);
        }
        System.out.printf("  preview: %,d people, by channel %s, reached on none %s%n", preview.json().get("count").asLong(),
                preview.json().get("channels"), preview.json().get("skipped"));
        TestHub.Response created = hub.post("/api/notices", "{\"title\": \"南通市寒潮蓝色预警防范提示\", \"body\": \"受强冷空气影响，"
                + "预计12月5日至7日我市气温骤降8至10℃，最低气温零下3℃。请老年朋友注意保暖，减少外出；各文化场馆做好防冻措施，"
                + "户外演出活动视天气调整。\", \"segment\": " + SEGMENT + ", \"channels\": " + CHANNELS + ", \"mode\": \"fallback\"}", "editor");
        if (created.status() != 201) {
            throw new IllegalStateException("notice: " + created);
        }
        String id = created.json().get("id").asText();
        String hash = created.json().get("contentHash").asText();
        check(hub.post("/api/items/" + id + "/submit", "", "editor"), 200);
        check(hub.post("/api/items/" + id + "/reviews", "{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\"}",
                "reviewer"), 200);
        check(hub.post("/api/items/" + id + "/reviews", "{\"stage\":\"final\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\"}",
                "approver"), 200);
        long expected = 0;
        for (JsonNode n : preview.json().get("channels")) {
            expected += n.asLong();
        }
        long toReach = expected;
        Instant published = Instant.now();
        check(hub.post("/api/items/" + id + "/publish", "{}", "approver"), 202);
        // the peers are watched (no hub CPU), the item's state then read once a second (each read is a BCrypt check)
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> smsc.messages().size() + wechat.templateSends().size() + smtp.messages().size() >= toReach);
        String state = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> hub.get("/api/items/" + id, "editor").json().get("state").asText(),
                        s -> s.equals("PUBLISHED") || s.equals("PARTIALLY_PUBLISHED") || s.equals("FAILED"));
        JsonNode report = hub.get("/api/notices/" + id + "/report", "editor").json();
        List<Instant> sms = new ArrayList<>();
        for (Smsc.Message m : smsc.messages()) {
            sms.add(m.parts().get(m.parts().size() - 1).at());
        }
        List<Instant> wx = wechat.templateSends().stream().map(WeChatServer.TemplateSend::at).toList();
        List<Instant> mail = smtp.messages().stream().map(SmtpPeer.Received::at).toList();
        Instant first = null;
        Instant last = null;
        for (List<Instant> l : List.of(sms, wx, mail)) {
            for (Instant t : l) {
                first = first == null || t.isBefore(first) ? t : first;
                last = last == null || t.isAfter(last) ? t : last;
            }
        }
        // the first SMS is its first part
        for (Smsc.Message m : smsc.messages()) {
            Instant t = m.parts().get(0).at();
            first = first == null || t.isBefore(first) ? t : first;
        }
        for (Map.Entry<String, List<Instant>> e : Map.of("sms", sms, "wechat", wx, "email", mail).entrySet()) {
            List<Instant> l = e.getValue();
            if (!l.isEmpty()) {
                System.out.printf("  %s: %,d, first %d ms, last %d ms after the publish call%n", e.getKey(), l.size(),
                        Duration.between(published, l.stream().min(Instant::compareTo).orElseThrow()).toMillis(),
                        Duration.between(published, l.stream().max(Instant::compareTo).orElseThrow()).toMillis());
            }
        }
        long messages = sms.size() + wx.size() + mail.size();
        Map<String, Long> peers = new LinkedHashMap<>();
        peers.put("sms", (long) sms.size());
        peers.put("wechat", (long) wx.size());
        peers.put("email", (long) mail.size());
        Map<String, Long> sent = new LinkedHashMap<>();
        report.get("channels").fields().forEachRemaining(e -> sent.put(e.getKey(), e.getValue().get("sent").asLong()));
        if (report.get("failed").asLong() + report.get("inDoubt").asLong() > 0) {
            System.out.println("  report: " + report);
        }
        double firstMs = first == null ? Double.NaN : Duration.between(published, first).toNanos() / 1e6;
        double lastMs = last == null ? Double.NaN : Duration.between(published, last).toNanos() / 1e6;
        return new Send(report.get("targeted").asLong(), previewMs, report.get("segmentMillis").asLong(), firstMs, messages / (lastMs / 1000),
                messages, lastMs, peers, sent, state);
    }

    static void check(TestHub.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + r);
        }
    }

    /**
     * The hub's own broadcast path for comparison: an SMS item to a list of {@code BROADCAST_NUMBERS} numbers through the
     * same SMPP transport, window and batch size, to a fresh SMSC; one run.
     */
    static Broadcast broadcast(TestRedis redis, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Smsc smsc = Smsc.start("hub", SMPP_PASSWORD);
             WeChatServer wechat = WeChatServer.start(APP_ID, APP_SECRET);
             SmtpPeer smtp = SmtpPeer.builder().start()) {
            Map<String, String> env = env(redis, dir, "nbb" + System.nanoTime() % 10_000);
            Path config = Path.of(env.get("HUB_CHANNEL_CONFIG_DIR"));
            configure(config, dir, smsc, wechat, smtp);
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("bench", BROADCAST_NUMBERS));
            try (HubProcess hub = start(env, dir.resolve("hub.log")); HeapSampler heap = new HeapSampler(hub)) {
                hub.user("editor", "EDITOR");
                hub.user("reviewer", "REVIEWER");
                hub.user("approver", "APPROVER");
                TestHub.Response created = hub.post("/api/items", Seeds.itemJson(1, "[\"sms\"]"), "editor");
                check(created, 201);
                String id = created.json().get("id").asText();
                String hash = created.json().get("contentHash").asText();
                check(hub.post("/api/items/" + id + "/submit", "", "editor"), 200);
                check(hub.post("/api/items/" + id + "/reviews", "{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\"}",
                        "reviewer"), 200);
                check(hub.post("/api/items/" + id + "/reviews", "{\"stage\":\"final\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\"}",
                        "approver"), 200);
                heap.phase("send");
                Instant published = Instant.now();
                check(hub.post("/api/items/" + id + "/publish", "{}", "approver"), 202);
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                        .until(() -> smsc.messages().size() >= BROADCAST_NUMBERS);
                String state = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> hub.get("/api/items/" + id, "editor").json().get("state").asText(),
                                s -> s.equals("PUBLISHED") || s.equals("PARTIALLY_PUBLISHED") || s.equals("FAILED"));
                List<Smsc.Message> got = smsc.messages();
                Instant first = got.stream().map(m -> m.parts().get(0).at()).min(Instant::compareTo).orElse(published);
                Instant last = got.stream().map(m -> m.parts().get(m.parts().size() - 1).at()).max(Instant::compareTo).orElse(published);
                double secs = Duration.between(published, last).toNanos() / 1e9;
                Broadcast b = new Broadcast(got.size(), Duration.between(published, first).toNanos() / 1e6, got.size() / secs, heap.peakUsedMb("send"));
                System.out.printf("broadcast: %,d SMS in %.2f s = %,.0f/s, first after %.0f ms, state %s, heap peak %d MB%n", b.messages(), secs,
                        b.rate(), b.firstMs(), state, b.heapMb());
                return b;
            }
        }
    }

    /**
     * {@link #baselineImport} in a fresh JVM with the hub's -Xmx512m: every hub of a run is a fresh process whose JIT
     * starts cold, and a baseline run in this JVM would get warmer run by run (37,000 rows/s in the first run, 70,000
     * in the third, here), so the ratio would say more about the JIT than about the hub.
     */
    static double baselineInItsOwnJvm(String uri, Path csv, int run) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), ImportBaseline.class.getName(),
                uri, csv.toString(), Integer.toString(run)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the baseline failed: " + out);
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return Double.parseDouble(last.substring(last.indexOf('=') + 1));
    }

    /** Runs one baseline import: arguments Redis URI, CSV file, run number; prints {@code rows/s=<rate>} last. */
    public static final class ImportBaseline {
        public static void main(String[] args) throws Exception {
            System.out.println("rows/s=" + baselineImport(args[0], Path.of(args[1]), Integer.parseInt(args[2])));
        }
    }

    /**
     * The same rows, parsed with commons-csv and written the least a store of records with id and tag sets can: per
     * record one SET of its JSON, per 1,000 rows one ZADD per bucket of the ids and one per bucket and tag, pipelined.
     */
    static double baselineImport(String uri, Path csv, int run) throws Exception {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> c = client.connect();
             BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8), 1 << 16)) {
            RedisAsyncCommands<String, String> a = c.async();
            String p = "base" + run + ":";
            long t0 = System.nanoTime();
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            long rows = 0;
            List<RedisFuture<?>> pending = new ArrayList<>();
            Map<Integer, List<String>> ids = new HashMap<>();
            Map<String, List<String>> tags = new HashMap<>();
            try (CSVParser parser = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                for (CSVRecord r : parser) {
                    String id = "s" + (++rows);
                    int b = bucket(id);
                    Map<String, Object> rec = new LinkedHashMap<>();
                    rec.put("id", id);
                    rec.put("name", r.get("name"));
                    rec.put("mobile", r.get("mobile"));
                    rec.put("email", r.get("email"));
                    rec.put("wechatOpenId", r.get("wechatOpenId"));
                    rec.put("qqNumber", r.get("qqNumber"));
                    List<String> t = List.of(r.get("tags").split(";"));
                    rec.put("tags", t);
                    rec.put("preferredChannels", List.of(r.get("preferredChannels").split(";")));
                    rec.put("consent", List.of(r.get("consent").split(";")));
                    pending.add(a.set(p + "{sub:" + b + "}:s:" + id, JSON.writeValueAsString(rec)));
                    ids.computeIfAbsent(b, k -> new ArrayList<>()).add(id);
                    for (String tag : t) {
                        tags.computeIfAbsent(p + "{sub:" + b + "}:tag:" + tag, k -> new ArrayList<>()).add(id);
                    }
                    if (rows % 1000 == 0) {
                        flush(a, p, ids, tags, pending);
                    }
                }
            }
            flush(a, p, ids, tags, pending);
            return rows / ((System.nanoTime() - t0) / 1e9);
        } finally {
            client.shutdown();
        }
    }

    private static void flush(RedisAsyncCommands<String, String> a, String p, Map<Integer, List<String>> ids, Map<String, List<String>> tags,
                              List<RedisFuture<?>> pending) throws Exception {
        ids.forEach((b, l) -> pending.add(a.zadd(p + "{sub:" + b + "}:all", zeros(l))));
        tags.forEach((k, l) -> pending.add(a.zadd(k, zeros(l))));
        for (RedisFuture<?> f : pending) {
            f.get(60, TimeUnit.SECONDS);
        }
        pending.clear();
        ids.clear();
        tags.clear();
    }

    private static Object[] zeros(List<String> members) {
        Object[] out = new Object[members.size() * 2];
        for (int i = 0; i < members.size(); i++) {
            out[2 * i] = 0.0;
            out[2 * i + 1] = members.get(i);
        }
        return out;
    }

    /** As the hub's store: CRC32 of the id over the buckets. */
    static int bucket(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % BUCKETS);
    }

    /** The hub's java command without its class path, from /proc (Linux), to show its -Xmx. */
    static String commandLine(long pid) {
        try {
            String[] a = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).split("\0");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.length; i++) {
                out.add(a[i]);
                if (a[i].equals("-cp") && i + 1 < a.length) {
                    out.add("…");
                    i++;
                }
            }
            return String.join(" ", out);
        } catch (IOException e) {
            return "(command line not readable: " + e.getMessage() + ")";
        }
    }

    /**
     * CPU seconds used so far by the hub process (/proc/pid/stat), the redis-server (INFO cpu), this JVM (the peers and
     * the probes) and the whole machine (/proc/stat), to say who had the two cores while a phase ran.
     */
    record Cpu(long nanos, double hub, double redis, double bench, double machine, String load) {
        static Cpu now(long hubPid, TestRedis redis) {
            double r = 0;
            for (String line : redis.sync().info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    r += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            double bench = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
            return new Cpu(System.nanoTime(), ticks(Path.of("/proc", Long.toString(hubPid), "stat"), true), r, bench,
                    ticks(Path.of("/proc/stat"), false), read(Path.of("/proc/loadavg")));
        }

        String since(Cpu before) {
            double hubS = hub - before.hub;
            double redisS = redis - before.redis;
            double benchS = bench - before.bench;
            return String.format("(wall %.1f s): hub %.1f s, redis %.1f s, peers and probes %.1f s, rest of the machine %.1f s CPU;"
                            + " load average now %s", (nanos - before.nanos) / 1e9, hubS, redisS, benchS,
                    Math.max(0, machine - before.machine - hubS - redisS - benchS), load);
        }

        /** utime + stime of a process's stat line, or the busy time of the machine's "cpu" line, in seconds (100 ticks a second). */
        private static double ticks(Path file, boolean process) {
            String text = read(file);
            if (text.isEmpty()) {
                return 0;
            }
            if (process) {
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
            }
            String[] f = text.lines().findFirst().orElse("").trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal (guest time is inside user already)
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0;
        }

        private static String read(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                return "";
            }
        }
    }

    static boolean outOfMemory(Path log) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.contains("OutOfMemoryError"));
        }
    }

    /**
     * Reads the hub's {@code GET /metrics} every 100 ms: the heap in use ({@code jvm_memory_used_bytes{area="heap"}},
     * summed over the pools) and the live data after the last collection ({@code jvm_gc_live_data_size_bytes}), the
     * highest of each per phase; the GC pause total at the end.
     */
    static final class HeapSampler implements AutoCloseable {
        private final HubProcess hub;
        private final Map<String, long[]> peaks = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile String phase = "start";
        private volatile double pauseSeconds;

        HeapSampler(HubProcess hub) {
            this.hub = hub;
            thread = new Thread(this::loop, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void phase(String name) {
            sample();
            phase = name;
        }

        private void loop() {
            while (running.get()) {
                sample();
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private synchronized void sample() {
            TestHub.Response r;
            try {
                r = hub.get("/metrics", null);
            } catch (RuntimeException e) {
                return;
            }
            if (r.status() != 200) {
                return;
            }
            long used = 0;
            long live = 0;
            double pauses = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                    live = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("jvm_gc_pause_seconds_sum")) {
                    pauses += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            long[] p = peaks.computeIfAbsent(phase, k -> new long[2]);
            p[0] = Math.max(p[0], used);
            p[1] = Math.max(p[1], live);
            pauseSeconds = pauses;
        }

        long peakUsedMb(String phase) {
            return peaks.getOrDefault(phase, new long[2])[0] / (1024 * 1024);
        }

        long peakLiveMb(String phase) {
            return peaks.getOrDefault(phase, new long[2])[1] / (1024 * 1024);
        }

        double gcPauseSeconds() {
            return pauseSeconds;
        }

        @Override
        public void close() throws InterruptedException {
            if (running.getAndSet(false)) {
                thread.interrupt();
                thread.join();
            }
        }
    }

    static byte[] jpeg(int side) throws IOException {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                img.setRGB(x, y, (x * 7919 + y * 104729) & 0xffffff);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> f) {
        List<Double> v = new ArrayList<>();
        runs.forEach(r -> v.add(f.applyAsDouble(r)));
        return median(v);
    }
}

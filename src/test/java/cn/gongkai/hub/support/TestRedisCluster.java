package cn.gongkai.hub.support;

import cn.gongkai.hub.redis.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster of three masters on loopback, started by the test: three redis-server processes (the binary the hub
 * embeds, 6.2) with {@code cluster-enabled yes}, one password for all ({@code requirepass} and {@code masterauth},
 * sent on standard input so it is not in {@code ps}), no persistence, slots 0–16383 split in three with
 * {@code CLUSTER ADDSLOTS}, joined with {@code CLUSTER MEET}. {@link #start()} returns once every node reports
 * {@code cluster_state:ok} and the same slot map.
 *
 * <p>Once per test class, as a JUnit 5 extension (in the manner of lettuce's {@code LettuceExtension}):
 * <pre>
 * &#64;ExtendWith(TestRedisCluster.PerClass.class)
 * class FanOutOnClusterIT {
 *     &#64;BeforeAll
 *     static void start(TestRedisCluster cluster) { hub = TestHub.start(cluster); }
 * }
 * </pre>
 * Every parameter of type {@code TestRedisCluster} in that class (a {@code @BeforeAll} method, the constructor, a
 * test) gets the same cluster, stopped after the class. Hubs on one cluster keep apart by key prefix: each
 * {@link TestHub#defaults} gets one of its own.
 */
public final class TestRedisCluster implements RedisUnderTest, AutoCloseable {
    public static final int SLOTS = 16384;
    public static final int MASTERS = 3;
    /** redis-server 6.2 puts a node's cluster bus on its port + 10000 (no cluster-port before 7.0). */
    private static final int BUS_OFFSET = 10000;

    private final Path dir;
    private final String password;
    private final List<Node> nodes;
    private final Thread reaper;
    private RedisClusterClient clusterClient;
    private StatefulRedisClusterConnection<String, String> clusterConnection;

    private record Node(int port, Process process, RedisClient client, StatefulRedisConnection<String, String> connection) {
        RedisCommands<String, String> sync() {
            return connection.sync();
        }
    }

    private TestRedisCluster(Path dir, String password, List<Node> nodes) {
        this.dir = dir;
        this.password = password;
        this.nodes = nodes;
        // a JVM that exits without close() (a test run stopped half-way) still takes its nodes with it
        this.reaper = new Thread(() -> nodes.forEach(n -> n.process().destroyForcibly()), "test-redis-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts three masters and forms the cluster. */
    public static TestRedisCluster start() {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce();
            } catch (PortTaken e) {
                // another process took a port (or its bus port) between the check and the bind: pick others
                last = e;
            }
        }
        throw last;
    }

    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    private static TestRedisCluster startOnce() {
        Path dir;
        Path exe;
        try {
            dir = Files.createTempDirectory("hub-test-cluster");
            exe = EmbeddedRedisServer.extractBinary(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String password = HexFormat.of().formatHex(b);
        List<Node> nodes = new ArrayList<>();
        try {
            for (int port : ports(MASTERS)) {
                nodes.add(startNode(exe, dir, port, password));
            }
            TestRedisCluster cluster = new TestRedisCluster(dir, password, nodes);
            try {
                cluster.form();
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(TestRedisCluster::stop);
            TestHub.deleteTree(dir);
            throw e;
        }
    }

    /** Ports p with p and its bus port p + 10000 free, below the ephemeral range so outgoing connections rarely take them. */
    private static List<Integer> ports(int n) {
        List<Integer> out = new ArrayList<>();
        while (out.size() < n) {
            int p = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (!out.contains(p) && free(p) && free(p + BUS_OFFSET)) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Node startNode(Path exe, Path dir, int port, String password) {
        Path nodeDir = dir.resolve("node-" + port);
        Process p;
        try {
            Files.createDirectories(nodeDir);
            Path log = nodeDir.resolve("redis.log");
            // "-" reads the configuration from stdin first, where the password goes; the options follow it
            p = new ProcessBuilder(exe.toString(), "-",
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
                    "--dir", nodeDir.toString(), "--cluster-enabled", "yes",
                    "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(), "--cluster-node-timeout", "5000",
                    "--appendonly", "no", "--daemonize", "no", "--logfile", log.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(("requirepass " + password + "\nmasterauth " + password + "\nsave \"\"\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on port " + port + ": " + e.getMessage(), e);
        }
        RedisClient client = RedisClient.create();
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withPassword(password.toCharArray())
                .withTimeout(Duration.ofSeconds(10)).build();
        StatefulRedisConnection<String, String>[] connection = new StatefulRedisConnection[1];
        try {
            await("redis-server on port " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new PortTaken("redis-server on port " + port + " exited with " + p.exitValue()
                                    + " (see " + nodeDir.resolve("redis.log") + ")");
                        }
                        try {
                            connection[0] = client.connect(uri);
                            return true;
                        } catch (io.lettuce.core.RedisConnectionException notYet) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            p.destroyForcibly();
            throw e;
        }
        return new Node(port, p, client, connection[0]);
    }

    private void form() {
        for (int i = 0; i < MASTERS; i++) {
            Node n = nodes.get(i);
            // distinct epochs up front, as redis-cli --cluster create does, so no epoch collision has to be resolved
            n.sync().clusterSetConfigEpoch(i + 1);
            int[] slots = IntStream.rangeClosed(firstSlot(i), lastSlot(i)).toArray();
            for (int from = 0; from < slots.length; from += 1000) {
                n.sync().clusterAddSlots(java.util.Arrays.copyOfRange(slots, from, Math.min(slots.length, from + 1000)));
            }
        }
        for (int i = 1; i < MASTERS; i++) {
            nodes.get(0).sync().clusterMeet("127.0.0.1", nodes.get(i).port());
        }
        await("cluster of " + MASTERS + " masters ok on every node").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(this::formed);
    }

    private boolean formed() {
        String map = null;
        for (Node n : nodes) {
            String info = n.sync().clusterInfo();
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
                    || !info.contains("cluster_slots_ok:" + SLOTS)) {
                return false;
            }
            String m = slotMap(n.sync().clusterNodes());
            if (map != null && !map.equals(m)) {
                return false;
            }
            map = m;
        }
        return true;
    }

    /** node id -> its slot ranges, as one node sees them (CLUSTER NODES: id addr flags master ping pong epoch link slots...). */
    private static String slotMap(String clusterNodes) {
        TreeMap<String, String> m = new TreeMap<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length >= 8) {
                m.put(f[0], String.join(" ", java.util.Arrays.copyOfRange(f, 8, f.length)));
            }
        }
        return m.toString();
    }

    static int firstSlot(int node) {
        return node * SLOTS / MASTERS;
    }

    static int lastSlot(int node) {
        return (node + 1) * SLOTS / MASTERS - 1;
    }

    /** The seeds, {@code redis://:<password>@127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>}, for {@code HUB_REDIS_URI}. */
    @Override
    public String uri() {
        StringBuilder sb = new StringBuilder("redis://:" + password + "@");
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(nodes.get(i).port());
        }
        return sb.toString();
    }

    /** One node alone, with the password: a hub given only this must find the rest. */
    public String seed(int node) {
        return "redis://:" + password + "@127.0.0.1:" + nodes.get(node).port();
    }

    public List<Integer> ports() {
        return nodes.stream().map(Node::port).toList();
    }

    public List<Long> pids() {
        return nodes.stream().map(n -> n.process().pid()).toList();
    }

    /** A cluster client of the test's own (adaptive topology refresh on, as the hub's). */
    public synchronized RedisClusterClient client() {
        if (clusterClient == null) {
            clusterClient = RedisClusterClient.create(nodes.stream().map(n -> RedisURI.builder().withHost("127.0.0.1")
                    .withPort(n.port()).withPassword(password.toCharArray()).withTimeout(Duration.ofSeconds(10)).build()).toList());
            clusterClient.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(30)).build()).build());
        }
        return clusterClient;
    }

    /** Commands on the whole cluster, routed by key. */
    public synchronized RedisAdvancedClusterCommands<String, String> sync() {
        if (clusterConnection == null) {
            clusterConnection = client().connect();
        }
        return clusterConnection.sync();
    }

    /** Commands on one node only (node 0 holds slots 0–5460, node 1 5461–10922, node 2 10923–16383). */
    public RedisCommands<String, String> node(int node) {
        return nodes.get(node).sync();
    }

    public static int slot(String key) {
        return SlotHash.getSlot(key);
    }

    /** The node that holds {@code slot}. */
    public int nodeOf(int slot) {
        for (int i = 0; i < MASTERS; i++) {
            if (slot >= firstSlot(i) && slot <= lastSlot(i)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no slot " + slot);
    }

    /** Keys in one slot, asked of the node that holds it. */
    public long countKeysInSlot(int slot) {
        return node(nodeOf(slot)).clusterCountKeysInSlot(slot);
    }

    public long dbsize(int node) {
        return node(node).dbsize();
    }

    /** Every key starting with {@code prefix}, by SCAN on each node (a test's look; the hub itself never lists keys). */
    public List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(500);
        for (Node n : nodes) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = n.sync().scan(cursor, match);
                out.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
        }
        return out;
    }

    /** SCRIPT FLUSH on every node, as a failover to a node that never saw the hub's scripts would leave them. */
    public void scriptFlush() {
        nodes.forEach(n -> n.sync().scriptFlush());
    }

    /** Stops every node by its process, and removes their folder. */
    @Override
    public synchronized void close() {
        if (clusterConnection != null) {
            clusterConnection.close();
        }
        if (clusterClient != null) {
            clusterClient.shutdown(0, 2, TimeUnit.SECONDS);
        }
        nodes.forEach(TestRedisCluster::stop);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs anyway and finds the nodes gone
        }
        TestHub.deleteTree(dir);
    }

    private static void stop(Node n) {
        try {
            n.sync().shutdown(false);
        } catch (RuntimeException ignored) {
            // the node closes the connection as it exits
        }
        n.connection().closeAsync();
        n.client().shutdown(0, 2, TimeUnit.SECONDS);
        try {
            if (!n.process().waitFor(10, TimeUnit.SECONDS)) {
                n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            n.process().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code @ExtendWith(TestRedisCluster.PerClass.class)}: one cluster per test class, handed to every parameter of
     * type {@link TestRedisCluster}, started on first use and closed when the class is done.
     */
    public static final class PerClass implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestRedisCluster.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestRedisCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            ExtensionContext classContext = context;
            while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
                classContext = classContext.getParent().get();
            }
            // an AutoCloseable in the store is closed with its context (JUnit 5.13+), so after the class
            return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(TestRedisCluster.class, k -> start(), TestRedisCluster.class);
        }
    }
}

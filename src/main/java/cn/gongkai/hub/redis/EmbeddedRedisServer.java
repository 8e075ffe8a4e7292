package cn.gongkai.hub.redis;

import cn.gongkai.hub.DataDirLock;
import cn.gongkai.hub.PrivateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real {@code redis-server} owned by this hub, with append-only persistence under {@code <dataDir>/redis}.
 *
 * <p>The binary is the one shipped in the embedded-redis jar (or {@code hub.redis.server-binary}). Starting needs the
 * {@link DataDirLock} of the data dir: only the one live hub of a dir may start, adopt or stop its server. The
 * server's pid and port are written to {@code <dataDir>/redis/server.properties}: a JVM killed with SIGKILL leaves
 * its server running (and its lock released), and the next hub adopts that server instead of starting a second
 * one on the same dir. {@link #stop()} shuts it down with a final AOF flush.
 *
 * <p>The server listens on 127.0.0.1 only and requires a password, generated on the first start and kept in
 * {@code <dataDir>/redis/password} (mode 600), so other local processes can neither read nor rewrite the hub's
 * data. The password reaches redis-server on its standard input, never on its command line (which every local
 * user can read in /proc), and is never logged.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    static final String PASSWORD_FILE = "password";

    private final Path dir;
    private final int port;
    private final long pid;
    private final String password;
    private final Process process;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private EmbeddedRedisServer(Path dir, int port, long pid, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.pid = pid;
        this.password = password;
        this.process = process;
        // A start that fails after this point, or a SIGTERM, must not leave the server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-redis-stop"));
    }

    /** Starts (or adopts) the server of the locked data dir. */
    public static EmbeddedRedisServer start(DataDirLock lock, int wantedPort, String appendfsync, String binary) {
        if (!lock.held()) {
            throw new IllegalStateException("the lock on " + lock.dataDir() + " is no longer held");
        }
        Path dataDir = lock.dataDir();
        Path dir = dataDir.resolve("redis");
        try {
            PrivateFile.createDirectory(dir);
            String password = password(dir);
            Optional<EmbeddedRedisServer> adopted = adopt(dir, password);
            if (adopted.isPresent()) {
                return adopted.get();
            }
            Path exe = binary == null || binary.isBlank() ? extractBinary(dataDir) : Path.of(binary);
            int port = wantedPort > 0 ? wantedPort : freePort();
            // "-" reads the configuration from stdin, where the password goes.
            List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-",
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--protected-mode", "yes", "--dir", dir.toString(),
                    "--appendonly", "yes", "--appendfsync", appendfsync, "--appendfilename", "hub.aof",
                    "--dbfilename", "hub.rdb", "--save", "900 1", "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(("requirepass " + password + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            waitForPing(port, password, p, Duration.ofSeconds(20));
            Properties props = new Properties();
            props.setProperty("pid", Long.toString(p.pid()));
            props.setProperty("port", Integer.toString(port));
            Path tmp = dir.resolve("server.properties.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "embedded redis-server started by Gongkai Hub");
            }
            Files.move(tmp, dir.resolve("server.properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Started embedded redis-server pid {} on 127.0.0.1:{} (data in {}, appendfsync {}, password in {})",
                    p.pid(), port, dir, appendfsync, dir.resolve(PASSWORD_FILE));
            return new EmbeddedRedisServer(dir, port, p.pid(), password, p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded redis-server in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The dir's password: made on the first start, the same for every later start and for an adopted server. */
    private static String password(Path dir) throws IOException {
        Path file = dir.resolve(PASSWORD_FILE);
        if (Files.exists(file)) {
            String pw = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (pw.matches("[0-9a-f]{32,128}")) {
                return pw;
            }
            LOG.warn("{} does not hold a password this hub wrote; making a new one", file);
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String pw = HexFormat.of().formatHex(b);
        PrivateFile.write(file, pw + "\n");
        return pw;
    }

    /**
     * A server left by a hub that died without stopping it (we hold the lock, so its hub is gone): reuse it if it
     * answers to our password, stop it otherwise.
     */
    private static Optional<EmbeddedRedisServer> adopt(Path dir, String password) throws IOException {
        Path state = dir.resolve("server.properties");
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(state)) {
            props.load(in);
        }
        long pid = Long.parseLong(props.getProperty("pid", "-1"));
        int port = Integer.parseInt(props.getProperty("port", "-1"));
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive() || !isRedis(pid)) {
            Files.deleteIfExists(state);
            return Optional.empty();
        }
        Answer answer = ping(port, password);
        if (answer == Answer.PONG) {
            LOG.warn("Adopting embedded redis-server pid {} on port {} left running by an earlier hub process", pid, port);
            return Optional.of(new EmbeddedRedisServer(dir, port, pid, password, null));
        }
        if (answer == Answer.NO_PASSWORD_SET) {
            // Left by a hub from before the password: restart it so it gets one (SHUTDOWN flushes its AOF first).
            LOG.warn("Restarting redis-server pid {} left on {} without a password, to give it one", pid, dir);
            shutdown(port, null);
        } else {
            LOG.warn("Stopping unresponsive redis-server pid {} left on {}", pid, dir);
            h.get().destroy();
        }
        h.get().onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
        if (h.get().isAlive()) {
            h.get().destroyForcibly();
            h.get().onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
        Files.deleteIfExists(state);
        return Optional.empty();
    }

    private static boolean isRedis(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            return cmdline.contains("redis-server");
        } catch (IOException e) {
            return ProcessHandle.of(pid).flatMap(ph -> ph.info().command()).map(c -> c.contains("redis-server")).orElse(false);
        }
    }

    /**
     * The redis-server shipped in the embedded-redis jar, copied to {@code <dataDir>/redis/bin/redis-server} (the
     * tests start their Redis Cluster nodes from it too).
     */
    public static Path extractBinary(Path dataDir) throws IOException {
        String arch = System.getProperty("os.arch");
        String res = switch (arch) {
            case "amd64", "x86_64" -> "redis-server-6.2.6-v5-linux-amd64";
            case "aarch64", "arm64" -> "redis-server-6.2.7-linux-arm64";
            default -> throw new IOException("no bundled redis-server for " + arch + "; set hub.redis.server-binary");
        };
        Path bin = dataDir.resolve("redis").resolve("bin").resolve("redis-server");
        Files.createDirectories(bin.getParent());
        try (InputStream in = EmbeddedRedisServer.class.getResourceAsStream("/" + res)) {
            if (in == null) {
                throw new IOException("resource " + res + " missing from the classpath");
            }
            byte[] bytes = in.readAllBytes();
            if (!Files.exists(bin) || Files.size(bin) != bytes.length) {
                Path tmp = bin.resolveSibling("redis-server.tmp");
                Files.write(tmp, bytes);
                tmp.toFile().setExecutable(true);
                Files.move(tmp, bin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return bin;
    }

    /** A free port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPing(int port, String password, Process p, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with code " + p.exitValue() + " (see redis.log)");
            }
            if (ping(port, password) == Answer.PONG) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not answer PING within " + timeout.toSeconds() + " s");
    }

    private enum Answer { PONG, NO_PASSWORD_SET, REFUSED, DOWN }

    /** AUTH, then PING, over a plain socket (Lettuce is not needed for a yes/no). */
    private static Answer ping(int port, String password) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write((command("AUTH", password) + command("PING")).getBytes(StandardCharsets.US_ASCII));
            List<String> replies = readLines(s.getInputStream(), 2);
            if (replies.size() < 2) {
                return Answer.DOWN;
            }
            boolean pong = replies.get(1).startsWith("+PONG");
            if (replies.get(0).startsWith("+OK") && pong) {
                return Answer.PONG;
            }
            // Redis 6 answers AUTH on a server without a password with "-ERR AUTH <password> called without any password configured..."
            return pong && replies.get(0).contains("without any password") ? Answer.NO_PASSWORD_SET : Answer.REFUSED;
        } catch (IOException e) {
            return Answer.DOWN;
        }
    }

    private static void shutdown(int port, String password) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.getOutputStream().write(((password == null ? "" : command("AUTH", password)) + command("SHUTDOWN"))
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(10_000);
            readLines(s.getInputStream(), password == null ? 1 : 2);
        } catch (IOException ignored) {
            // the server closes the connection as it exits
        }
    }

    private static String command(String... parts) {
        StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            sb.append('$').append(p.length()).append("\r\n").append(p).append("\r\n");
        }
        return sb.toString();
    }

    private static List<String> readLines(InputStream in, int n) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while (lines.size() < n && (c = in.read()) >= 0) {
            if (c == '\n') {
                lines.add(line.toString(StandardCharsets.US_ASCII).strip());
                line.reset();
            } else {
                line.write(c);
            }
        }
        return lines;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return pid;
    }

    /** The URI with the password: hand it to Lettuce, never to a log. */
    public String uri() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    /** Asks the server to shut down (flushing the AOF), waits for it, and removes the state file. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        shutdown(port, password);
        ProcessHandle.of(pid).ifPresent(h -> {
            h.onExit().orTimeout(15, TimeUnit.SECONDS).exceptionally(t -> null).join();
            if (h.isAlive()) {
                LOG.warn("redis-server pid {} did not stop in 15 s; killing it", pid);
                h.destroyForcibly();
            }
        });
        if (process != null) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(dir.resolve("server.properties"));
        } catch (IOException ignored) {
            // next start finds no live pid and ignores the file
        }
        LOG.info("Stopped embedded redis-server pid {}", pid);
    }

    @Override
    public void close() {
        stop();
    }
}

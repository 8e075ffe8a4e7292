package cn.gongkai.hub.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A real {@code redis-server} owned by this hub, with append-only persistence under {@code <dataDir>/redis}.
 *
 * <p>The binary is the one shipped in the embedded-redis jar (or {@code hub.redis.server-binary}). The server's
 * pid and port are written to {@code <dataDir>/redis/server.properties}: a JVM killed with SIGKILL leaves its
 * server running, and the next start adopts that server (same data dir, so never two servers on one dir)
 * instead of starting a second one. {@link #stop()} shuts it down with a final AOF flush.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final Path dir;
    private final int port;
    private final long pid;
    private final Process process;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedRedisServer(Path dir, int port, long pid, Process process) {
        this.dir = dir;
        this.port = port;
        this.pid = pid;
        this.process = process;
        // A start that fails after this point, or a SIGTERM, must not leave the server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "embedded-redis-stop"));
    }

    public static EmbeddedRedisServer start(Path dataDir, int wantedPort, String appendfsync, String binary) {
        Path dir = dataDir.resolve("redis");
        try {
            Files.createDirectories(dir);
            Optional<EmbeddedRedisServer> adopted = adopt(dir);
            if (adopted.isPresent()) {
                return adopted.get();
            }
            Path exe = binary == null || binary.isBlank() ? extractBinary(dataDir) : Path.of(binary);
            int port = wantedPort > 0 ? wantedPort : freePort();
            List<String> cmd = new ArrayList<>(List.of(exe.toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--appendonly", "yes", "--appendfsync", appendfsync, "--appendfilename", "hub.aof",
                    "--dbfilename", "hub.rdb", "--save", "900 1", "--daemonize", "no",
                    "--logfile", dir.resolve("redis.log").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
            waitForPing(port, p, Duration.ofSeconds(20));
            Properties props = new Properties();
            props.setProperty("pid", Long.toString(p.pid()));
            props.setProperty("port", Integer.toString(port));
            Path tmp = dir.resolve("server.properties.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "embedded redis-server started by Gongkai Hub");
            }
            Files.move(tmp, dir.resolve("server.properties"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Started embedded redis-server pid {} on 127.0.0.1:{} (data in {}, appendfsync {})", p.pid(), port, dir, appendfsync);
            return new EmbeddedRedisServer(dir, port, p.pid(), p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded redis-server in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A server left by a JVM that died without stopping it: reuse it if it answers, stop it if it does not. */
    private static Optional<EmbeddedRedisServer> adopt(Path dir) throws IOException {
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
        if (ping(port)) {
            LOG.warn("Adopting embedded redis-server pid {} on port {} left running by an earlier hub process", pid, port);
            return Optional.of(new EmbeddedRedisServer(dir, port, pid, null));
        }
        LOG.warn("Stopping unresponsive redis-server pid {} left on {}", pid, dir);
        h.get().destroy();
        h.get().onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
        if (h.get().isAlive()) {
            h.get().destroyForcibly();
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

    private static Path extractBinary(Path dataDir) throws IOException {
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

    private static void waitForPing(int port, Process p, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with code " + p.exitValue() + " (see redis.log)");
            }
            if (ping(port)) {
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

    private static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[16];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return pid;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Asks the server to shut down (flushing the AOF), waits for it, and removes the state file. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.getOutputStream().write("SHUTDOWN\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(10_000);
            s.getInputStream().read();
        } catch (IOException ignored) {
            // the server closes the connection as it exits
        }
        ProcessHandle.of(pid).ifPresent(h -> {
            h.onExit().orTimeout(15, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
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

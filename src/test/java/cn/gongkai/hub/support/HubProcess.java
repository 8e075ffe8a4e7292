package cn.gongkai.hub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A hub in its own JVM (the test classpath, {@code cn.gongkai.hub.Application}), so a test can SIGKILL it. */
public final class HubProcess implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final int port;

    private HubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param env  HUB_* variables; HUB_PORT (a free port) and HUB_ADMIN_PASSWORD (the tests' one) unless given
     * @param args program arguments of {@code cn.gongkai.hub.Application}
     */
    public static HubProcess start(Map<String, String> env, Path log, String... args) throws IOException {
        ProcessBuilder pb = builder(env, log, args);
        HubProcess h = new HubProcess(pb.start(), Integer.parseInt(pb.environment().get("HUB_PORT")));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    if (!h.process.isAlive()) {
                        throw new IllegalStateException("hub process exited with " + h.process.exitValue() + "; see " + log);
                    }
                    return h.get("/health", null).status() == 200;
                });
        return h;
    }

    /** Runs a hub that is expected to stop by itself (a refused start); returns its exit code. */
    public static int runToExit(Map<String, String> env, Path log, Duration timeout, String... args) throws IOException, InterruptedException {
        Process p = builder(env, log, args).start();
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the hub did not exit within " + timeout + "; see " + log);
        }
        return p.exitValue();
    }

    private static ProcessBuilder builder(Map<String, String> env, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "cn.gongkai.hub.Application"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HUB_PORT", Integer.toString(cn.gongkai.hub.redis.EmbeddedRedisServer.freePort()));
        pb.environment().put("HUB_ADMIN_PASSWORD", TestHub.ADMIN_PASSWORD);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public TestHub.Response get(String path, String user) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), user);
    }

    public TestHub.Response post(String path, String json, String user) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), user);
    }

    /** multipart/form-data upload of one file in field {@code file}, with more text fields. */
    public TestHub.Response upload(String path, String fileName, String contentType, byte[] bytes, Map<String, String> fields, String user) {
        String boundary = "----hub" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue()
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), user);
    }

    private TestHub.Response send(HttpRequest.Builder b, String user) {
        if (user != null) {
            String pw = "admin".equals(user) ? TestHub.ADMIN_PASSWORD : TestHub.password(user);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new TestHub.Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void user(String name, String role) {
        TestHub.Response r = post("/api/users", "{\"username\":\"" + name + "\",\"displayName\":\"" + name + "\",\"roles\":[\"" + role
                + "\"],\"password\":\"" + TestHub.password(name) + "\"}", "admin");
        if (r.status() != 201) {
            throw new IllegalStateException(r.toString());
        }
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

package cn.gongkai.hub.support;

import cn.gongkai.hub.Application;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole hub started in this JVM on a random port with its own data folder and key prefix, talking to a real
 * Redis, with the repository's routes/ and channel-config/ unless a test passes others.
 */
public final class TestHub implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContext context;
    private final Path dataDir;
    private boolean ownsDataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private TestHub(ApplicationContext context, Path dataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.base = "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort();
    }

    /** A hub's properties on {@code redis} (null: an embedded redis-server of its own), with a key prefix of its own. */
    public static Map<String, Object> defaults(RedisUnderTest redis) {
        Map<String, Object> p = new HashMap<>();
        if (redis != null) {
            p.put("hub.redis.uri", redis.uri());
        }
        p.put("hub.redis.key-prefix", "t" + UUID.randomUUID().toString().substring(0, 8));
        p.put("hub.admin-password", ADMIN_PASSWORD);
        p.put("micronaut.server.port", -1);
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("hub.camel.routes-dir", Path.of("routes").toAbsolutePath().toString());
        p.put("hub.channel-config-dir", Path.of("channel-config").toAbsolutePath().toString());
        return p;
    }

    /** A hub on a {@link TestRedis} or a {@link TestRedisCluster}. */
    public static TestHub start(RedisUnderTest redis) {
        return start(defaults(redis));
    }

    public static TestHub start(Map<String, Object> props, String... args) {
        Map<String, Object> p = new HashMap<>(props);
        Path data;
        try {
            data = p.containsKey("hub.data-dir") ? Path.of(String.valueOf(p.get("hub.data-dir"))) : Files.createTempDirectory("hub-test-data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        p.put("hub.data-dir", data.toString());
        TestHub hub;
        try {
            hub = new TestHub(Application.start(p, args), data);
        } catch (RuntimeException e) {
            if (!props.containsKey("hub.data-dir")) {
                deleteTree(data);
            }
            throw e;
        }
        hub.ownsDataDir = !props.containsKey("hub.data-dir");
        return hub;
    }

    public ApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String baseUrl() {
        return base;
    }

    public Response get(String path, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), user, password);
    }

    public Response post(String path, String json, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json, StandardCharsets.UTF_8)), user, password);
    }

    public Response put(String path, String json, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), user, password);
    }

    /**
     * POST of raw bytes, exactly as given (no re-encoding): with a Content-Length, or {@code chunked} without one as a
     * streaming client sends it.
     */
    public Response postBytes(String path, String contentType, byte[] body, boolean chunked, String user, String password) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType).POST(publisher), user, password);
    }

    /** Any method without a body (DELETE). */
    public Response send(String method, String path, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()), user, password);
    }

    /** multipart/form-data upload of one file in field {@code file}, file name sent as UTF-8 as browsers and curl do. */
    public Response upload(String path, String fileName, String contentType, byte[] bytes, String user, String password) {
        String boundary = "----hub" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bytes.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bytes, 0, body, head.length, bytes.length);
        System.arraycopy(tail, 0, body, head.length + bytes.length, tail.length);
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), user, password);
    }

    private Response send(HttpRequest.Builder b, String user, String password) {
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> r = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET sent from another loopback address ({@code 127.0.0.2} …; Linux routes all of 127/8 to lo), so the hub
     * sees a different TCP peer. Returns the status code.
     */
    public int getFrom(String localAddress, String path, String user, String password, Map<String, String> headers) {
        java.net.URI u = URI.create(base + path);
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(localAddress, 0));
            s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 5000);
            s.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + "\r\nConnection: close\r\n");
            if (user != null) {
                req.append("Authorization: Basic ")
                        .append(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            if (status == null) {
                throw new IllegalStateException("no answer from " + u);
            }
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user with the given roles; the password is the user name repeated to pass the length rule. */
    public void user(String username, String... roles) {
        String roleJson = String.join(",", java.util.Arrays.stream(roles).map(r -> "\"" + r + "\"").toList());
        Response r = post("/api/users", "{\"username\":\"" + username + "\",\"displayName\":\"" + username + "\",\"roles\":[" + roleJson
                + "],\"password\":\"" + password(username) + "\"}", "admin", ADMIN_PASSWORD);
        if (r.status() != 201) {
            throw new IllegalStateException("creating user " + username + ": " + r);
        }
    }

    public static String password(String username) {
        return username + "-password-123";
    }

    public Response as(String user, String method, String path, String json) {
        return switch (method) {
            case "GET" -> get(path, user, password(user));
            case "POST" -> post(path, json, user, password(user));
            case "PUT" -> put(path, json, user, password(user));
            default -> throw new IllegalArgumentException(method);
        };
    }

    @Override
    public void close() {
        context.close();
        if (ownsDataDir) {
            deleteTree(dataDir);
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is not worth failing a test for
        }
    }

    public record Response(int status, byte[] bytes, Map<String, List<String>> headers) {
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().isEmpty() ? null : e.getValue().get(0)).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body(), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }
}

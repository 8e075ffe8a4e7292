package cn.gongkai.hub.redis;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real hub process with the embedded redis-server: killed with SIGKILL, then stopped cleanly, losing nothing. */
class PersistenceIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void should_keep_users_and_items_across_kill_9_and_a_clean_restart(@TempDir Path data) throws Exception {
        int port = EmbeddedRedisServer.freePort();
        Process first = startHub(data, port);
        String itemId;
        try {
            awaitHealthy(port);
            assertThat(post(port, "/api/users", "admin", TestHub.ADMIN_PASSWORD,
                    "{\"username\":\"editor\",\"displayName\":\"编辑\",\"roles\":[\"EDITOR\"],\"password\":\"editor-password-123\"}")
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> created = post(port, "/api/items", "editor", "editor-password-123", Seeds.itemJson(3, "[\"website\"]"));
            assertThat(created.statusCode()).isEqualTo(201);
            itemId = TestHub.JSON.readTree(created.body()).get("id").asText();
        } finally {
            first.destroyForcibly().waitFor();
        }
        long orphan = redisPid(data);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("SIGKILL leaves the redis-server running").contains(true);

        Process second = startHub(data, port);
        try {
            awaitHealthy(port);
            assertThat(redisPid(data)).as("the restarted hub adopts the orphaned server").isEqualTo(orphan);
            assertThat(get(port, "/api/items/" + itemId, "editor", "editor-password-123").body()).contains(Seeds.title(3));
        } finally {
            second.destroy();
            second.waitFor();
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).as("a clean stop stops redis-server").isFalse();

        Process third = startHub(data, port);
        try {
            awaitHealthy(port);
            HttpResponse<String> users = get(port, "/api/users", "admin", TestHub.ADMIN_PASSWORD);
            assertThat(users.body()).contains("editor");
            assertThat(get(port, "/api/items/" + itemId, "editor", "editor-password-123").body()).contains(Seeds.title(3));
        } finally {
            third.destroy();
            third.waitFor();
        }
        assertThat(Files.exists(data.resolve("redis/server.properties"))).isFalse();
    }

    static long redisPid(Path data) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(data.resolve("redis/server.properties"))) {
            p.load(in);
        }
        return Long.parseLong(p.getProperty("pid"));
    }

    static Process startHub(Path data, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "cn.gongkai.hub.Application");
        Map<String, String> env = pb.environment();
        env.put("HUB_DATA_DIR", data.toString());
        env.put("HUB_PORT", Integer.toString(port));
        env.put("HUB_ADMIN_PASSWORD", TestHub.ADMIN_PASSWORD);
        env.remove("HUB_REDIS_URI");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("hub.log").toFile()));
        return pb.start();
    }

    static void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(port, "/health", null, null).statusCode() == 200);
    }

    static HttpResponse<String> get(int port, String path, String user, String pw) throws Exception {
        return HTTP.send(auth(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), user, pw).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(int port, String path, String user, String pw, String json) throws Exception {
        return HTTP.send(auth(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), user, pw)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder auth(HttpRequest.Builder b, String user, String pw) {
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

}

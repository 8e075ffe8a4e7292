package cn.gongkai.hub.redis;

import cn.gongkai.hub.support.HubProcess;
import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One data dir, one hub: the embedded redis-server is neither shared with nor stopped by a second hub, nor open to other processes. */
class EmbeddedRedisSafetyIT {

    @Test
    void should_refuse_a_second_hub_on_the_same_data_dir_and_leave_the_first_serving(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Map<String, String> env = new HashMap<>();
        env.put("HUB_DATA_DIR", data.toString());
        env.put("HUB_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("HUB_CHANNEL_CONFIG_DIR", Path.of("channel-config").toAbsolutePath().toString());
        env.put("HUB_REDIS_URI", "");
        try (HubProcess first = HubProcess.start(env, tmp.resolve("first.log"))) {
            long redisPid = PersistenceIT.redisPid(data);
            Map<String, String> same = new HashMap<>(env);
            same.put("HUB_PORT", Integer.toString(first.port()));
            int exit = HubProcess.runToExit(same, tmp.resolve("second.log"), Duration.ofSeconds(90));

            assertThat(exit).isNotZero();
            assertThat(Files.readString(tmp.resolve("second.log"))).contains("Gongkai Hub did not start: data dir " + data
                    + " is in use by another hub (pid " + first.pid() + "); stop it or set HUB_DATA_DIR to another folder");
            assertThat(first.get("/health", null).status()).isEqualTo(200);
            first.user("editor", "EDITOR");
            assertThat(first.get("/api/users", "admin").body()).contains("editor");
            assertThat(PersistenceIT.redisPid(data)).as("the same server, neither stopped nor replaced").isEqualTo(redisPid);
            assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive)).contains(true);
        }
    }

    @Test
    void should_refuse_clients_without_the_password_kept_in_a_private_file() throws Exception {
        try (TestHub hub = TestHub.start(TestHub.defaults(null))) {
            Path redisDir = hub.dataDir().resolve("redis");
            int port = Integer.parseInt(readProperty(redisDir.resolve("server.properties"), "port"));
            assertThat(send(port, "*1\r\n$4\r\nPING\r\n")).startsWith("-NOAUTH");
            assertThat(send(port, "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\ny\r\n")).startsWith("-NOAUTH");

            Path password = redisDir.resolve("password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(password))).isEqualTo("rw-------");
            String pw = Files.readString(password).strip();
            assertThat(send(port, "*2\r\n$4\r\nAUTH\r\n$" + pw.length() + "\r\n" + pw + "\r\n")).startsWith("+OK");
            long pid = Long.parseLong(readProperty(redisDir.resolve("server.properties"), "pid"));
            assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))).as("not visible in ps")
                    .contains("redis-server").doesNotContain(pw);
            assertThat(hub.get("/health", null, null).status()).isEqualTo(200);
        }
    }

    static String readProperty(Path file, String key) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p.getProperty(key);
    }

    static String send(int port, String resp) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(resp.getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[256];
            int n = s.getInputStream().read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
        }
    }
}

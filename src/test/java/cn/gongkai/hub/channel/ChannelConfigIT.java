package cn.gongkai.hub.channel;

import cn.gongkai.hub.StartupErrors;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ChannelConfigIT {
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static Path copyOfShippedConfig(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("channel-config"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    static String failure(Path configDir) {
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", configDir.toString());
        Throwable t = catchThrowable(() -> TestHub.start(props).close());
        assertThat(t).as("the hub must refuse to start").isNotNull();
        return StartupErrors.describe(t);
    }

    @Test
    void should_fail_start_up_naming_file_key_and_problem_for_an_out_of_range_value(@TempDir Path dir) throws IOException {
        copyOfShippedConfig(dir);
        Path sms = dir.resolve("sms.yml");
        Files.writeString(sms, Files.readString(sms).replaceFirst("max-attempts: \\d+", "max-attempts: 0"));
        String line = failure(dir);
        assertThat(line).contains("sms.yml").contains("max-attempts").contains("greater than or equal to 1").doesNotContain("\n");
    }

    @Test
    void should_fail_start_up_naming_file_and_key_for_a_value_of_the_wrong_type(@TempDir Path dir) throws IOException {
        copyOfShippedConfig(dir);
        Path qq = dir.resolve("qq.yml");
        Files.writeString(qq, Files.readString(qq).replaceFirst("max-attempts: \\d+", "max-attempts: many"));
        String line = failure(dir);
        assertThat(line).contains("qq.yml").contains("max-attempts").doesNotContain("\n");
    }

    @Test
    void should_fail_start_up_for_an_unknown_channel_file_and_broken_yaml(@TempDir Path dir) throws IOException {
        copyOfShippedConfig(dir);
        Files.writeString(dir.resolve("fax.yml"), "enabled: true\n");
        assertThat(failure(dir)).contains("fax.yml").contains("unknown channel");
        Files.delete(dir.resolve("fax.yml"));
        Files.writeString(dir.resolve("led.yml"), "enabled: [true\n");
        assertThat(failure(dir)).contains("led.yml").contains("not valid YAML");
    }

    @Test
    void should_keep_a_disabled_channel_out_of_items(@TempDir Path dir) throws IOException {
        copyOfShippedConfig(dir);
        Path wechat = dir.resolve("wechat.yml");
        Files.writeString(wechat, Files.readString(wechat).replaceFirst("enabled: true", "enabled: false"));
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", dir.toString());
        try (TestHub hub = TestHub.start(props)) {
            hub.user("editor", "EDITOR");
            TestHub.Response r = hub.as("editor", "POST", "/api/items", cn.gongkai.hub.support.Seeds.itemJson(0, "[\"wechat\"]"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("disabled");
        }
    }
}

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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The six channels bound by Micronaut from the shipped channel-config/ in a running hub. */
class ChannelWiringIT {
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void should_bind_every_channel_with_its_targets_from_the_shipped_config() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            ChannelRegistry registry = hub.bean(ChannelRegistry.class);
            assertThat(registry.active()).extracting(Channel::name)
                    .containsExactlyInAnyOrder("website", "wechat", "sms", "qq", "led", "press-email");
            assertThat(registry.channel("website").orElseThrow().targets().first(100)).extracting(Target::id).containsExactly("site");
            assertThat(registry.channel("wechat").orElseThrow().targets().first(100)).extracting(Target::id).containsExactly("account");
            assertThat(registry.channel("sms").orElseThrow().targets().first(100)).extracting(Target::id).containsExactly(
                    "culture-venues-15000000004", "culture-venues-18600000005",
                    "media-liaison-13800000001", "media-liaison-13800000002", "media-liaison-13900000003");
            assertThat(registry.channel("qq").orElseThrow().targets().first(100)).extracting(Target::address).containsExactly("100000001", "100000002");
            assertThat(registry.channel("led").orElseThrow().targets().first(100)).extracting(Target::id).containsExactly("library-gate", "service-hall");
            assertThat(registry.channel("press-email").orElseThrow().targets().first(100)).extracting(Target::address)
                    .containsExactly("culture@jswh.example.cn", "newsroom@ntgd.example.cn", "news@ntrb.example.cn");
            assertThat(registry.active()).filteredOn(Channel::resendSafe).extracting(Channel::name)
                    .containsExactlyInAnyOrder("website", "wechat", "led");

            Channel led = registry.channel("led").orElseThrow();
            List<DeliveryOutcome> outcomes = led.send(ChannelFixtures.publish(ChannelFixtures.seed(0)), ChannelFixtures.deliveries(led));
            assertThat(outcomes).allMatch(DeliveryOutcome::isSent);
            assertThat(Files.readAllLines(hub.dataDir().resolve("outbox/led/sent.log"))).hasSize(2);
        }
    }

    @Test
    void should_use_the_discard_transport_when_a_channel_file_says_so(@TempDir Path dir) throws Exception {
        ChannelConfigFilesTest.copyOfShippedConfig(dir);
        Path sms = dir.resolve("sms.yml");
        Files.writeString(sms, Files.readString(sms).replaceFirst("transport: outbox", "transport: discard"));
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", dir.toString());
        try (TestHub hub = TestHub.start(props)) {
            Channel channel = hub.bean(ChannelRegistry.class).channel("sms").orElseThrow();
            List<DeliveryOutcome> outcomes = channel.send(ChannelFixtures.publish(ChannelFixtures.seed(1)), ChannelFixtures.deliveries(channel));
            assertThat(outcomes).hasSize(5).allSatisfy(o -> assertThat(o.receipt().parts()).isBetween(1, 3));
            assertThat(hub.dataDir().resolve("outbox/sms")).doesNotExist();
        }
    }

    @Test
    void should_refuse_to_start_naming_the_file_and_key_of_a_bad_led_screen(@TempDir Path dir) throws IOException {
        ChannelConfigFilesTest.copyOfShippedConfig(dir);
        Path led = dir.resolve("led.yml");
        Files.writeString(led, Files.readString(led).replaceFirst("lines: 4", "lines: 0"));
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", dir.toString());
        Throwable t = catchThrowable(() -> TestHub.start(props).close());
        assertThat(t).isNotNull();
        assertThat(StartupErrors.describe(t)).contains("led.yml", "screens.service-hall.lines");
    }
}

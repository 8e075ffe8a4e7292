package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.LedController;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push screens of a whole hub with {@code transport: led}, against a strict local controller. */
class LedPushIT {
    static final LedScreen GATE = new LedScreen("gate", "图书馆南门", 16, 2, "GBK", 720, "push");
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static TestHub hub(Path tmp, int port) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "led", "transport: led\ninitial-backoff: 200ms\nmax-backoff: 1s\nmax-attempts: 20\nscreens:\n"
                + "  gate:\n    location: 图书馆南门\n    chars-per-line: 16\n    lines: 2\n    encoding: GBK\n    display-minutes: 720\n"
                + "    mode: push\n    push:\n      host: 127.0.0.1\n      port: " + port + "\n      timeout: 700ms\n");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return TestHub.start(p);
    }

    static String publish(TestHub hub, Flow flow, int seed) {
        String id = flow.approved(Seeds.itemJson(seed, "[\"led\"]")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        return id;
    }

    static JsonNode delivery(TestHub hub, String id, String action) {
        return hub.as("editor", "GET", "/api/deliveries/" + DeliveryStore.deliveryId("led", id, 1, action, "gate"), null).json();
    }

    static JsonNode awaitState(TestHub hub, String id, String action, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> delivery(hub, id, action), j -> state.equals(j.path("state").asText()));
    }

    /** The gate's pages for seed {@code i}, as {@link LedRenderer} lays them out. */
    static List<List<String>> pages(int i) {
        return new LedRenderer().render(ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(i), Seeds.text(i),
                "政府信息公开工作年度报告", List.of())), GATE).pages();
    }

    static List<List<String>> received(List<LedController.Frame> frames, String item) {
        List<List<String>> out = new ArrayList<>();
        frames.stream().filter(f -> item.equals(f.item())).forEach(f -> out.add(f.lines()));
        return out;
    }

    @Test
    void should_push_every_page_in_one_frame_each_and_be_sent_once_all_are_acked(@TempDir Path tmp) throws Exception {
        try (LedController gate = LedController.start("gate", "GBK", 2); TestHub hub = hub(tmp, gate.port())) {
            String id = publish(hub, new Flow(hub).users(), 0);
            JsonNode d = awaitState(hub, id, "publish", "SENT");
            assertThat(gate.errors()).isEmpty();
            assertThat(pages(0)).hasSizeGreaterThan(1);
            assertThat(received(gate.acked(), id)).isEqualTo(pages(0));
            List<LedController.Frame> frames = gate.frames();
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).page()).isEqualTo(i + 1);
                assertThat(frames.get(i).pages()).isEqualTo(pages(0).size());
            }
            assertThat(gate.showing()).containsOnlyKeys(id);
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("transport").asText()).isEqualTo("led");
            assertThat(gate.connections()).isEqualTo(1);
        }
    }

    @Test
    void should_retry_a_page_that_got_no_ack_on_a_new_connection(@TempDir Path tmp) throws Exception {
        try (LedController gate = LedController.start("gate", "GBK", 2); TestHub hub = hub(tmp, gate.port())) {
            gate.withholdAcks(1);
            String id = publish(hub, new Flow(hub).users(), 1);
            JsonNode d = awaitState(hub, id, "publish", "SENT");
            assertThat(d.get("attempts").asInt()).as("the first try timed out").isGreaterThanOrEqualTo(2);
            assertThat(gate.frames().get(0).page()).isEqualTo(1);
            assertThat(gate.frames().stream().filter(f -> f.page() == 1).count()).as("page 1 went twice").isEqualTo(2);
            assertThat(gate.connections()).as("reconnected after the timeout").isGreaterThanOrEqualTo(2);
            assertThat(gate.showing().get(id)).isEqualTo(pages(1));
            assertThat(gate.errors()).isEmpty();
        }
    }

    @Test
    void should_retry_while_the_controller_refuses_connections_and_send_once_it_listens(@TempDir Path tmp) throws Exception {
        int port = LedController.freePort();
        try (TestHub hub = hub(tmp, port)) {
            String id = publish(hub, new Flow(hub).users(), 2);
            JsonNode retrying = awaitState(hub, id, "publish", "RETRYING");
            assertThat(retrying.get("lastError").asText()).contains("refused", "127.0.0.1:" + port);
            try (LedController gate = LedController.start(port, "gate", "GBK", 2)) {
                awaitState(hub, id, "publish", "SENT");
                assertThat(gate.showing().get(id)).isEqualTo(pages(2));
                assertThat(gate.errors()).isEmpty();
            }
        }
    }

    @Test
    void should_clear_the_screen_and_push_what_is_left_when_an_item_is_withdrawn(@TempDir Path tmp) throws Exception {
        try (LedController gate = LedController.start("gate", "GBK", 2); TestHub hub = hub(tmp, gate.port())) {
            Flow flow = new Flow(hub).users();
            String first = publish(hub, flow, 3);
            awaitState(hub, first, "publish", "SENT");
            String second = publish(hub, flow, 4);
            awaitState(hub, second, "publish", "SENT");
            assertThat(gate.showing()).containsOnlyKeys(first, second);
            int before = gate.frames().size();

            assertThat(hub.as("approver", "POST", "/api/items/" + first + "/withdraw", "{\"reason\":\"已过期\"}").status()).isEqualTo(202);
            awaitState(hub, first, "withdraw", "SENT");
            List<LedController.Frame> after = gate.frames().subList(before, gate.frames().size());
            assertThat(after.get(0).clear()).as("a clear frame first").isTrue();
            assertThat(received(after, second)).as("then the playlist that is left").isEqualTo(pages(4));
            assertThat(received(after, first)).isEmpty();
            assertThat(gate.showing()).containsOnlyKeys(second);
            assertThat(gate.errors()).isEmpty();

            JsonNode ledger = hub.as("editor", "GET", "/api/led/gate/ledger", null).json().get("entries");
            assertThat(ledger.get(0).get("item").asText()).isEqualTo(first);
            assertThat(ledger.get(0).get("ended").asText()).isEqualTo("withdrawn");
        }
    }
}

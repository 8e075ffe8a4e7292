package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pull feeds of a whole hub with {@code transport: led}: GBK text, JSON, ETags, tokens, display hours, withdrawal, ledger. */
class LedFeedIT {
    static final Charset GBK = Charset.forName("GBK");
    static final String TOKEN = "lobby-feed-token-for-tests";
    static final LedScreen HALL = new LedScreen("hall", "政务服务中心大厅", 32, 4, "GBK", 1440, "pull");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    /** A window of the hub's zone from {@code fromHours} to {@code toHours} from now (may cross midnight). */
    static String hours(int fromHours, int toHours) {
        LocalTime now = LocalTime.now(ZoneId.of("Asia/Shanghai"));
        DateTimeFormatter f = DateTimeFormatter.ofPattern("HH:mm");
        return now.plusHours(fromHours).format(f) + "-" + now.plusHours(toHours).format(f);
    }

    static TestHub hub(Path tmp) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "led", "transport: led\ninitial-backoff: 200ms\nmax-backoff: 1s\nscreens:\n"
                + "  hall:\n    location: 政务服务中心大厅\n    chars-per-line: 32\n    lines: 4\n    display-minutes: 1440\n"
                + "    hours: \"" + hours(-2, 2) + "\"\n"
                + "  lobby:\n    location: 图书馆大堂\n    chars-per-line: 16\n    lines: 2\n    hours: \"" + hours(-1, 3) + "\"\n"
                + "    feed-token: \"${LED_LOBBY_TOKEN_FOR_TESTS:" + TOKEN + "}\"\n"
                + "  night:\n    location: 夜间屏\n    chars-per-line: 16\n    lines: 2\n    hours: \"" + hours(3, 4) + "\"\n");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return TestHub.start(p);
    }

    static String publish(TestHub hub, Flow flow, int seed) {
        String id = flow.approved(Seeds.itemJson(seed, "[\"led\"]")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        for (String screen : List.of("hall", "lobby", "night")) {
            awaitDelivery(hub, id, "publish", screen, "SENT");
        }
        return id;
    }

    static JsonNode awaitDelivery(TestHub hub, String id, String action, String screen, String state) {
        String d = DeliveryStore.deliveryId("led", id, 1, action, screen);
        return await(d + " " + state).atMost(Duration.ofSeconds(30))
                .until(() -> hub.as("editor", "GET", "/api/deliveries/" + d, null).json(), j -> state.equals(j.path("state").asText()));
    }

    /** The hall's text for seed {@code i} as {@link LedRenderer} lays it out: lines ended by \n, pages apart by an empty line. */
    static String expected(int i) {
        LedEntry e = new LedRenderer().render(ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(i), Seeds.text(i),
                "政府信息公开工作年度报告", List.of())), HALL);
        List<String> pages = new ArrayList<>();
        for (List<String> page : e.pages()) {
            pages.add(String.join("\n", page) + "\n");
        }
        return String.join("\n", pages);
    }

    static TestHub.Response feed(TestHub hub, String screen, String query) {
        return hub.get("/led/" + screen + "/feed" + query, null, null);
    }

    static TestHub.Response ifNoneMatch(TestHub hub, String screen, String etag) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/led/" + screen + "/feed"))
                .header("If-None-Match", etag).GET().timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new TestHub.Response(r.statusCode(), r.body(), r.headers().map());
    }

    @Test
    void should_serve_each_screen_its_playlist_until_the_item_is_withdrawn(@TempDir Path tmp) throws Exception {
        try (TestHub hub = hub(tmp)) {
            Flow flow = new Flow(hub).users();
            String first = publish(hub, flow, 0);

            TestHub.Response text = feed(hub, "hall", "");
            assertThat(text.status()).as(text.body()).isEqualTo(200);
            assertThat(text.header("Content-Type")).isEqualToIgnoringWhitespace("text/plain;charset=GBK");
            assertThat(new String(text.bytes(), GBK)).isEqualTo(expected(0));
            assertThat(text.bytes()).as("GBK bytes, not UTF-8").isEqualTo(expected(0).getBytes(GBK));
            String etag = text.header("ETag");
            assertThat(etag).startsWith("\"");

            TestHub.Response json = feed(hub, "hall", "?format=json");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("Content-Type")).startsWith("application/json");
            assertThat(json.json().get("encoding").asText()).isEqualTo("GBK");
            JsonNode item = json.json().get("items").get(0);
            assertThat(item.get("item").asText()).isEqualTo(first);
            assertThat(item.get("title").asText()).isEqualTo(Seeds.title(0));
            assertThat(item.get("pages").get(0).get(0).asText()).isEqualTo(expected(0).split("\n")[0]);

            TestHub.Response same = ifNoneMatch(hub, "hall", etag);
            assertThat(same.status()).as("unchanged").isEqualTo(304);
            assertThat(same.bytes()).isEmpty();

            String second = publish(hub, flow, 1);
            TestHub.Response changed = ifNoneMatch(hub, "hall", etag);
            assertThat(changed.status()).as("a new publication changes the feed").isEqualTo(200);
            assertThat(changed.header("ETag")).isNotEqualTo(etag);
            assertThat(new String(changed.bytes(), GBK)).isEqualTo(expected(0) + "\n" + expected(1));

            assertThat(feed(hub, "lobby", "").status()).as("no token").isEqualTo(403);
            assertThat(feed(hub, "lobby", "?token=wrong").status()).isEqualTo(403);
            TestHub.Response lobby = feed(hub, "lobby", "?token=" + TOKEN);
            assertThat(lobby.status()).isEqualTo(200);
            assertThat(new String(lobby.bytes(), GBK)).contains(Seeds.title(0).substring(0, 4));
            assertThat(feed(hub, "nowhere", "").status()).isEqualTo(404);

            TestHub.Response night = feed(hub, "night", "");
            assertThat(night.status()).isEqualTo(200);
            assertThat(night.bytes()).as("outside its hours the screen shows nothing").isEmpty();
            assertThat(feed(hub, "night", "?format=json").json().get("items")).isEmpty();

            TestHub.Response w = hub.as("approver", "POST", "/api/items/" + first + "/withdraw", "{\"reason\":\"内容有误\"}");
            assertThat(w.status()).as(w.body()).isEqualTo(202);
            for (String screen : List.of("hall", "lobby", "night")) {
                awaitDelivery(hub, first, "withdraw", screen, "SENT");
            }
            assertThat(new String(feed(hub, "hall", "").bytes(), GBK)).isEqualTo(expected(1));
            assertThat(feed(hub, "lobby", "?format=json&token=" + TOKEN).json().get("items"))
                    .extracting(n -> n.get("item").asText()).containsExactly(second);

            TestHub.Response ledger = hub.as("editor", "GET", "/api/led/hall/ledger", null);
            assertThat(ledger.status()).as(ledger.body()).isEqualTo(200);
            JsonNode entries = ledger.json().get("entries");
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0).get("item").asText()).isEqualTo(first);
            assertThat(entries.get(0).get("title").asText()).isEqualTo(Seeds.title(0));
            assertThat(entries.get(0).get("ended").asText()).isEqualTo("withdrawn");
            assertThat(java.time.Instant.parse(entries.get(0).get("to").asText()))
                    .isAfter(java.time.Instant.parse(entries.get(0).get("from").asText()));
            assertThat(entries.get(1).get("item").asText()).isEqualTo(second);
            assertThat(entries.get(1).get("to").isNull()).as("still showing").isTrue();
            String today = java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
            assertThat(hub.as("editor", "GET", "/api/led/night/ledger?from=" + today + "&to=" + today, null).json().get("entries"))
                    .as("the night screen held both, shown or not").hasSize(2);
            assertThat(hub.as("editor", "GET", "/api/led/hall/ledger?from=2020-01-01&to=2020-01-02", null).json().get("entries")).isEmpty();

            TestHub.Response bad = hub.as("editor", "GET", "/api/led/hall/ledger?from=yesterday", null);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
            assertThat(hub.as("editor", "GET", "/api/led/nowhere/ledger", null).status()).isEqualTo(404);
            assertThat(hub.get("/api/led/hall/ledger", null, null).status()).as("staff only").isEqualTo(401);
        }
    }

    @Test
    void should_warn_the_reviewer_of_characters_outside_gb2312_in_an_item_for_led(@TempDir Path tmp) throws Exception {
        try (TestHub hub = hub(tmp)) {
            Flow flow = new Flow(hub).users();
            com.fasterxml.jackson.databind.node.ObjectNode item = (com.fasterxml.jackson.databind.node.ObjectNode)
                    TestHub.JSON.readTree(Seeds.itemJson(2, "[\"led\",\"website\"]"));
            item.put("title", "冬季☃供暖通知𠀀");
            String id = flow.create(item.toString()).get("id").asText();
            JsonNode submitted = flow.submit(id);
            List<JsonNode> led = new ArrayList<>();
            submitted.get("findings").forEach(f -> {
                if ("led-characters".equals(f.get("rule").asText())) {
                    led.add(f);
                }
            });
            assertThat(led).singleElement().satisfies(f -> {
                assertThat(f.get("severity").asText()).isEqualTo("warn");
                assertThat(f.get("field").asText()).isEqualTo("title");
                assertThat(f.get("message").asText()).contains("☃", "U+2603", "𠀀", "U+20000", "hall").doesNotContain("供");
            });
            assertThat(submitted.path("blocked").asBoolean()).isFalse();

            item.set("channels", TestHub.JSON.readTree("[\"website\"]"));
            String web = flow.create(item.toString()).get("id").asText();
            flow.submit(web).get("findings").forEach(f -> assertThat(f.get("rule").asText()).as("not for LED").isNotEqualTo("led-characters"));
        }
    }
}

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ItemLinks;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.subscriber.OptOuts;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.Smsc;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Whole hubs whose sms.yml selects {@code transport: smpp}, against the local SMSC ({@link Smsc}): a seed item's
 * broadcast to the numbers of the shipped sms.yml, each failure path of submit_sm and the session, receipts on the
 * delivery records and a TD reply honoured by the next publication.
 */
class SmppTransportIT {
    static final List<String> NUMBERS = List.of("13800000001", "13800000002", "13900000003", "15000000004", "18600000005");
    static final String PASSWORD = "gk2026";
    static TestRedis redis;

    final Smsc smsc = Smsc.start("hub", PASSWORD);
    TestHub hub;

    @BeforeAll
    static void redis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        smsc.close();
    }

    /** A hub on the shipped channel-config with sms.yml sending through the SMSC; one bucket so a broadcast is one batch. */
    TestHub hub(Path tmp, int window) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "sms", "transport: smpp\ninitial-backoff: 300ms\nsmpp:\n  host: " + smsc.host()
                + "\n  port: " + smsc.port() + "\n  system-id: hub\n  password: \"${SMPP_PASSWORD:" + PASSWORD + "}\""
                + "\n  source-addr: \"10690000\"\n  window: " + window + "\n  timeout: 5s\n  reconnect-max: 1s");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        p.put("hub.delivery.buckets", 1);
        p.put("hub.delivery.poll-millis", 200);
        hub = TestHub.start(p);
        return hub;
    }

    String publish(int seed) {
        Flow flow = new Flow(hub);
        String id = flow.approved(Seeds.itemJson(seed, "[\"sms\"]")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        return id;
    }

    static String deliveryId(String itemId, String number) {
        String list = number.startsWith("13") ? "media-liaison-" : "culture-venues-";
        return DeliveryStore.deliveryId("sms", itemId, 1, "publish", list + number);
    }

    JsonNode delivery(String itemId, String number) {
        return hub.as("editor", "GET", "/api/deliveries/" + deliveryId(itemId, number), null).json();
    }

    JsonNode awaitDelivery(String itemId, String number, Predicate<JsonNode> until) {
        return await("delivery to " + number).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> delivery(itemId, number), until);
    }

    static Predicate<JsonNode> state(String s) {
        return d -> s.equals(d.path("state").asText());
    }

    List<Smsc.Message> messagesTo(String number) {
        return smsc.messages().stream().filter(m -> m.destination().equals("86" + number)).toList();
    }

    /** The text the channel's renderer makes of the item's approved version. */
    String rendered(String itemId) {
        ItemVersion v = hub.bean(ItemStore.class).version(itemId, 1).orElseThrow();
        Publication p = new Publication(itemId, 1, v.contentHash(), v.content(), Action.PUBLISH, null, v.indexNumber(),
                hub.bean(ItemLinks.class).itemUrl(itemId));
        return hub.bean(SmsChannel.class).renderer().render(p).text();
    }

    long counter(String name) {
        return hub.bean(DeliveryStore.class).counters("sms", Year.now(ZoneId.of("Asia/Shanghai")).toString()).getOrDefault(name, 0L);
    }

    @Test
    void should_send_a_long_item_to_every_number_once_in_ucs2_parts_fail_an_invalid_one_and_record_receipts(@TempDir Path tmp)
            throws Exception {
        hub(tmp, 10);
        new Flow(hub).users();
        smsc.rejectDestinations("8613900000003");
        String id = publish(2);

        JsonNode failed = awaitDelivery(id, "13900000003", state("FAILED"));
        assertThat(failed.get("reason").asText()).contains("invalid destination").contains("ESME_RINVDSTADR (0x0B)");
        String text = rendered(id);
        int parts = SmsSegments.parts(text);
        assertThat(parts).as("a long item").isBetween(2, 3);
        for (String n : NUMBERS.stream().filter(n -> !n.equals("13900000003")).toList()) {
            JsonNode d = awaitDelivery(id, n, state("SENT"));
            Smsc.Message m = messagesTo(n).get(0);
            assertThat(messagesTo(n)).hasSize(1);
            assertThat(m.text()).isEqualTo(text);
            assertThat(m.dataCoding()).isEqualTo(8);
            assertThat(m.parts()).hasSize(parts).allSatisfy(s -> assertThat(s.udh().total()).isEqualTo(parts));
            assertThat(d.get("transport").asText()).isEqualTo("smpp");
            assertThat(d.get("reference").asText()).isEqualTo(m.messageIds().get(0));
            assertThat(d.get("parts").asInt()).isEqualTo(parts);
        }
        assertThat(smsc.violations()).isEmpty();
        assertThat(smsc.incompleteSets()).isEmpty();
        JsonNode stats = hub.as("editor", "GET", "/api/stats", null).json().at("/channels/sms");
        assertThat(stats.get("parts").asInt()).as("parts counted = parts the SMSC accepted").isEqualTo(smsc.accepted().size()).isEqualTo(4 * parts);
        assertThat(stats.get("messages").asInt()).isEqualTo(4);
        assertThat(stats.get("failed").asInt()).isEqualTo(1);

        List<String> first = messagesTo("13800000001").get(0).messageIds();
        first.forEach(mid -> smsc.sendReceipt(mid, "DELIVRD"));
        List<String> second = messagesTo("13800000002").get(0).messageIds();
        smsc.sendReceipt(second.get(0), "DELIVRD");
        smsc.sendReceipt(second.get(1), "UNDELIV", "013");

        JsonNode delivered = awaitDelivery(id, "13800000001", d -> d.hasNonNull("receipt"));
        assertThat(delivered.at("/receipt/status").asText()).isEqualTo("DELIVRD");
        JsonNode undelivered = awaitDelivery(id, "13800000002", d -> d.hasNonNull("receipt"));
        assertThat(undelivered.at("/receipt/status").asText()).as("a part not delivered is the message's receipt").isEqualTo("UNDELIV");
        assertThat(undelivered.at("/receipt/detail").asText()).isEqualTo("err:013 (part 2 of " + parts + ")");
        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.deliveries().stream().allMatch(x -> x.state() == Smsc.DeliveryState.DELIVERED));
        assertThat(smsc.deliveries()).allSatisfy(x -> assertThat(x.commandStatus()).isZero());
        assertThat(counter("delivered")).isEqualTo(1);
    }

    @Test
    void should_retry_the_throttled_numbers_and_send_each_number_once(@TempDir Path tmp) throws Exception {
        hub(tmp, 10);
        new Flow(hub).users();
        smsc.holdResponses().throttleNext(2);
        String id = publish(0);

        // all five first parts wait at the SMSC, so the two throttled are first parts: nothing of those went out
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.outstanding() == 5);
        smsc.releaseResponses();

        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.submits().stream().filter(s -> s.commandStatus() == 0x58).count() == 2);
        List<String> throttled = smsc.submits().stream().filter(s -> s.commandStatus() == 0x58)
                .map(s -> s.destination().substring(2)).toList();
        assertThat(smsc.submits().stream().filter(s -> s.commandStatus() == 0x58)).as("first parts")
                .allSatisfy(s -> assertThat(s.udh().sequence()).isEqualTo(1));
        for (String n : throttled) {
            JsonNode retrying = awaitDelivery(id, n, d -> d.path("attempts").asInt() >= 1 && !"SENDING".equals(d.path("state").asText()));
            assertThat(List.of("RETRYING", "SENT")).contains(retrying.get("state").asText());
        }
        for (String n : NUMBERS) {
            awaitDelivery(id, n, state("SENT"));
            assertThat(messagesTo(n)).as("one message to " + n).hasSize(1);
        }
        for (String n : throttled) {
            assertThat(delivery(id, n).get("attempts").asInt()).isEqualTo(2);
        }
        assertThat(smsc.maxOutstanding()).as("five at once, within the window of 10").isBetween(5, 10);
        assertThat(smsc.violations()).isEmpty();
    }

    @Test
    void should_be_unavailable_while_the_smsc_refuses_binds_and_send_once_it_accepts_them(@TempDir Path tmp) throws Exception {
        smsc.refuseBinds();
        hub(tmp, 10);
        new Flow(hub).users();
        String id = publish(0);

        JsonNode retrying = awaitDelivery(id, "13800000001", state("RETRYING"));
        assertThat(retrying.get("lastError").asText()).contains("SMSC 127.0.0.1:" + smsc.port()).contains("ESME_RBINDFAIL (0x0D)");
        assertThat(smsc.submits()).isEmpty();

        smsc.acceptBinds();
        for (String n : NUMBERS) {
            awaitDelivery(id, n, state("SENT"));
            assertThat(messagesTo(n)).hasSize(1);
        }
    }

    @Test
    void should_leave_the_messages_on_the_wire_in_doubt_when_the_session_drops_and_send_the_rest_after_the_rebind(@TempDir Path tmp)
            throws Exception {
        hub(tmp, 3);
        new Flow(hub).users();
        smsc.holdResponses().dropSessionAfter(2);
        String id = publish(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.outstanding() == 3);
        smsc.releaseResponses();

        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.binds().stream().filter(Smsc.Bind::accepted).count() == 2);
        String dropped = smsc.binds().stream().filter(Smsc.Bind::accepted).findFirst().orElseThrow().sessionId();
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.submits().stream().filter(s -> s.sessionId().equals(dropped))
                .map(Smsc.Submit::destination).distinct().count() == 3);
        List<String> onTheWire = smsc.submits().stream().filter(s -> s.sessionId().equals(dropped))
                .map(s -> s.destination().substring(2)).distinct().toList();
        for (String n : NUMBERS) {
            if (onTheWire.contains(n)) {
                JsonNode d = awaitDelivery(id, n, state("IN_DOUBT"));
                assertThat(d.get("reason").asText()).contains("may");
            } else {
                awaitDelivery(id, n, state("SENT"));
                assertThat(messagesTo(n)).hasSize(1);
            }
        }
        assertThat(onTheWire).hasSize(3);
        assertThat(smsc.maxOutstanding()).as("window 3").isEqualTo(3);
        assertThat(smsc.messages()).as("only the two sent after the rebind are whole").hasSize(2);
        assertThat(smsc.violations()).isEmpty();
    }

    @Test
    void should_skip_a_number_in_the_next_publication_once_it_replied_tuiding(@TempDir Path tmp) throws Exception {
        hub(tmp, 10);
        new Flow(hub).users();
        String first = publish(0);
        for (String n : NUMBERS) {
            awaitDelivery(first, n, state("SENT"));
        }

        smsc.sendInbound("+8613800000002", "退订");
        smsc.sendInbound("8615000000004", "TD");
        await().atMost(Duration.ofSeconds(10)).until(() -> hub.bean(OptOuts.class)
                .optedOut("sms", List.of("13800000002", "15000000004")).size() == 2);
        assertThat(smsc.deliveries()).allSatisfy(x -> assertThat(x.commandStatus()).isZero());

        String second = publish(1);
        JsonNode skipped = awaitDelivery(second, "13800000002", state("SKIPPED"));
        assertThat(skipped.get("reason").asText()).contains("opted out");
        awaitDelivery(second, "15000000004", state("SKIPPED"));
        awaitDelivery(second, "13800000001", state("SENT"));
        assertThat(messagesTo("13800000002")).hasSize(1);
        assertThat(messagesTo("13800000001")).hasSize(2);
    }

    @Test
    void should_refuse_a_failover_list_that_names_a_built_in_transport(@TempDir Path tmp) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "sms", "transport: [smpp, outbox]\nsmpp:\n  host: 127.0.0.1\n  system-id: hub\n"
                + "  password: \"${SMPP_PASSWORD:" + PASSWORD + "}\"\n  source-addr: \"10690000\"");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());

        assertThatThrownBy(() -> TestHub.start(p)).hasStackTraceContaining("'outbox' cannot be part of a failover list");
    }
}

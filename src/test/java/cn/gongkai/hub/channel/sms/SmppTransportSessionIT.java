package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.DeliveryOutcome.Kind;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport.Addressed;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.vendor.Smsc;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The SMPP transport driven directly against the local SMSC ({@link Smsc}): the session's life (bind refused, SMSC
 * down at start, backoff, enquire_link, drop mid-batch, unbind on close), the window, and each submit_sm_resp's
 * meaning. What the SMSC delivers (receipts, TD) and the whole hub are in {@link SmppTransportIT}.
 */
class SmppTransportSessionIT {
    static final String SYSTEM_ID = "hub";
    static final String PASSWORD = "gk2026";
    static final String SOURCE = "10690000";

    final Smsc smsc = Smsc.start(SYSTEM_ID, PASSWORD);
    final List<SmppTransport> transports = new ArrayList<>();
    final List<String> optOuts = new CopyOnWriteArrayList<>();
    final List<String> receipts = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        transports.forEach(SmppTransport::close);
        smsc.close();
    }

    static SmppConfig config(Smsc smsc, String bind, int window, Duration timeout, Duration enquireLink, Duration reconnectMax) {
        return new SmppConfig(smsc.host(), smsc.port(), SYSTEM_ID, PASSWORD, "", SOURCE, 0, "1", 1, "1", bind, true, window,
                enquireLink, timeout, reconnectMax);
    }

    SmppTransport transport(SmppConfig config) {
        SmppTransport t = new SmppTransport(config, new SmppTransport.Inbound() {
            @Override
            public void receipt(String reference, DeliveryReceipt receipt) {
                receipts.add(reference + " " + receipt.status());
            }

            @Override
            public void optOut(String number, Instant at) {
                optOuts.add(number);
            }
        }, ZoneId.of("Asia/Shanghai"));
        transports.add(t);
        return t;
    }

    SmppTransport bound(int window, Duration timeout) {
        SmppTransport t = transport(config(smsc, "transceiver", window, timeout, Duration.ofSeconds(30), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> t.binds() == 1);
        return t;
    }

    static String number(int i) {
        return "139" + String.format("%08d", i);
    }

    static List<Addressed<SmsMessage>> batch(int n, String text) {
        List<Addressed<SmsMessage>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String number = number(i);
            out.add(new Addressed<>(new Delivery("sms.d" + i, "sms", "item-1", 1, new Target("list-" + number, number, "测试名单"), 1),
                    SmsMessage.of(text)));
        }
        return out;
    }

    static String chinese(int n) {
        return Seeds.text(1).replaceAll("\\s", "").substring(0, n);
    }

    static Map<String, DeliveryOutcome> byId(List<DeliveryOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(DeliveryOutcome::deliveryId, Function.identity()));
    }

    @Test
    void should_send_each_message_in_its_parts_and_report_the_first_part_id_and_the_others() throws Exception {
        SmppTransport t = bound(10, Duration.ofSeconds(10));
        String text = chinese(150);

        List<DeliveryOutcome> out = t.send(batch(2, text));

        assertThat(out).hasSize(2).allMatch(DeliveryOutcome::isSent);
        for (DeliveryOutcome o : out) {
            String to = "86" + number(Integer.parseInt(o.deliveryId().substring("sms.d".length())));
            Smsc.Message m = smsc.messages().stream().filter(x -> x.destination().equals(to)).findFirst().orElseThrow();
            assertThat(m.text()).isEqualTo(text);
            assertThat(o.receipt().parts()).isEqualTo(3).isEqualTo(m.parts().size());
            assertThat(o.receipt().reference()).isEqualTo(m.messageIds().get(0));
            assertThat(o.receipt().moreReferences()).isEqualTo(m.messageIds().subList(1, 3));
        }
        assertThat(smsc.accepted()).hasSize(6).allSatisfy(s -> {
            assertThat(s.source()).isEqualTo(SOURCE);
            assertThat(s.sourceTon()).isZero();
            assertThat(s.destTon()).isEqualTo(1);
            assertThat(s.receiptRequested()).isTrue();
        });
        assertThat(smsc.violations()).isEmpty();
    }

    @Test
    void should_send_an_all_gsm_message_in_the_gsm_default_alphabet() throws Exception {
        SmppTransport t = bound(2, Duration.ofSeconds(10));

        assertThat(t.send(batch(1, "Gongkai Hub: notice {2026} No. 5 - reply T to stop"))).allMatch(DeliveryOutcome::isSent);

        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.dataCoding()).isZero();
            assertThat(m.text()).isEqualTo("Gongkai Hub: notice {2026} No. 5 - reply T to stop");
        });
        assertThat(smsc.violations()).isEmpty();
    }

    @Test
    void should_keep_at_most_window_submits_in_flight_and_more_than_one() throws Exception {
        SmppTransport t = bound(3, Duration.ofSeconds(20));
        smsc.holdResponses();
        ExecutorService engine = Executors.newSingleThreadExecutor();
        try {
            Future<List<DeliveryOutcome>> sending = engine.submit(() -> t.send(batch(7, "TD")));
            await().atMost(Duration.ofSeconds(5)).until(() -> smsc.outstanding() == 3);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> smsc.outstanding() == 3);
            smsc.releaseResponses();

            assertThat(sending.get(30, TimeUnit.SECONDS)).hasSize(7).allMatch(DeliveryOutcome::isSent);
        } finally {
            engine.shutdownNow();
        }
        assertThat(smsc.maxOutstanding()).isEqualTo(3);
        assertThat(smsc.violations()).isEmpty();
    }

    @Test
    void should_map_each_refusal_of_the_smsc_to_its_outcome() throws Exception {
        SmppTransport t = bound(1, Duration.ofSeconds(10));
        smsc.throttleNext(1).queueFullNext(1).answerNext(1, SMPPConstant.STAT_ESME_RSUBMITFAIL).rejectDestinations("86" + number(4));

        Map<String, DeliveryOutcome> out = byId(t.send(batch(5, "TD")));
        smsc.answerNext(1, SMPPConstant.STAT_ESME_RSYSERR);
        DeliveryOutcome systemError = t.send(batch(1, "TD")).get(0);

        assertThat(out.get("sms.d0").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(out.get("sms.d0").reason()).contains("ESME_RTHROTTLED (0x58)");
        assertThat(out.get("sms.d1").kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(out.get("sms.d1").reason()).contains("ESME_RMSGQFUL (0x14)");
        assertThat(out.get("sms.d2").kind()).isEqualTo(Kind.REJECTED);
        assertThat(out.get("sms.d2").reason()).contains("ESME_RSUBMITFAIL (0x45)");
        assertThat(out.get("sms.d3").kind()).isEqualTo(Kind.SENT);
        assertThat(out.get("sms.d4").kind()).isEqualTo(Kind.REJECTED);
        assertThat(out.get("sms.d4").reason()).contains("invalid destination").contains("ESME_RINVDSTADR (0x0B)");
        assertThat(systemError.kind()).as("a gateway's back end restarting").isEqualTo(Kind.UNAVAILABLE);
        assertThat(systemError.reason()).contains("ESME_RSYSERR (0x08)");
    }

    @Test
    void should_leave_a_message_in_doubt_when_its_submit_sm_resp_never_comes() throws Exception {
        SmppTransport t = bound(2, Duration.ofMillis(700));
        smsc.holdResponses();

        DeliveryOutcome o = t.send(batch(1, "TD")).get(0);
        smsc.releaseResponses();

        assertThat(o.kind()).isEqualTo(Kind.IN_DOUBT);
        assertThat(o.reason()).contains("no submit_sm_resp within");
    }

    @Test
    void should_leave_a_message_in_doubt_once_a_part_was_accepted_and_a_later_one_is_not() throws Exception {
        SmppTransport t = bound(1, Duration.ofSeconds(10));
        smsc.dropSessionAfter(1);

        DeliveryOutcome o = t.send(batch(1, chinese(100))).get(0);

        assertThat(o.kind()).isEqualTo(Kind.IN_DOUBT);
        assertThat(o.reason()).startsWith("part 2 of 2").contains("after the SMSC had accepted part(s) " + smsc.accepted().get(0).messageId());
        assertThat(smsc.accepted()).hasSize(1);
    }

    @Test
    void should_leave_in_flight_messages_in_doubt_and_the_unsent_unavailable_when_the_session_drops_then_bind_again()
            throws Exception {
        SmppTransport t = bound(4, Duration.ofSeconds(20));
        smsc.dropSessionAfter(3).holdResponses();
        List<Addressed<SmsMessage>> batch = batch(6, chinese(100));
        Map<String, DeliveryOutcome> out;
        ExecutorService engine = Executors.newSingleThreadExecutor();
        try {
            Future<List<DeliveryOutcome>> sending = engine.submit(() -> t.send(batch));
            // the first parts of four messages on the wire: three are answered, then the session drops
            await().atMost(Duration.ofSeconds(5)).until(() -> smsc.outstanding() == 4);
            smsc.releaseResponses();
            // woken when the session drops, not after the 20 s timeout
            out = byId(sending.get(10, TimeUnit.SECONDS));
        } finally {
            engine.shutdownNow();
        }

        List<DeliveryOutcome> inDoubt = out.values().stream().filter(o -> o.kind() == Kind.IN_DOUBT).toList();
        List<DeliveryOutcome> unavailable = out.values().stream().filter(DeliveryOutcome::isUnavailable).toList();
        assertThat(inDoubt).as("the four messages with a part on the wire").hasSize(4);
        assertThat(unavailable).as("the two that waited for the window").hasSize(2)
                .allSatisfy(o -> assertThat(o.reason()).contains("did not go out"));
        for (DeliveryOutcome o : unavailable) {
            String to = "86" + number(Integer.parseInt(o.deliveryId().substring("sms.d".length())));
            assertThat(smsc.submits()).noneMatch(s -> s.destination().equals(to));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> t.binds() == 2);
        List<Addressed<SmsMessage>> again = batch.stream().filter(a -> unavailable.stream().anyMatch(u -> u.deliveryId().equals(a.delivery().id()))).toList();
        assertThat(t.send(again)).hasSize(2).allMatch(DeliveryOutcome::isSent);
        assertThat(smsc.messages()).hasSize(2);
        assertThat(smsc.violations()).isEmpty();
    }

    @Test
    void should_be_unavailable_naming_the_smsc_and_its_status_while_binds_are_refused_and_send_once_they_are_accepted()
            throws Exception {
        smsc.refuseBinds();
        SmppTransport t = transport(config(smsc, "transceiver", 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !smsc.binds().isEmpty());

        assertThatThrownBy(() -> t.send(batch(1, "TD"))).isInstanceOf(ChannelUnavailableException.class)
                .hasMessageContaining("SMSC 127.0.0.1:" + smsc.port()).hasMessageContaining("ESME_RBINDFAIL (0x0D)");

        smsc.acceptBinds();
        await().atMost(Duration.ofSeconds(10)).until(() -> t.binds() == 1);
        assertThat(t.send(batch(1, "TD"))).allMatch(DeliveryOutcome::isSent);
    }

    @Test
    void should_start_while_the_smsc_is_down_and_bind_when_it_comes_up() throws Exception {
        smsc.down();
        SmppTransport t = transport(config(smsc, "transceiver", 2, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(1)));

        assertThatThrownBy(() -> t.send(batch(1, "TD"))).isInstanceOf(ChannelUnavailableException.class)
                .hasMessageContaining("cannot connect");

        smsc.up();
        await().atMost(Duration.ofSeconds(10)).until(() -> t.binds() == 1);
        assertThat(t.send(batch(1, "TD"))).allMatch(DeliveryOutcome::isSent);
    }

    @Test
    void should_wait_longer_between_refused_binds_doubling_from_one_second_up_to_reconnect_max() {
        smsc.refuseBinds();
        transport(config(smsc, "transceiver", 1, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2)));

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.binds().size() >= 5);

        List<Instant> at = smsc.binds().stream().map(Smsc.Bind::at).toList();
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < 5; i++) {
            gaps.add(Duration.between(at.get(i - 1), at.get(i)).toMillis());
        }
        assertThat(gaps.get(0)).as("1 s").isBetween(900L, 1_900L);
        assertThat(gaps.get(1)).as("2 s").isBetween(1_900L, 2_900L);
        assertThat(gaps.subList(2, 4)).as("at most reconnect-max").allSatisfy(g -> assertThat(g).isBetween(1_900L, 2_900L));
    }

    @Test
    void should_keep_the_session_alive_with_enquire_link_and_unbind_on_close() {
        SmppTransport t = transport(config(smsc, "transmitter", 1, Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> t.binds() == 1);
        assertThat(smsc.binds()).singleElement().extracting(Smsc.Bind::type).isEqualTo(BindType.BIND_TX);

        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.enquireLinks() >= 2);
        t.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.unbinds() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.boundSessions().isEmpty());
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> smsc.binds().size() == 1);
    }
}

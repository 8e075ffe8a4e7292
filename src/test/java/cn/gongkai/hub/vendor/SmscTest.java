package cn.gongkai.hub.vendor;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.vendor.Smsc.DeliveryKind;
import cn.gongkai.hub.vendor.Smsc.DeliveryState;
import cn.gongkai.hub.vendor.Smsc.Kind;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The SMSC peer driven by jSMPP's own client, as the SMS transport will drive it. */
class SmscTest {
    static final String SYSTEM_ID = "gongkai";
    static final String PASSWORD = "gk2026";
    static final String SERVICE = "106900001";
    static final String HANDSET = "8613800138000";

    final Smsc smsc = Smsc.start(SYSTEM_ID, PASSWORD);
    final List<Esme> esmes = new ArrayList<>();

    @AfterEach
    void stop() {
        esmes.forEach(Esme::close);
        smsc.close();
    }

    @Test
    void should_record_a_two_part_ucs2_message_with_one_reference_and_assemble_it() throws Exception {
        String text = chinese(100);
        Esme esme = bind(BindType.BIND_TRX);

        String first = esme.submitUcs2Part(HANDSET, text.substring(0, 67), 0x2A, 2, 1);
        String second = esme.submitUcs2Part(HANDSET, text.substring(67), 0x2A, 2, 2);

        assertThat(smsc.submits()).hasSize(2).allSatisfy(s -> {
            assertThat(s.dataCoding()).isEqualTo(8);
            assertThat(s.esmClass() & SmppUserData.UDHI).isNotZero();
            assertThat(s.udh().concatIei()).isZero();
            assertThat(s.udh().reference()).isEqualTo(0x2A);
            assertThat(s.udh().total()).isEqualTo(2);
            assertThat(s.source()).isEqualTo(SERVICE);
            assertThat(s.destination()).isEqualTo(HANDSET);
        });
        assertThat(smsc.submits()).extracting(Smsc.Submit::messageId).containsExactly(first, second);
        assertThat(smsc.submits().get(0).text()).isEqualTo(text.substring(0, 67));
        assertThat(smsc.submits().get(0).shortMessage()).hasSize(6 + 134);
        assertThat(smsc.messages()).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo(text);
            assertThat(m.messageIds()).containsExactly(first, second);
        });
        assertThat(smsc.violations()).isEmpty();
        assertThat(smsc.incompleteSets()).isEmpty();
    }

    @Test
    void should_refuse_a_wrong_password_a_wrong_system_id_and_every_bind_while_refusing() {
        assertThat(bindStatus(SYSTEM_ID, "wrong")).isEqualTo(SMPPConstant.STAT_ESME_RINVPASWD);
        assertThat(bindStatus("intruder", PASSWORD)).isEqualTo(SMPPConstant.STAT_ESME_RINVSYSID);

        smsc.refuseBinds();
        assertThat(bindStatus(SYSTEM_ID, PASSWORD)).isEqualTo(SMPPConstant.STAT_ESME_RBINDFAIL);
        smsc.acceptBinds();
        assertThat(bindStatus(SYSTEM_ID, PASSWORD)).isZero();

        assertThat(smsc.binds()).extracting(Smsc.Bind::commandStatus).containsExactly(
                SMPPConstant.STAT_ESME_RINVPASWD, SMPPConstant.STAT_ESME_RINVSYSID, SMPPConstant.STAT_ESME_RBINDFAIL, 0);
    }

    @Test
    void should_refuse_connections_while_down_and_serve_again_on_the_same_port_when_up() throws Exception {
        int port = smsc.port();
        smsc.down();
        assertThatThrownBy(() -> bind(BindType.BIND_TX)).isInstanceOf(ConnectException.class);

        smsc.up();
        assertThat(smsc.port()).isEqualTo(port);
        assertThat(bind(BindType.BIND_TX).session.getSessionState()).isEqualTo(SessionState.BOUND_TX);
    }

    @Test
    void should_answer_throttled_then_queue_full_then_accept() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        smsc.throttleNext(1).queueFullNext(1);

        assertThat(esme.statusOf(() -> esme.submitText(HANDSET, "TD"))).isEqualTo(SMPPConstant.STAT_ESME_RTHROTTLED);
        assertThat(esme.statusOf(() -> esme.submitText(HANDSET, "TD"))).isEqualTo(SMPPConstant.STAT_ESME_RMSGQFUL);
        assertThat(esme.submitText(HANDSET, "TD")).isNotBlank();
        assertThat(smsc.submits()).extracting(Smsc.Submit::commandStatus)
                .containsExactly(SMPPConstant.STAT_ESME_RTHROTTLED, SMPPConstant.STAT_ESME_RMSGQFUL, 0);
        assertThat(smsc.messages()).hasSize(1);
    }

    @Test
    void should_answer_invalid_destination_for_a_rejected_number_only() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        smsc.rejectDestinations("8613900000000");

        assertThat(esme.statusOf(() -> esme.submitText("8613900000000", "ok"))).isEqualTo(SMPPConstant.STAT_ESME_RINVDSTADR);
        assertThat(esme.submitText(HANDSET, "ok")).isNotBlank();
    }

    @Test
    void should_reject_an_odd_ucs2_length_and_a_part_over_140_octets() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        byte[] odd = java.util.Arrays.copyOf("公开".getBytes(StandardCharsets.UTF_16BE), 3);
        byte[] tooLong = chinese(71).getBytes(StandardCharsets.UTF_16BE);

        assertThat(esme.statusOf(() -> esme.submit(HANDSET, 0, 8, odd))).isEqualTo(SMPPConstant.STAT_ESME_RINVMSGLEN);
        assertThat(esme.statusOf(() -> esme.submit(HANDSET, 0, 8, tooLong))).isEqualTo(SMPPConstant.STAT_ESME_RINVMSGLEN);
        assertThat(esme.statusOf(() -> esme.submit(HANDSET, 0x40, 8, new byte[]{0x09, 0x00, 0x03})))
                .isEqualTo(SMPPConstant.STAT_ESME_RINVESMCLASS);

        assertThat(smsc.violations()).extracting(Smsc.Violation::kind)
                .containsExactly(Kind.ODD_UCS2_LENGTH, Kind.PART_TOO_LONG, Kind.BAD_UDH);
        assertThat(smsc.messages()).isEmpty();
    }

    @Test
    void should_report_parts_that_disagree_on_the_total_and_a_message_split_under_two_references() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        String text = chinese(100);
        esme.submitUcs2Part(HANDSET, text.substring(0, 67), 7, 2, 1);
        esme.submitUcs2Part(HANDSET, text.substring(67), 7, 3, 2);

        esme.submitUcs2Part("8613800138001", text.substring(0, 67), 8, 2, 1);
        esme.submitUcs2Part("8613800138001", text.substring(67), 9, 2, 2);

        assertThat(smsc.violations()).extracting(Smsc.Violation::kind).containsExactly(Kind.TOTAL_MISMATCH);
        assertThat(smsc.incompleteSets()).hasSize(2).allSatisfy(s -> assertThat(s.destination()).isEqualTo("8613800138001"));
    }

    @Test
    void should_report_a_reference_reused_by_the_next_message_to_the_same_number() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        String text = chinese(100);
        for (int round = 0; round < 2; round++) {
            esme.submitUcs2Part(HANDSET, text.substring(0, 67), 42, 2, 1);
            esme.submitUcs2Part(HANDSET, text.substring(67), 42, 2, 2);
        }

        assertThat(smsc.messages()).hasSize(2);
        assertThat(smsc.violations()).extracting(Smsc.Violation::kind).containsExactly(Kind.REFERENCE_REUSED);
    }

    @Test
    void should_send_a_receipt_and_an_inbound_opt_out_on_a_transceiver_session() throws Exception {
        Esme esme = bind(BindType.BIND_TRX);
        String id = esme.submitText(HANDSET, "TD");

        smsc.sendReceipt(id, "DELIVRD");
        smsc.sendInbound(HANDSET, "退订");

        await().atMost(Duration.ofSeconds(5)).until(() -> esme.received.size() == 2);
        DeliverSm receipt = esme.received.get(0);
        assertThat(receipt.isSmscDeliveryReceipt()).isTrue();
        DeliveryReceipt parsed = receipt.getShortMessageAsDeliveryReceipt();
        assertThat(parsed.getId()).isEqualTo(id);
        assertThat(parsed.getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
        assertThat(receipt.getSourceAddr()).isEqualTo(HANDSET);
        assertThat(receipt.getDestAddress()).isEqualTo(SERVICE);
        assertThat(((OptionalParameter.OctetString) receipt.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID))
                .getValueAsString()).startsWith(id);

        DeliverSm mo = esme.received.get(1);
        assertThat(mo.isSmscDeliveryReceipt()).isFalse();
        assertThat(mo.getDataCoding()).isEqualTo((byte) 8);
        assertThat(new String(mo.getShortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("退订");
        assertThat(mo.getSourceAddr()).isEqualTo(HANDSET);
        assertThat(smsc.deliveries()).extracting(Smsc.Delivery::state).containsOnly(DeliveryState.DELIVERED);
    }

    @Test
    void should_hold_a_receipt_until_a_receiver_binds() throws Exception {
        Esme transmitter = bind(BindType.BIND_TX);
        String id = transmitter.submitText(HANDSET, "TD");
        smsc.sendReceipt(id, "UNDELIV");
        assertThat(smsc.deliveries()).singleElement().extracting(Smsc.Delivery::state).isEqualTo(DeliveryState.PENDING);

        Esme receiver = bind(BindType.BIND_RX);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);
        assertThat(receiver.received.get(0).getShortMessageAsDeliveryReceipt().getFinalStatus()).isEqualTo(DeliveryReceiptState.UNDELIV);
        assertThat(smsc.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DeliveryKind.RECEIPT);
            assertThat(d.state()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(d.receiptedMessageId()).isEqualTo(id);
        });
    }

    @Test
    void should_refuse_to_send_a_receipt_nobody_asked_for() throws Exception {
        Esme esme = bind(BindType.BIND_TRX);
        String id = esme.submit(HANDSET, 0, 0, "TD".getBytes(StandardCharsets.US_ASCII), 0);

        assertThatThrownBy(() -> smsc.sendReceipt(id, "DELIVRD")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registered_delivery=0");
    }

    @Test
    void should_measure_the_window_while_responses_are_held() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        smsc.holdResponses();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add(pool.submit(() -> esme.submitText(HANDSET, "TD")));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> smsc.outstanding() == 5);
            smsc.releaseResponses();
            for (Future<String> f : sent) {
                assertThat(f.get()).isNotBlank();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(smsc.maxOutstanding()).isEqualTo(5);
        assertThat(smsc.outstanding()).isZero();
    }

    @Test
    void should_throttle_what_goes_beyond_the_window_limit() throws Exception {
        Esme esme = bind(BindType.BIND_TX);
        smsc.windowLimit(2).holdResponses();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sent.add(pool.submit(() -> esme.statusOf(() -> esme.submitText(HANDSET, "TD"))));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> smsc.outstanding() == 3);
            smsc.releaseResponses();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : sent) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(0, 0, SMPPConstant.STAT_ESME_RTHROTTLED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(smsc.violations()).extracting(Smsc.Violation::kind).containsExactly(Kind.WINDOW_EXCEEDED);
    }

    @Test
    void should_drop_the_session_at_the_first_submit_after_n_and_serve_the_rebind() throws Exception {
        Esme esme = bind(BindType.BIND_TRX);
        smsc.dropSessionAfter(2);
        assertThat(esme.submitText(HANDSET, "TD")).isNotBlank();
        assertThat(esme.submitText(HANDSET, "TD")).isNotBlank();
        assertThat(esme.session.getSessionState()).as("bound until the ESME sends again").isEqualTo(SessionState.BOUND_TRX);

        esme.session.setTransactionTimer(1_000);
        assertThatThrownBy(() -> esme.submitText(HANDSET, "TD")).isInstanceOf(ResponseTimeoutException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> esme.session.getSessionState() == SessionState.CLOSED);
        Esme again = bind(BindType.BIND_TRX);
        assertThat(again.submitText(HANDSET, "TD")).isNotBlank();
        assertThat(smsc.accepted()).hasSize(3);
        assertThat(smsc.submits()).extracting(Smsc.Submit::commandStatus).containsExactly(0, 0, Smsc.UNANSWERED, 0);
        assertThat(smsc.binds()).filteredOn(Smsc.Bind::accepted).hasSize(2);
    }

    /**
     * jSMPP's client drops a response it reads just before the socket closes when its PDU threads are busy (it handles
     * the response only after it saw the close): the drop must not follow the n-th answer so closely that the ESME
     * cannot read it. Here its one PDU thread is busy with an MO message while the answer arrives.
     */
    @Test
    void should_leave_the_nth_answer_readable_by_an_esme_whose_pdu_thread_is_busy() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Esme esme = new Esme(deliverSm -> {
            busy.countDown();
            release.await(10, TimeUnit.SECONDS);
        });
        esme.session.setPduProcessorDegree(1);
        esme.session.setTransactionTimer(3_000);
        connect(esme, BindType.BIND_TRX);
        smsc.serviceNumber(SERVICE).sendInbound(HANDSET, "TD");
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        smsc.dropSessionAfter(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> answer = pool.submit(() -> esme.submitText(HANDSET, "TD"));
            // the answer has been written (and, with a drop right behind it, the socket closed) while the thread is busy
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> smsc.accepted().size() == 1);
            release.countDown();

            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(smsc.accepted().get(0).messageId());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void should_cut_bound_sessions_when_closed() throws Exception {
        Esme esme = bind(BindType.BIND_TRX);

        smsc.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> esme.session.getSessionState() == SessionState.CLOSED);
    }

    @Test
    void should_count_enquire_links_and_unbinds() throws Exception {
        Esme esme = new Esme();
        esme.session.setEnquireLinkTimer(100);
        connect(esme, BindType.BIND_TX);

        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.enquireLinks() >= 1);
        esme.session.unbindAndClose();
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.unbinds() == 1);
    }

    Esme bind(BindType type) throws IOException {
        return connect(new Esme(), type);
    }

    Esme connect(Esme esme, BindType type) throws IOException {
        esme.session.connectAndBind(smsc.host(), smsc.port(), new BindParameter(type, SYSTEM_ID, PASSWORD, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 5000);
        esmes.add(esme);
        return esme;
    }

    int bindStatus(String systemId, String password) {
        Esme esme = new Esme();
        esmes.add(esme);
        try {
            esme.session.connectAndBind(smsc.host(), smsc.port(), new BindParameter(BindType.BIND_TX, systemId, password, "",
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 5000);
            return 0;
        } catch (IOException e) {
            return ((NegativeResponseException) e.getCause()).getCommandStatus();
        }
    }

    static String chinese(int length) {
        String t = Seeds.text(0).replaceAll("\\s", "");
        return t.substring(0, length);
    }

    interface Call {
        Object run() throws Exception;
    }

    interface OnDeliverSm {
        void accept(DeliverSm deliverSm) throws InterruptedException;
    }

    static final class Esme implements AutoCloseable {
        final SMPPSession session = new SMPPSession();
        final List<DeliverSm> received = new CopyOnWriteArrayList<>();

        Esme() {
            this(deliverSm -> { });
        }

        /** @param onDeliverSm runs on jSMPP's PDU thread before the deliver_sm is answered */
        Esme(OnDeliverSm onDeliverSm) {
            session.setTransactionTimer(10_000);
            session.setMessageReceiverListener(new MessageReceiverListener() {
                @Override
                public void onAcceptDeliverSm(DeliverSm deliverSm) {
                    try {
                        onDeliverSm.accept(deliverSm);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    received.add(deliverSm);
                }

                @Override
                public void onAcceptAlertNotification(AlertNotification alertNotification) {
                }

                @Override
                public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) {
                    return null;
                }
            });
        }

        String submitText(String to, String text) throws Exception {
            return submit(to, 0, 0, text.getBytes(StandardCharsets.US_ASCII));
        }

        String submitUcs2Part(String to, String part, int ref, int total, int seq) throws Exception {
            byte[] body = part.getBytes(StandardCharsets.UTF_16BE);
            byte[] sm = new byte[6 + body.length];
            sm[0] = 0x05;
            sm[1] = 0x00;
            sm[2] = 0x03;
            sm[3] = (byte) ref;
            sm[4] = (byte) total;
            sm[5] = (byte) seq;
            System.arraycopy(body, 0, sm, 6, body.length);
            return submit(to, 0x40, 8, sm);
        }

        String submit(String to, int esmClass, int dataCoding, byte[] sm) throws Exception {
            return submit(to, esmClass, dataCoding, sm, SMSCDeliveryReceipt.SUCCESS_FAILURE.value());
        }

        String submit(String to, int esmClass, int dataCoding, byte[] sm, int registeredDelivery) throws Exception {
            return session.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, SERVICE,
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, new ESMClass(esmClass), (byte) 0, (byte) 1,
                    null, null, new RegisteredDelivery(registeredDelivery), (byte) 0, DataCodings.newInstance((byte) dataCoding),
                    (byte) 0, sm).getMessageId();
        }

        int statusOf(Call call) throws Exception {
            try {
                call.run();
                return 0;
            } catch (NegativeResponseException e) {
                return e.getCommandStatus();
            }
        }

        @Override
        public void close() {
            session.close();
        }
    }
}

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.delivery.DeliveryReceipt;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmppInboundTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    static final String RECEIPT = "id:3E8A0001 sub:001 dlvrd:001 submit date:2612011555 done date:2612011601 stat:DELIVRD err:000 text:";

    /** What the transport would record, kept in lists. */
    static final class Recorded implements SmppTransport.Inbound {
        final List<String> references = new ArrayList<>();
        final List<DeliveryReceipt> receipts = new ArrayList<>();
        final List<String> optOuts = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public void receipt(String reference, DeliveryReceipt receipt) {
            if (failWith != null) {
                throw failWith;
            }
            references.add(reference);
            receipts.add(receipt);
        }

        @Override
        public void optOut(String number, Instant at) {
            if (failWith != null) {
                throw failWith;
            }
            optOuts.add(number + "@" + at);
        }
    }

    final Recorded recorded = new Recorded();
    final SmppPartReceipts parts = new SmppPartReceipts(100);
    final SmppInbound inbound = new SmppInbound(recorded, parts, SHANGHAI, () -> NOW);

    static OptionalParameter[] tlvs(String id, int state) {
        return new OptionalParameter[]{new OptionalParameter.Receipted_message_id(id), new OptionalParameter.Message_state((byte) state)};
    }

    @Test
    void should_read_a_receipt_from_its_tlvs_and_its_done_date_in_the_hub_zone() {
        var r = SmppInbound.receipt(RECEIPT.replace("DELIVRD", "UNDELIV").getBytes(StandardCharsets.US_ASCII),
                tlvs("3E8A0001", 2)[0], tlvs("3E8A0001", 2)[1], NOW, SHANGHAI).orElseThrow();

        assertThat(r.messageId()).isEqualTo("3E8A0001");
        assertThat(r.receipt().status()).as("message_state 2 (DELIVERED) over the vendor text").isEqualTo("DELIVRD");
        assertThat(r.receipt().detail()).isEqualTo("err:000");
        assertThat(r.receipt().at()).isEqualTo(ZonedDateTime.of(2026, 12, 1, 16, 1, 0, 0, SHANGHAI).toInstant());
    }

    @Test
    void should_read_a_receipt_from_its_text_alone_and_a_receipt_from_its_tlvs_alone() {
        var text = SmppInbound.receipt(RECEIPT.replace("DELIVRD", "UNDELIV").replace("err:000", "err:013").getBytes(StandardCharsets.US_ASCII),
                null, null, NOW, SHANGHAI).orElseThrow();
        assertThat(text.messageId()).isEqualTo("3E8A0001");
        assertThat(text.receipt().status()).isEqualTo("UNDELIV");
        assertThat(text.receipt().detail()).isEqualTo("err:013");

        OptionalParameter[] t = tlvs("3E8A0009", 3);
        var tlvOnly = SmppInbound.receipt(new byte[0], t[0], t[1], NOW, SHANGHAI).orElseThrow();
        assertThat(tlvOnly.messageId()).isEqualTo("3E8A0009");
        assertThat(tlvOnly.receipt().status()).isEqualTo("EXPIRED");
        assertThat(tlvOnly.receipt().at()).as("no done date: now").isEqualTo(NOW);

        assertThat(SmppInbound.receipt("stat:DELIVRD".getBytes(StandardCharsets.US_ASCII), null, null, NOW, SHANGHAI))
                .as("no message id").isEmpty();
    }

    @Test
    void should_take_td_t_and_tuiding_in_any_case_and_width_as_opt_outs_and_nothing_else() {
        assertThat(List.of("TD", "td", " Td \n", "T", "t", "退订", " 退订 ", "ＴＤ", "ｔｄ", "Ｔ")).allMatch(SmppInbound::isOptOut);
        assertThat(List.of("", "TDD", "T D", "退", "退订吧", "hello", "STOP")).noneMatch(SmppInbound::isOptOut);
        assertThat(SmppInbound.isOptOut(null)).isFalse();
    }

    @Test
    void should_normalise_a_source_to_the_eleven_digit_number() {
        assertThat(SmppInbound.mobile("+8613800000002")).contains("13800000002");
        assertThat(SmppInbound.mobile("8613800000002")).contains("13800000002");
        assertThat(SmppInbound.mobile("008613800000002")).contains("13800000002");
        assertThat(SmppInbound.mobile("13800000002")).contains("13800000002");
        assertThat(SmppInbound.mobile("10690000")).isEmpty();
        assertThat(SmppInbound.mobile("861380000000")).isEmpty();
        assertThat(SmppInbound.mobile(null)).isEmpty();
    }

    @Test
    void should_record_an_opt_out_from_a_full_width_ucs2_reply_and_a_gsm_reply_and_ignore_other_replies() {
        inbound.accept((byte) 0, (byte) 8, "+8613800000002", "ＴＤ".getBytes(StandardCharsets.UTF_16BE), new OptionalParameter[0]);
        inbound.accept((byte) 0, (byte) 0, "8615000000004", new byte[]{0x54}, new OptionalParameter[0]);
        inbound.accept((byte) 0, (byte) 8, "8618600000005", "谢谢".getBytes(StandardCharsets.UTF_16BE), new OptionalParameter[0]);
        inbound.accept((byte) 0, (byte) 8, "10690000", "退订".getBytes(StandardCharsets.UTF_16BE), new OptionalParameter[0]);

        assertThat(recorded.optOuts).containsExactly("13800000002@" + NOW, "15000000004@" + NOW);
        assertThat(recorded.receipts).isEmpty();
    }

    @Test
    void should_read_an_opt_out_from_message_payload_and_behind_a_user_data_header() {
        inbound.accept((byte) 0, (byte) 8, "8613800000001", new byte[0],
                new OptionalParameter[]{new OptionalParameter.Message_payload("退订".getBytes(StandardCharsets.UTF_16BE))});
        byte[] udh = {0x05, 0x00, 0x03, 0x01, 0x01, 0x01, 0x00, 0x54, 0x00, 0x44};
        inbound.accept((byte) 0x40, (byte) 8, "8613800000003", udh, new OptionalParameter[0]);

        assertThat(recorded.optOuts).containsExactly("13800000001@" + NOW, "13800000003@" + NOW);
    }

    @Test
    void should_record_a_receipt_under_the_message_id_it_names() {
        inbound.accept((byte) 0x04, (byte) 0, "8613800000001", RECEIPT.getBytes(StandardCharsets.US_ASCII), tlvs("3E8A0001", 2));

        assertThat(recorded.references).containsExactly("3E8A0001");
        assertThat(recorded.receipts).extracting(DeliveryReceipt::status).containsExactly("DELIVRD");
        assertThat(recorded.optOuts).as("a receipt is never an opt-out, whatever its text").isEmpty();
    }

    @Test
    void should_answer_a_temporary_error_when_it_cannot_record_so_the_smsc_delivers_again() throws Exception {
        recorded.failWith = new IllegalStateException("Redis is unreachable");
        DeliverSm mo = new DeliverSm();
        mo.setEsmClass((byte) 0);
        mo.setDataCoding((byte) 8);
        mo.setSourceAddr("8613800000002");
        mo.setShortMessage("退订".getBytes(StandardCharsets.UTF_16BE));

        assertThatThrownBy(() -> inbound.onAcceptDeliverSm(mo)).isInstanceOf(ProcessRequestException.class)
                .satisfies(e -> assertThat(((ProcessRequestException) e).getErrorCode()).isEqualTo(SMPPConstant.STAT_ESME_RX_T_APPN));

        recorded.failWith = null;
        inbound.onAcceptDeliverSm(mo);
        assertThat(recorded.optOuts).containsExactly("13800000002@" + NOW);
    }
}

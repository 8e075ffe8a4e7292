package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.sms.SmppInbound.Report;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmppPartReceiptsTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    final SmppPartReceipts parts = new SmppPartReceipts(100);

    static DeliveryReceipt r(String status, int second) {
        return new DeliveryReceipt(status, T0.plusSeconds(second), "err:000");
    }

    @Test
    void should_pass_a_receipt_of_a_message_it_does_not_know_through_under_its_own_id() {
        assertThat(parts.receipt("X1", r("DELIVRD", 1), T0)).contains(new Report("X1", r("DELIVRD", 1)));
        assertThat(parts.sent(List.of("S1"), T0)).isEmpty();
        assertThat(parts.receipt("S1", r("UNDELIV", 1), T0)).contains(new Report("S1", r("UNDELIV", 1)));
        assertThat(parts.remembered()).as("a single part is not remembered").isZero();
    }

    @Test
    void should_report_delivered_once_every_part_is_delivered() {
        parts.sent(List.of("A1", "A2", "A3"), T0);

        assertThat(parts.receipt("A2", r("DELIVRD", 2), T0)).isEmpty();
        assertThat(parts.receipt("A1", r("ACCEPTD", 1), T0)).isEmpty();
        assertThat(parts.receipt("A1", r("DELIVRD", 3), T0)).isEmpty();
        assertThat(parts.receipt("A3", r("DELIVRD", 1), T0)).contains(new Report("A1", r("DELIVRD", 3)));
        assertThat(parts.remembered()).isZero();
    }

    @Test
    void should_report_an_undelivered_part_at_once_for_the_message_and_drop_the_later_delivered_ones() {
        parts.sent(List.of("B1", "B2", "B3"), T0);

        assertThat(parts.receipt("B1", r("DELIVRD", 1), T0)).isEmpty();
        Report undelivered = parts.receipt("B3", r("UNDELIV", 2), T0).orElseThrow();
        assertThat(undelivered.messageId()).isEqualTo("B1");
        assertThat(undelivered.receipt().status()).isEqualTo("UNDELIV");
        assertThat(undelivered.receipt().detail()).isEqualTo("err:000 (part 3 of 3)");
        assertThat(parts.receipt("B2", r("DELIVRD", 3), T0)).isEmpty();
        assertThat(parts.remembered()).as("every part has reported").isZero();
        assertThat(parts.receipt("B2", r("DELIVRD", 4), T0)).as("forgotten: passed through").contains(new Report("B2", r("DELIVRD", 4)));
    }

    @Test
    void should_report_the_delivered_parts_when_the_others_never_report() {
        parts.sent(List.of("C1", "C2"), T0);
        parts.sent(List.of("D1", "D2"), T0);
        parts.receipt("C2", r("DELIVRD", 5), T0.plusSeconds(5));

        assertThat(parts.expire(T0.plusSeconds(5).plus(SmppPartReceipts.WAIT_FOR_PARTS).minusSeconds(1))).isEmpty();
        List<Report> expired = parts.expire(T0.plusSeconds(5).plus(SmppPartReceipts.WAIT_FOR_PARTS));
        assertThat(expired).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo("C1");
            assertThat(e.receipt().status()).isEqualTo("DELIVRD");
            assertThat(e.receipt().detail()).isEqualTo("err:000 (1 of 2 parts reported DELIVRD)");
        });
        assertThat(parts.remembered()).as("D waits for its first receipt").isEqualTo(1);
        assertThat(parts.expire(T0.plus(SmppPartReceipts.REMEMBER))).isEmpty();
        assertThat(parts.remembered()).isZero();
    }

    @Test
    void should_let_the_oldest_message_go_beyond_its_capacity() {
        SmppPartReceipts two = new SmppPartReceipts(2);
        two.sent(List.of("E1", "E2"), T0);
        two.receipt("E1", r("DELIVRD", 1), T0);
        two.sent(List.of("F1", "F2"), T0);

        List<Report> gone = two.sent(List.of("G1", "G2"), T0);

        assertThat(gone).extracting(Report::messageId).containsExactly("E1");
        assertThat(two.remembered()).isEqualTo(2);
        assertThat(two.receipt("E2", r("UNDELIV", 2), T0)).contains(new Report("E2", r("UNDELIV", 2)));
    }
}

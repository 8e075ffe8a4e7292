package cn.gongkai.hub.channel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failover chain moves on only what certainly did not go out, and says which transport produced each outcome. */
class TransportsTest {

    /** A transport that answers per number as told, and remembers what it was handed. */
    static final class Scripted implements Transport<String> {
        final String name;
        final Function<Delivery, DeliveryOutcome> answer;
        final boolean down;
        final List<String> handed = new ArrayList<>();

        Scripted(String name, boolean down, Function<Delivery, DeliveryOutcome> answer) {
            this.name = name;
            this.down = down;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean resendSafe() {
            return false;
        }

        @Override
        public List<DeliveryOutcome> send(List<Addressed<String>> batch) throws ChannelUnavailableException {
            batch.forEach(a -> handed.add(a.delivery().target().address()));
            if (down) {
                throw new ChannelUnavailableException(name + " refused the bind");
            }
            return batch.stream().map(a -> answer.apply(a.delivery())).toList();
        }
    }

    static List<Transport.Addressed<String>> batch(String... numbers) {
        List<Transport.Addressed<String>> out = new ArrayList<>();
        for (String n : numbers) {
            out.add(new Transport.Addressed<>(new Delivery("d-" + n, "sms", "item-1", 1, new Target("t-" + n, n, "x"), 1), "text"));
        }
        return out;
    }

    static DeliveryOutcome sent(Delivery d, String ref) {
        return DeliveryOutcome.sent(new Receipt(d.id(), 1, 1, ref));
    }

    @Test
    void should_send_with_the_next_provider_only_what_the_first_did_not_take() throws Exception {
        Scripted smpp = new Scripted("smpp", false, d -> switch (d.target().address()) {
            case "13900000001" -> sent(d, "smsc-1");
            case "13900000002" -> DeliveryOutcome.unavailable(d.id(), "throttled (0x58)");
            case "13900000003" -> DeliveryOutcome.inDoubt(d.id(), "no submit_sm_resp before the session dropped");
            default -> DeliveryOutcome.rejected(d.id(), "invalid destination (0x0B)");
        });
        Scripted aliyun = new Scripted("aliyun", false, d -> sent(d, "biz-" + d.target().address()));
        Map<String, DeliveryOutcome> out = Transports.failover(List.of(smpp, aliyun))
                .send(batch("13900000001", "13900000002", "13900000003", "13900000004")).stream()
                .collect(Collectors.toMap(DeliveryOutcome::deliveryId, o -> o));

        assertThat(aliyun.handed).as("only the throttled number moves on; the one in doubt never goes twice").containsExactly("13900000002");
        assertThat(out.get("d-13900000001").transport()).isEqualTo("smpp");
        assertThat(out.get("d-13900000002")).satisfies(o -> {
            assertThat(o.isSent()).isTrue();
            assertThat(o.transport()).isEqualTo("aliyun");
            assertThat(o.receipt().reference()).isEqualTo("biz-13900000002");
        });
        assertThat(out.get("d-13900000003").kind()).isEqualTo(DeliveryOutcome.Kind.IN_DOUBT);
        assertThat(out.get("d-13900000003").transport()).isEqualTo("smpp");
        assertThat(out.get("d-13900000004").rejection()).contains("0x0B");
    }

    @Test
    void should_move_a_whole_batch_on_when_the_first_provider_is_down_and_fail_only_when_all_are() throws Exception {
        Scripted smpp = new Scripted("smpp", true, d -> sent(d, "never"));
        Scripted tencent = new Scripted("tencent", false, d -> sent(d, "serial-" + d.target().address()));
        List<DeliveryOutcome> out = Transports.failover(List.of(smpp, tencent)).send(batch("13900000001", "13900000002"));
        assertThat(out).hasSize(2).allSatisfy(o -> assertThat(o.transport()).isEqualTo("tencent"));

        Scripted down = new Scripted("tencent", true, d -> sent(d, "never"));
        assertThatThrownBy(() -> Transports.failover(List.of(new Scripted("smpp", true, d -> null), down)).send(batch("13900000001")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("every provider is unavailable");
    }

    @Test
    void should_keep_the_last_unavailable_answer_when_the_next_provider_is_down_too() throws Exception {
        Scripted smpp = new Scripted("smpp", false, d -> DeliveryOutcome.unavailable(d.id(), "queue full (0x14)"));
        Scripted aliyun = new Scripted("aliyun", true, d -> null);
        List<DeliveryOutcome> out = Transports.failover(List.of(smpp, aliyun)).send(batch("13900000001"));
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.isUnavailable()).as("retried later, not lost").isTrue();
            assertThat(o.reason()).contains("queue full");
        });
    }

    @Test
    void should_read_rates_and_quiet_hours_as_written_in_a_channel_file() {
        assertThat(Rate.parse("50/s")).get().satisfies(r -> assertThat(r.intervalMicros()).isEqualTo(20_000));
        assertThat(Rate.parse("600/min")).get().satisfies(r -> assertThat(r.intervalMicros()).isEqualTo(100_000));
        assertThat(Rate.parse("none")).isEmpty();
        assertThatThrownBy(() -> Rate.parse("0/s")).isInstanceOf(IllegalArgumentException.class);
        QuietHours night = QuietHours.parse("21:00-08:00").orElseThrow();
        java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
        assertThat(night.endIfInside(java.time.ZonedDateTime.of(2026, 12, 1, 22, 30, 0, 0, zone)))
                .contains(java.time.ZonedDateTime.of(2026, 12, 2, 8, 0, 0, 0, zone));
        assertThat(night.endIfInside(java.time.ZonedDateTime.of(2026, 12, 2, 7, 59, 59, 0, zone)))
                .contains(java.time.ZonedDateTime.of(2026, 12, 2, 8, 0, 0, 0, zone));
        assertThat(night.endIfInside(java.time.ZonedDateTime.of(2026, 12, 2, 8, 0, 0, 0, zone))).isEmpty();
        assertThat(QuietHours.parse("12:00-13:30").orElseThrow().endIfInside(java.time.ZonedDateTime.of(2026, 12, 2, 12, 10, 0, 0, zone)))
                .contains(java.time.ZonedDateTime.of(2026, 12, 2, 13, 30, 0, 0, zone));
    }
}

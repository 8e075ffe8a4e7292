package cn.gongkai.hub.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveriesTest {
    static Delivery d(int i) {
        return new Delivery("sms.d" + i, "sms", "1", 1, new Target("t" + i, "1390000000" + i, null), 1);
    }

    @Test
    void should_keep_receipts_sent_before_an_outage_and_return_the_rest_as_unavailable() {
        List<String> sent = new ArrayList<>();
        List<DeliveryOutcome> out = Deliveries.each(List.of(d(1), d(2), d(3), d(4)), del -> {
            if (del.id().equals("sms.d3")) {
                throw new ChannelUnavailableException("gateway timeout");
            }
            if (del.id().equals("sms.d2")) {
                throw new DeliveryRejectedException("invalid number");
            }
            sent.add(del.id());
            return new Receipt(del.id(), 1, 1, "ref");
        });
        assertThat(sent).containsExactly("sms.d1");
        assertThat(out).hasSize(4);
        assertThat(out.get(0).isSent()).isTrue();
        assertThat(out.get(1).rejection()).isEqualTo("invalid number");
        assertThat(out.get(2).isUnavailable()).isTrue();
        assertThat(out.get(3).unavailable()).isEqualTo("gateway timeout");
    }
}

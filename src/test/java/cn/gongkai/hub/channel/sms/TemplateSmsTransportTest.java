package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a batch is cut into vendor calls, and what key each call carries. */
class TemplateSmsTransportTest {

    private static Delivery delivery(int i, String number) {
        return new Delivery("sms.d" + i, "sms", "item-1", 1, new Target("list-" + number + "-" + i, number, "list"), 1);
    }

    @Test
    void should_cut_2500_numbers_into_calls_of_at_most_1000_keeping_every_delivery_once() {
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            batch.add(delivery(i, String.valueOf(13800000000L + i)));
        }

        List<List<Delivery>> calls = TemplateSmsTransport.chunks(batch, AliyunSmsTransport.MAX_NUMBERS);

        assertThat(calls).extracting(List::size).containsExactly(1000, 1000, 500);
        assertThat(calls.stream().flatMap(List::stream)).containsExactlyElementsOf(batch);
    }

    @Test
    void should_put_one_number_of_two_lists_in_different_calls_so_each_answer_names_one_delivery() {
        List<Delivery> batch = List.of(delivery(1, "13800000001"), delivery(2, "13800000002"), delivery(3, "13800000001"),
                delivery(4, "13800000003"), delivery(5, "13800000001"));

        List<List<Delivery>> calls = TemplateSmsTransport.chunks(batch, TencentSmsTransport.MAX_NUMBERS);

        assertThat(calls).hasSize(3).allSatisfy(call -> {
            List<String> numbers = call.stream().map(d -> d.target().address()).toList();
            assertThat(new HashSet<>(numbers)).hasSameSizeAs(numbers);
        });
        assertThat(calls.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(batch);
    }

    @Test
    void should_key_a_call_by_its_delivery_or_its_first_and_how_many_more() {
        assertThat(TemplateSmsTransport.key(List.of(delivery(1, "13800000001")))).isEqualTo("sms.d1");
        assertThat(TemplateSmsTransport.key(List.of(delivery(1, "13800000001"), delivery(2, "13800000002"), delivery(3, "13800000003"))))
                .isEqualTo("sms.d1+2");
    }

    @Test
    void should_read_tencents_e164_numbers_as_the_national_address() {
        assertThat(TencentSmsTransport.national("+8613800000001")).isEqualTo("13800000001");
        assertThat(TencentSmsTransport.national("008613800000001")).isEqualTo("13800000001");
    }
}

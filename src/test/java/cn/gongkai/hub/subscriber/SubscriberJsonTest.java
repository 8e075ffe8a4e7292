package cn.gongkai.hub.subscriber;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber record read back and written again is the same text: put.lua and delete.lua refuse a write whose
 * "record read before" differs from what Redis holds, so an unstable order refused re-imports as "changed by someone
 * else meanwhile".
 */
class SubscriberJsonTest {
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final List<Reach> ALL = List.of(Reach.SMS, Reach.WECHAT, Reach.EMAIL, Reach.QQ);

    static List<List<Reach>> orders(List<Reach> rest) {
        if (rest.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Reach>> out = new ArrayList<>();
        for (Reach first : rest) {
            List<Reach> others = new ArrayList<>(rest);
            others.remove(first);
            for (List<Reach> tail : orders(others)) {
                List<Reach> o = new ArrayList<>(List.of(first));
                o.addAll(tail);
                out.add(o);
            }
        }
        return out;
    }

    @Test
    void should_write_a_record_read_back_as_the_same_text_whatever_order_its_consents_came_in() throws Exception {
        for (List<Reach> order : orders(ALL)) {
            Map<Reach, Consent> consent = new LinkedHashMap<>();
            Map<Reach, Instant> optedOut = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                consent.put(order.get(i), new Consent(true, Instant.parse("2026-11-05T02:03:00Z").plusSeconds(i), "社区登记表"));
                optedOut.put(order.get(i), Instant.parse("2026-11-06T02:03:00Z").plusSeconds(i));
            }
            Subscriber s = new Subscriber("s42", "张桂英", "13800000001", "o6_bmAbCdEfGhIjK000000000042", "zhang.42@163.com", "100012345",
                    List.of("区域:崇川区", "群体:老年人"), order, consent, optedOut, Instant.EPOCH, Instant.EPOCH);

            String written = JSON.writeValueAsString(s);
            String again = JSON.writeValueAsString(JSON.readValue(written, Subscriber.class));

            assertThat(again).as("inserted in the order " + order).isEqualTo(written);
            assertThat(List.copyOf(s.consent().keySet())).as("channel order, inserted in the order " + order).isEqualTo(ALL);
            assertThat(List.copyOf(s.optedOut().keySet())).isEqualTo(ALL);
        }
    }
}

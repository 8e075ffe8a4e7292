package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.AliyunSmsServer;
import cn.gongkai.hub.vendor.Smsc;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static cn.gongkai.hub.channel.sms.VendorSmsHub.ALIYUN_SECRET;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.TARGETS;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.aliyunSection;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.awaitState;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.number;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.publish;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code transport: [smpp, aliyun]}: the carrier's SMSC first, Aliyun when the SMSC cannot take the batch. What the SMSC
 * refused for a number of its own (an invalid destination) is not given to Aliyun, and no number goes out twice.
 */
class SmppFailoverIT {
    static final String PASSWORD = "gk2026";
    static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static String smppSection(Smsc smsc) {
        return "smpp:\n  host: " + smsc.host() + "\n  port: " + smsc.port() + "\n  system-id: hub\n  password: \"${SMPP_PASSWORD:"
                + PASSWORD + "}\"\n  source-addr: \"10690000\"\n  window: 5\n  timeout: 5s\n  reconnect-max: 1s";
    }

    @Test
    void should_send_every_number_through_aliyun_while_the_smsc_refuses_binds_and_record_aliyun_as_the_transport(@TempDir Path tmp) throws Exception {
        try (Smsc smsc = Smsc.start("hub", PASSWORD).refuseBinds();
             AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "[smpp, aliyun]", smppSection(smsc), aliyunSection(aliyun, ALIYUN_SECRET))) {
            String id = publish(hub, 0).get("id").asText();

            for (String target : TARGETS.keySet()) {
                JsonNode d = awaitState(hub, id, target, "SENT");
                assertThat(d.get("transport").asText()).as(target).isEqualTo("aliyun");
                assertThat(d.get("reference").asText()).as(target).endsWith(":" + number(target));
                assertThat(d.get("attempts").asInt()).as("failed over in the same attempt").isEqualTo(1);
            }
            assertThat(smsc.accepted()).as("nothing went through the SMSC").isEmpty();
            assertThat(VendorSmsHub.accepted(aliyun)).as("each number once, by aliyun")
                    .containsExactlyInAnyOrderElementsOf(TARGETS.values());
        }
    }

    @Test
    void should_send_through_the_smsc_when_it_binds_and_not_give_a_number_it_refused_to_aliyun(@TempDir Path tmp) throws Exception {
        try (Smsc smsc = Smsc.start("hub", PASSWORD).rejectDestinations("8613900000003");
             AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "[smpp, aliyun]", smppSection(smsc), aliyunSection(aliyun, ALIYUN_SECRET))) {
            String id = publish(hub, 0).get("id").asText();

            JsonNode refused = awaitState(hub, id, "media-liaison-13900000003", "FAILED");
            assertThat(refused.get("transport").asText()).isEqualTo("smpp");
            assertThat(refused.get("reason").asText()).contains("ESME_RINVDSTADR");
            for (String target : TARGETS.keySet()) {
                if (!target.equals("media-liaison-13900000003")) {
                    JsonNode d = awaitState(hub, id, target, "SENT");
                    assertThat(d.get("transport").asText()).as(target).isEqualTo("smpp");
                }
            }
            assertThat(aliyun.sendSmsCalls()).as("nothing failed over").isEmpty();
            List<String> reached = smsc.messages().stream().map(Smsc.Message::destination).toList();
            assertThat(reached).as("each other number once, by the SMSC")
                    .containsExactlyInAnyOrder("8613800000001", "8613800000002", "8615000000004", "8618600000005");
        }
    }
}

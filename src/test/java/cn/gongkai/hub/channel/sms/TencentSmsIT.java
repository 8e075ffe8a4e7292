package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.LogCapture;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.PushReply;
import cn.gongkai.hub.vendor.TencentSmsServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.gongkai.hub.channel.sms.VendorSmsHub.TARGETS;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.TENCENT_SECRET_KEY;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.TENCENT_TOKEN;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.awaitState;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.cut;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.delivery;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.number;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.publish;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.tencentSection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A seed item published through {@code transport: tencent} with {@code endpoint: http://127.0.0.1:port}, against a
 * server that checks TC3-HMAC-SHA256 for service {@code sms} and the Host that arrived.
 */
class TencentSmsIT {
    static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    static List<String> accepted(TencentSmsServer server) {
        return server.sendSmsCalls().stream().flatMap(c -> c.statuses().stream())
                .filter(s -> s.code().equals("Ok")).map(s -> TencentSmsTransport.national(s.phoneNumber())).toList();
    }

    @Test
    void should_send_every_number_its_template_params_in_order_cut_to_var_max_and_record_the_serial_no(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, TENCENT_SECRET_KEY))) {
            JsonNode item = publish(hub, 0);
            String id = item.get("id").asText();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }

            assertThat(accepted(tencent)).as("every number once").containsExactlyInAnyOrderElementsOf(TARGETS.values());
            assertThat(tencent.received()).allSatisfy(r -> {
                assertThat(r.code()).isEqualTo("Ok");
                assertThat(r.signedScope()).endsWith("/sms/tc3_request");
            });
            assertThat(tencent.sendSmsCalls()).allSatisfy(call -> {
                assertThat(call.region()).isEqualTo("ap-guangzhou");
                assertThat(call.phoneNumbers()).allMatch(n -> n.matches("\\+861[3-9]\\d{9}"));
                assertThat(call.smsSdkAppId()).isEqualTo(VendorSmsHub.TENCENT_APP);
                assertThat(call.templateId()).isEqualTo(VendorSmsHub.TENCENT_TEMPLATE);
                assertThat(call.templateParams()).containsExactly(cut(item.get("title").asText(), 6), cut(id, 6));
                assertThat(call.sessionContext()).startsWith("sms.");
            });
            for (String target : TARGETS.keySet()) {
                JsonNode d = delivery(hub, id, target);
                assertThat(d.get("transport").asText()).isEqualTo("tencent");
                TencentSmsServer.SendStatus status = tencent.sendSmsCalls().stream().flatMap(c -> c.statuses().stream())
                        .filter(s -> s.phoneNumber().equals("+86" + number(target))).findFirst().orElseThrow();
                assertThat(d.get("reference").asText()).isEqualTo(status.serialNo());
                assertThat(d.get("parts").asInt()).isEqualTo((int) status.fee());
            }
        }
    }

    @Test
    void should_find_tencent_unavailable_when_the_server_refuses_the_signature(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, "not-the-secret"));
             LogCapture log = LogCapture.of(TemplateSmsTransport.class)) {
            String id = publish(hub, 1).get("id").asText();
            JsonNode d = await("the second attempt").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> delivery(hub, id, "media-liaison-13800000001"), j -> j.path("attempts").asInt() >= 2);

            assertThat(d.get("lastError").asText()).contains("tencent cannot send", "AuthFailure.SignatureFailure", "TENCENT_SECRET_KEY");
            assertThat(tencent.received()).isNotEmpty().allSatisfy(r -> assertThat(r.code()).isEqualTo("AuthFailure.SignatureFailure"));
            assertThat(accepted(tencent)).isEmpty();
            assertThat(log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("tencent is unavailable"))).hasSize(1);
        }
    }

    @Test
    void should_map_each_numbers_code_failing_bad_and_limited_numbers_and_retrying_a_throttled_one(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, TENCENT_SECRET_KEY))) {
            tencent.failNumber("13800000002", "InvalidParameterValue.IncorrectPhoneNumber");
            tencent.failNumber("15000000004", "LimitExceeded.PhoneNumberDailyLimit");
            tencent.failNumber("18600000005", "LimitExceeded.PhoneNumberThirtySecondLimit");
            String id = publish(hub, 2).get("id").asText();

            assertThat(awaitState(hub, id, "media-liaison-13800000002", "FAILED").get("reason").asText())
                    .contains("InvalidParameterValue.IncorrectPhoneNumber", "invalid phone number");
            JsonNode limited = awaitState(hub, id, "culture-venues-15000000004", "FAILED");
            assertThat(limited.get("reason").asText()).contains("LimitExceeded.PhoneNumberDailyLimit");
            assertThat(limited.get("attempts").asInt()).isEqualTo(1);
            JsonNode throttled = awaitState(hub, id, "culture-venues-18600000005", "RETRYING");
            assertThat(throttled.get("lastError").asText()).contains("LimitExceeded.PhoneNumberThirtySecondLimit");
            awaitState(hub, id, "media-liaison-13800000001", "SENT");
            awaitState(hub, id, "media-liaison-13900000003", "SENT");

            tencent.heal();
            assertThat(awaitState(hub, id, "culture-venues-18600000005", "SENT").get("attempts").asInt()).isGreaterThan(1);
            assertThat(accepted(tencent)).containsExactlyInAnyOrder("13800000001", "13900000003", "18600000005");
        }
    }

    @Test
    void should_retry_after_http_502_and_send_once_the_gateway_answers(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, TENCENT_SECRET_KEY))) {
            tencent.failWithStatus(502);
            String id = publish(hub, 3).get("id").asText();
            assertThat(awaitState(hub, id, "media-liaison-13800000001", "RETRYING").get("lastError").asText()).contains("502");

            tencent.heal();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }
            assertThat(accepted(tencent)).containsExactlyInAnyOrderElementsOf(TARGETS.values());
        }
    }

    @Test
    void should_leave_a_call_in_doubt_when_the_read_times_out(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, TENCENT_SECRET_KEY))) {
            tencent.hang();
            String id = publish(hub, 4).get("id").asText();
            for (String target : TARGETS.keySet()) {
                assertThat(awaitState(hub, id, target, "IN_DOUBT").get("reason").asText()).contains("tencent", "may have been sent");
            }
            tencent.heal();
            await("the held calls answered").atMost(Duration.ofSeconds(10)).until(() -> accepted(tencent).size() == TARGETS.size());
            for (String target : TARGETS.keySet()) {
                assertThat(delivery(hub, id, target).get("attempts").asInt()).as("never resent").isEqualTo(1);
            }
        }
    }

    @Test
    void should_send_at_most_200_numbers_a_call(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             // one bucket and large entries, so the transport gets batches of more than 200
             TestHub hub = VendorSmsHub.start(redis, tmp, Map.of("hub.delivery.buckets", 1, "hub.delivery.deliveries-per-entry", 1000),
                     "tencent", tencentSection(tencent, TENCENT_SECRET_KEY), ChannelConfigs.smsList("many", 450), "batch-size: 1000")) {
            String id = publish(hub, 0).get("id").asText();
            await("450 numbers sent").atMost(Duration.ofSeconds(60)).until(() -> accepted(tencent).size() == 450);

            assertThat(tencent.sendSmsCalls()).allSatisfy(c -> assertThat(c.phoneNumbers().size()).isLessThanOrEqualTo(200));
            assertThat(tencent.sendSmsCalls()).as("a batch larger than 200 was split").anySatisfy(c -> assertThat(c.phoneNumbers()).hasSize(200));
            assertThat(tencent.sendSmsCalls()).allSatisfy(c -> assertThat(c.code()).isEqualTo("Ok"));
            assertThat(accepted(tencent)).doesNotHaveDuplicates();
            // the server counts a number when it answers; the hub records the batch after the answer
            await("450 deliveries recorded SENT").atMost(Duration.ofSeconds(30)).until(
                    () -> hub.as("editor", "GET", "/api/items/" + id + "/deliveries", null).json().at("/channels/sms/byState/SENT").asInt() == 450);
        }
    }

    @Test
    void should_record_the_receipts_tencent_pushes_and_answer_what_tencent_expects(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, TENCENT_SECRET_KEY))) {
            String id = publish(hub, 0).get("id").asText();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }
            List<TencentSmsServer.Report> reports = new ArrayList<>();
            tencent.sendSmsCalls().forEach(c -> reports.addAll(tencent.deliveredReports(c)));
            int off = reports.stream().map(TencentSmsServer.Report::mobile).toList().indexOf("18600000005");
            reports.set(off, reports.get(off).failed("MN:0001", "空号"));

            PushReply reply = tencent.pushReports(URI.create(hub.baseUrl() + "/callbacks/sms/tencent?token=" + TENCENT_TOKEN), reports);

            assertThat(reply.acknowledged()).as(reply.body()).isTrue();
            assertThat(TestHub.JSON.readTree(reply.body()).get("errmsg").asText()).isEqualTo("OK");
            JsonNode delivered = await("the receipt").atMost(Duration.ofSeconds(10)).until(
                    () -> delivery(hub, id, "media-liaison-13800000001"), j -> j.hasNonNull("receipt"));
            assertThat(delivered.at("/receipt/status").asText()).isEqualTo("DELIVRD");
            JsonNode failed = delivery(hub, id, "culture-venues-18600000005");
            assertThat(failed.at("/receipt/status").asText()).isEqualTo("UNDELIV");
            assertThat(failed.at("/receipt/detail").asText()).isEqualTo("MN:0001 空号");

            TestHub.Response refused = hub.postBytes("/callbacks/sms/tencent", "application/json",
                    "[]".getBytes(StandardCharsets.UTF_8), false, null, null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("result").asInt()).isNotZero();
            TestHub.Response broken = hub.postBytes("/callbacks/sms/tencent?token=" + TENCENT_TOKEN, "application/json",
                    "[{\"sid\":".getBytes(StandardCharsets.UTF_8), false, null, null);
            assertThat(broken.status()).isEqualTo(400);
            assertThat(broken.json().get("result").asInt()).isNotZero();
            assertThat(broken.json().has("errmsg")).isTrue();
        }
    }

    @Test
    void should_reject_a_withdrawal_naming_the_key_to_set_when_tencent_has_no_withdrawal_template(@TempDir Path tmp) throws Exception {
        try (TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "tencent", tencentSection(tencent, TENCENT_SECRET_KEY), "withdrawal: correction")) {
            String id = publish(hub, 1).get("id").asText();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }
            int calls = tencent.sendSmsCalls().size();
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误\"}").status()).isEqualTo(202);

            for (String target : TARGETS.keySet()) {
                JsonNode d = VendorSmsHub.awaitDelivery(hub, id, "withdraw", target, "FAILED");
                assertThat(d.get("reason").asText()).contains("tencent.withdraw-template-id", "channel-config/sms.yml");
            }
            assertThat(tencent.sendSmsCalls()).hasSize(calls);
        }
    }
}

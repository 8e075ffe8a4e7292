package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.support.LogCapture;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.AliyunSmsServer;
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

import static cn.gongkai.hub.channel.sms.VendorSmsHub.ALIYUN_SECRET;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.ALIYUN_TOKEN;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.ALIYUN_WITHDRAW_TEMPLATE;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.TARGETS;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.TENCENT_SECRET_KEY;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.aliyunSection;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.awaitState;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.cut;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.delivery;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.number;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.publish;
import static cn.gongkai.hub.channel.sms.VendorSmsHub.tencentSection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A seed item published through {@code transport: aliyun} against a server that checks Aliyun's signature exactly. */
class AliyunSmsIT {
    static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void should_send_every_number_its_template_params_cut_to_var_max_and_record_bizid_and_number_as_the_reference(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET))) {
            JsonNode item = publish(hub, 0);
            String id = item.get("id").asText();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }

            List<AliyunSmsServer.SendSmsCall> calls = aliyun.sendSmsCalls();
            assertThat(VendorSmsHub.accepted(aliyun)).as("every number once").containsExactlyInAnyOrderElementsOf(TARGETS.values());
            assertThat(calls).allSatisfy(call -> {
                assertThat(call.code()).isEqualTo("OK");
                assertThat(call.style()).isEqualTo(AliyunSmsServer.SignatureStyle.V3_ACS3_HMAC_SHA256);
                assertThat(call.signName()).isEqualTo(VendorSmsHub.SIGN);
                assertThat(call.templateCode()).isEqualTo(VendorSmsHub.ALIYUN_TEMPLATE);
                assertThat(call.templateParams()).containsExactly(
                        Map.entry("title", cut(item.get("title").asText(), 12)), Map.entry("itemNo", cut(id, 12)));
                assertThat(call.content()).startsWith("【南通市文广旅局】《" + cut(item.get("title").asText(), 12) + "》");
                assertThat(call.outId()).matches(call.phoneNumbers().size() == 1 ? "sms\\.[0-9a-f]{24}"
                        : "sms\\.[0-9a-f]{24}\\+" + (call.phoneNumbers().size() - 1));
            });
            assertThat(item.get("title").asText().codePointCount(0, item.get("title").asText().length())).as("the title is cut").isGreaterThan(12);
            for (String target : TARGETS.keySet()) {
                JsonNode d = delivery(hub, id, target);
                assertThat(d.get("transport").asText()).isEqualTo("aliyun");
                String[] reference = d.get("reference").asText().split(":");
                assertThat(reference[1]).isEqualTo(number(target));
                assertThat(aliyun.call(reference[0]).phoneNumbers()).contains(number(target));
            }
        }
    }

    @Test
    void should_find_aliyun_unavailable_when_the_server_refuses_the_signature_and_warn_once(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, "not-the-secret"));
             LogCapture log = LogCapture.of(TemplateSmsTransport.class)) {
            String id = publish(hub, 1).get("id").asText();
            JsonNode d = await("the third attempt").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> delivery(hub, id, "media-liaison-13800000001"), j -> j.path("attempts").asInt() >= 3);

            assertThat(d.get("state").asText()).isIn("RETRYING", "PENDING", "SENDING");
            assertThat(d.get("lastError").asText()).contains("aliyun cannot send", "SignatureDoesNotMatch", "ALIYUN_ACCESS_KEY_SECRET");
            assertThat(aliyun.received()).isNotEmpty().allSatisfy(r -> assertThat(r.code()).isEqualTo("SignatureDoesNotMatch"));
            assertThat(aliyun.sendSmsCalls()).allSatisfy(c -> assertThat(c.bizId()).isNull());
            assertThat(log.lines().stream().filter(l -> l.startsWith("WARN") && l.contains("aliyun is unavailable")))
                    .as("one warning per outage, not per batch").hasSize(1);
        }
    }

    @Test
    void should_fail_the_numbers_aliyun_refuses_with_the_reason_and_send_the_others_once(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET))) {
            aliyun.failNumber("13800000002", "isv.MOBILE_NUMBER_ILLEGAL");
            aliyun.failNumber("15000000004", "isv.BUSINESS_LIMIT_CONTROL");
            String id = publish(hub, 2).get("id").asText();

            JsonNode bad = awaitState(hub, id, "media-liaison-13800000002", "FAILED");
            assertThat(bad.get("reason").asText()).contains("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
            JsonNode limited = awaitState(hub, id, "culture-venues-15000000004", "FAILED");
            assertThat(limited.get("reason").asText()).contains("isv.BUSINESS_LIMIT_CONTROL", "触发天级流控");
            assertThat(limited.get("attempts").asInt()).as("not retried").isEqualTo(1);
            for (String target : List.of("media-liaison-13800000001", "media-liaison-13900000003", "culture-venues-18600000005")) {
                JsonNode d = awaitState(hub, id, target, "SENT");
                String bizId = d.get("reference").asText().split(":")[0];
                assertThat(aliyun.call(bizId).phoneNumbers()).contains(number(target));
            }
            assertThat(VendorSmsHub.accepted(aliyun)).as("each good number sent once").containsExactlyInAnyOrder("13800000001", "13900000003", "18600000005");
        }
    }

    @Test
    void should_retry_after_http_5xx_and_send_once_the_gateway_answers(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET))) {
            aliyun.failWithStatus(503);
            String id = publish(hub, 3).get("id").asText();
            JsonNode retrying = awaitState(hub, id, "media-liaison-13800000001", "RETRYING");
            assertThat(retrying.get("lastError").asText()).contains("HTTP 503");

            aliyun.heal();
            for (String target : TARGETS.keySet()) {
                assertThat(awaitState(hub, id, target, "SENT").get("transport").asText()).isEqualTo("aliyun");
            }
            assertThat(VendorSmsHub.accepted(aliyun)).containsExactlyInAnyOrderElementsOf(TARGETS.values());
        }
    }

    @Test
    void should_leave_a_call_in_doubt_when_the_answer_never_comes_and_not_resend_it(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET))) {
            aliyun.hang();
            String id = publish(hub, 4).get("id").asText();
            for (String target : TARGETS.keySet()) {
                JsonNode d = awaitState(hub, id, target, "IN_DOUBT");
                assertThat(d.get("reason").asText()).contains("aliyun", "may have been sent");
            }
            aliyun.heal();
            // the held calls reach the server once it answers again: each number was in exactly one of them
            await("the held calls answered").atMost(Duration.ofSeconds(10)).until(
                    () -> VendorSmsHub.accepted(aliyun).size() == TARGETS.size());
            assertThat(VendorSmsHub.accepted(aliyun)).containsExactlyInAnyOrderElementsOf(TARGETS.values());
            for (String target : TARGETS.keySet()) {
                JsonNode d = delivery(hub, id, target);
                assertThat(d.get("state").asText()).as("never resent").isEqualTo("IN_DOUBT");
                assertThat(d.get("attempts").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void should_record_the_receipts_aliyun_pushes_and_answer_what_aliyun_expects(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET))) {
            String id = publish(hub, 0).get("id").asText();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }
            List<AliyunSmsServer.Report> reports = new ArrayList<>();
            aliyun.sendSmsCalls().forEach(call -> reports.addAll(aliyun.deliveredReports(call)));
            int empty = reports.stream().map(AliyunSmsServer.Report::phoneNumber).toList().indexOf("13900000003");
            reports.set(empty, reports.get(empty).failed("MN:0001", "空号"));
            URI callback = URI.create(hub.baseUrl() + "/callbacks/sms/aliyun?token=" + ALIYUN_TOKEN);

            PushReply reply = aliyun.pushReports(callback, reports);

            assertThat(reply.acknowledged()).as(reply.body()).isTrue();
            assertThat(TestHub.JSON.readTree(reply.body()).get("code").asInt()).isZero();
            JsonNode delivered = await("the receipt").atMost(Duration.ofSeconds(10)).until(
                    () -> delivery(hub, id, "media-liaison-13800000001"), j -> j.hasNonNull("receipt"));
            assertThat(delivered.at("/receipt/status").asText()).isEqualTo("DELIVRD");
            assertThat(delivered.at("/receipt/detail").asText()).contains("DELIVERED");
            JsonNode undelivered = delivery(hub, id, "media-liaison-13900000003");
            assertThat(undelivered.at("/receipt/status").asText()).isEqualTo("UNDELIV");
            assertThat(undelivered.at("/receipt/detail").asText()).isEqualTo("MN:0001 空号");
        }
    }

    @Test
    void should_refuse_a_receipt_push_without_the_token_and_a_body_that_is_not_json_in_aliyuns_reply_shape(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET));
             LogCapture log = LogCapture.of(SmsReceiptPush.class)) {
            String report = "[{\"phone_number\":\"13800000001\",\"success\":true,\"err_code\":\"DELIVERED\",\"biz_id\":\"1^0\"}]";

            TestHub.Response none = hub.postBytes("/callbacks/sms/aliyun", "application/json", report.getBytes(StandardCharsets.UTF_8), false, null, null);
            TestHub.Response wrong = hub.postBytes("/callbacks/sms/aliyun?token=guess", "application/json", report.getBytes(StandardCharsets.UTF_8), false, null, null);
            TestHub.Response broken = hub.postBytes("/callbacks/sms/aliyun?token=" + ALIYUN_TOKEN, "application/json",
                    "{\"not\": \"an array\"".getBytes(StandardCharsets.UTF_8), false, null, null);

            assertThat(none.status()).isEqualTo(403);
            assertThat(none.json().get("code").asInt()).isNotZero();
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(broken.status()).as(broken.body()).isEqualTo(400);
            assertThat(broken.json().get("code").asInt()).isNotZero();
            assertThat(broken.json().has("msg")).isTrue();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("no ?token= given"))
                    .anyMatch(l -> l.startsWith("WARN") && l.contains("wrong ?token="))
                    .noneMatch(l -> l.contains("guess"));
            assertThat(hub.postBytes("/callbacks/sms/tencent", "application/json", "[]".getBytes(StandardCharsets.UTF_8), false, null, null).status())
                    .as("tencent is not a selected transport").isEqualTo(404);
        }
    }

    @Test
    void should_fail_over_to_tencent_when_aliyun_answers_5xx_and_send_each_number_once(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "[aliyun, tencent]",
                     aliyunSection(aliyun, ALIYUN_SECRET), tencentSection(tencent, TENCENT_SECRET_KEY));
             LogCapture log = LogCapture.of(TemplateSmsTransport.class)) {
            aliyun.failWithStatus(503);
            String id = publish(hub, 0).get("id").asText();

            for (String target : TARGETS.keySet()) {
                JsonNode d = awaitState(hub, id, target, "SENT");
                assertThat(d.get("transport").asText()).isEqualTo("tencent");
                assertThat(d.get("attempts").asInt()).as("failed over in the same attempt, not retried").isEqualTo(1);
                String serialNo = tencent.sendSmsCalls().stream().flatMap(c -> c.statuses().stream())
                        .filter(s -> s.phoneNumber().equals("+86" + number(target))).findFirst().orElseThrow().serialNo();
                assertThat(d.get("reference").asText()).isEqualTo(serialNo);
            }
            // the fake's 5xx comes before its own bookkeeping: the transport's warning shows aliyun was tried
            assertThat(log.lines()).as("aliyun was tried").anyMatch(l -> l.startsWith("WARN") && l.contains("aliyun is unavailable") && l.contains("HTTP 503"));
            assertThat(VendorSmsHub.accepted(aliyun)).as("nothing sent by aliyun").isEmpty();
            assertThat(TencentSmsIT.accepted(tencent)).as("each number once, by tencent").containsExactlyInAnyOrderElementsOf(TARGETS.values());
        }
    }

    @Test
    void should_fail_a_number_over_its_daily_limit_at_aliyun_and_not_give_it_to_tencent(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TencentSmsServer tencent = VendorSmsHub.tencent();
             TestHub hub = VendorSmsHub.start(redis, tmp, "[aliyun, tencent]",
                     aliyunSection(aliyun, ALIYUN_SECRET), tencentSection(tencent, TENCENT_SECRET_KEY))) {
            aliyun.failNumber("13800000001", "isv.BUSINESS_LIMIT_CONTROL");
            String id = publish(hub, 0).get("id").asText();

            JsonNode limited = awaitState(hub, id, "media-liaison-13800000001", "FAILED");
            assertThat(limited.get("reason").asText()).contains("isv.BUSINESS_LIMIT_CONTROL");
            assertThat(limited.get("transport").asText()).isEqualTo("aliyun");
            for (String target : TARGETS.keySet()) {
                if (!target.equals("media-liaison-13800000001")) {
                    assertThat(awaitState(hub, id, target, "SENT").get("transport").asText()).isEqualTo("aliyun");
                }
            }
            assertThat(tencent.sendSmsCalls()).as("not failed over").isEmpty();
            assertThat(VendorSmsHub.accepted(aliyun)).containsExactlyInAnyOrder("13800000002", "13900000003", "15000000004", "18600000005");
        }
    }

    @Test
    void should_send_a_withdrawal_with_its_own_template_and_the_reason(@TempDir Path tmp) throws Exception {
        try (AliyunSmsServer aliyun = VendorSmsHub.aliyun();
             TestHub hub = VendorSmsHub.start(redis, tmp, "aliyun", aliyunSection(aliyun, ALIYUN_SECRET,
                     "withdraw-template-code: " + ALIYUN_WITHDRAW_TEMPLATE, "withdraw-template-params: {title: title, why: reason}"), "withdrawal: correction")) {
            String id = publish(hub, 1).get("id").asText();
            for (String target : TARGETS.keySet()) {
                awaitState(hub, id, target, "SENT");
            }
            TestHub.Response w = hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
            assertThat(w.status()).as(w.body()).isEqualTo(202);

            for (String target : TARGETS.keySet()) {
                VendorSmsHub.awaitDelivery(hub, id, "withdraw", target, "SENT");
            }
            List<AliyunSmsServer.SendSmsCall> withdrawals = aliyun.sendSmsCalls().stream()
                    .filter(c -> c.templateCode().equals(ALIYUN_WITHDRAW_TEMPLATE)).toList();
            assertThat(withdrawals).isNotEmpty().allSatisfy(c -> assertThat(c.templateParams()).containsEntry("why", "数据有误，更正后重新发布"));
            assertThat(withdrawals.stream().flatMap(c -> c.phoneNumbers().stream())).containsExactlyInAnyOrderElementsOf(TARGETS.values());
        }
    }
}

package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendSmsRequest;
import com.tencentcloudapi.sms.v20210111.models.SendSmsResponse;
import com.tencentcloudapi.sms.v20210111.models.SendStatus;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TencentSmsServerTest {
    private static final String SECRET_ID = "AKIDGongkaiHubTest0000000000000000001";
    private static final String SECRET_KEY = "gongkai-hub-tencent-test-secret";
    private static final String APP = "1400787878";
    private static final String SIGN = "南通市文广旅局";
    private static final String TEMPLATE = "1932001";
    private static final String TEXT = "{1}公开了《{2}》，详见{3}";
    private static final String[] PARAMS = {"市文广旅局", "2025年政府信息公开工作年度报告", "gk.nantong.gov.cn/r/17"};
    private static final String REGION = "ap-guangzhou";

    private TencentSmsServer server;

    @BeforeEach
    void start() {
        server = TencentSmsServer.start(SECRET_ID, SECRET_KEY).approveApp(APP).approveSign(SIGN).approveTemplate(TEMPLATE, TEXT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_accept_the_sdks_signature_and_record_exactly_what_was_sent() throws Exception {
        SendSmsRequest request = send("+8613800138000", "13912345678");
        request.setSessionContext("delivery-42");

        SendSmsResponse response = client(SECRET_KEY).SendSms(request);

        assertThat(response.getRequestId()).isNotBlank();
        assertThat(response.getSendStatusSet()).hasSize(2).allSatisfy(s -> {
            assertThat(s.getCode()).isEqualTo("Ok");
            assertThat(s.getMessage()).isEqualTo("send success");
            assertThat(s.getSessionContext()).isEqualTo("delivery-42");
            assertThat(s.getIsoCode()).isEqualTo("CN");
            assertThat(s.getFee()).isEqualTo(1L);
            assertThat(s.getSerialNo()).matches("2433:\\d+");
        });
        assertThat(response.getSendStatusSet()).extracting(SendStatus::getPhoneNumber).containsExactly("+8613800138000", "+8613912345678");
        TencentSmsServer.SendSmsCall call = server.sendSmsCalls().get(0);
        assertThat(call.region()).isEqualTo(REGION);
        assertThat(call.phoneNumbers()).containsExactly("+8613800138000", "13912345678");
        assertThat(call.smsSdkAppId()).isEqualTo(APP);
        assertThat(call.signName()).isEqualTo(SIGN);
        assertThat(call.templateId()).isEqualTo(TEMPLATE);
        assertThat(call.templateParams()).containsExactly(PARAMS);
        assertThat(call.sessionContext()).isEqualTo("delivery-42");
        assertThat(call.content()).isEqualTo("【南通市文广旅局】市文广旅局公开了《2025年政府信息公开工作年度报告》，详见gk.nantong.gov.cn/r/17");
        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo(server.sdkEndpoint());
            assertThat(r.signedScope()).endsWith("/sms/tc3_request");
        });
    }

    @Test
    void should_refuse_the_sdk_pointed_at_127_0_0_1_because_it_signs_service_127() {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(server.address());
        http.setProtocol(HttpProfile.REQ_HTTP);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        SmsClient naive = new SmsClient(new Credential(SECRET_ID, SECRET_KEY), REGION, profile);

        assertThatThrownBy(() -> naive.SendSms(send("13800138000")))
                .isInstanceOfSatisfying(TencentCloudSDKException.class, e -> assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure"));
        String today = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.now());
        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo(server.address());
            assertThat(r.signedScope()).isIn(today + "/127/tc3_request", yesterday(today) + "/127/tc3_request");
        });
    }

    @Test
    void should_answer_signature_failure_when_the_secret_is_wrong() {
        assertThatThrownBy(() -> client("not-the-secret").SendSms(send("13800138000")))
                .isInstanceOfSatisfying(TencentCloudSDKException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SignatureFailure");
                    assertThat(e.getRequestId()).isNotBlank();
                });
        assertThat(server.sendSmsCalls()).singleElement().satisfies(c -> assertThat(c.code()).isEqualTo("AuthFailure.SignatureFailure"));
    }

    @Test
    void should_answer_secret_id_not_found_for_an_unknown_secret_id() {
        SmsClient stranger = client(SECRET_KEY);
        stranger.setCredential(new Credential("AKIDSomeoneElse", SECRET_KEY));

        assertThatThrownBy(() -> stranger.SendSms(send("13800138000")))
                .isInstanceOfSatisfying(TencentCloudSDKException.class, e -> assertThat(e.getErrorCode()).isEqualTo("AuthFailure.SecretIdNotFound"));
    }

    @Test
    void should_answer_per_number_codes_as_the_sdk_parses_them() throws Exception {
        server.failNumber("13900000001", "LimitExceeded.PhoneNumberDailyLimit");
        server.failNumber("+8613900000002", "LimitExceeded.PhoneNumberThirtySecondLimit");
        server.failNumber("13900000003", "FailedOperation.PhoneNumberInBlacklist");

        SendSmsResponse response = client(SECRET_KEY).SendSms(send("13800138000", "+8613900000001", "13900000002", "13900000003", "1380013800"));

        assertThat(response.getSendStatusSet()).extracting(SendStatus::getCode).containsExactly("Ok",
                "LimitExceeded.PhoneNumberDailyLimit", "LimitExceeded.PhoneNumberThirtySecondLimit",
                "FailedOperation.PhoneNumberInBlacklist", "InvalidParameterValue.IncorrectPhoneNumber");
        assertThat(Arrays.asList(response.getSendStatusSet()).subList(1, 5)).allSatisfy(s -> {
            assertThat(s.getFee()).isZero();
            assertThat(s.getSerialNo()).isEmpty();
        });
    }

    @Test
    void should_answer_whole_call_errors_as_the_sdk_throws_them() {
        SmsClient client = client(SECRET_KEY);
        SendSmsRequest unsigned = send("13800138000");
        unsigned.setSignName("未报备单位");
        SendSmsRequest wrongParams = send("13800138000");
        wrongParams.setTemplateParamSet(new String[]{"只有一个"});

        assertThat(errorCode(() -> client.SendSms(unsigned))).isEqualTo("FailedOperation.SignatureIncorrectOrUnapproved");
        assertThat(errorCode(() -> client.SendSms(wrongParams))).isEqualTo("FailedOperation.TemplateParamSetNotMatchApprovedTemplate");
        assertThat(errorCode(() -> client.SendSms(send(IntStream.range(0, 201).mapToObj(i -> String.valueOf(13800000000L + i)).toArray(String[]::new)))))
                .isEqualTo("LimitExceeded.PhoneNumberCountLimit");
        server.failCall("RequestLimitExceeded");
        assertThat(errorCode(() -> client.SendSms(send("13800138000")))).isEqualTo("RequestLimitExceeded");
        server.failCall("InternalError");
        assertThat(errorCode(() -> client.SendSms(send("13800138000")))).isEqualTo("InternalError");
    }

    @Test
    void should_fail_with_http_502_when_told_to() throws Exception {
        server.failWithStatus(502);

        assertThat(errorCode(() -> client(SECRET_KEY).SendSms(send("13800138000")))).isEqualTo("ServerSideError");
        server.heal();
        assertThat(client(SECRET_KEY).SendSms(send("13800138000")).getSendStatusSet()[0].getCode()).isEqualTo("Ok");
    }

    @Test
    void should_hang_past_the_clients_read_timeout_when_told_to() {
        server.hang();

        assertThatThrownBy(() -> client(SECRET_KEY, 1).SendSms(send("13800138000")))
                .isInstanceOf(TencentCloudSDKException.class)
                .satisfies(e -> assertThat(VendorHttp.causes(e)).hasAtLeastOneElementOfType(SocketTimeoutException.class));
    }

    @Test
    void should_push_receipts_in_tencents_format_and_read_the_reply_tencent_expects() throws Exception {
        SendSmsResponse sent = client(SECRET_KEY).SendSms(send("13800138000", "13912345678"));
        List<TencentSmsServer.Report> reports = new ArrayList<>(server.deliveredReports(server.sendSmsCalls().get(0)));
        reports.set(1, reports.get(1).failed("MN:0001", "空号"));

        try (CallbackReceiver hub = CallbackReceiver.answering("{\"result\":0,\"errmsg\":\"OK\"}");
             CallbackReceiver wrong = CallbackReceiver.answering("{\"code\":0}")) {
            PushReply reply = server.pushReports(hub.uri("/callbacks/sms/tencent"), reports);

            assertThat(reply.acknowledged()).isTrue();
            CallbackReceiver.Push push = hub.pushes().get(0);
            assertThat(push.path()).isEqualTo("/callbacks/sms/tencent");
            assertThat(push.contentType()).startsWith("application/json");
            JsonNode batch = VendorHttp.JSON.readTree(push.body());
            assertThat(batch.isArray()).isTrue();
            List<String> fields = new ArrayList<>();
            batch.get(0).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("user_receive_time", "nationcode", "mobile", "report_status", "errmsg", "description", "sid");
            assertThat(batch.get(0).get("mobile").asText()).isEqualTo("13800138000");
            assertThat(batch.get(0).get("nationcode").asText()).isEqualTo("86");
            assertThat(batch.get(0).get("report_status").asText()).isEqualTo("SUCCESS");
            assertThat(batch.get(0).get("errmsg").asText()).isEqualTo("DELIVRD");
            assertThat(batch.get(0).get("sid").asText()).isEqualTo(sent.getSendStatusSet()[0].getSerialNo());
            assertThat(batch.get(1).get("report_status").asText()).isEqualTo("FAIL");
            assertThat(batch.get(1).get("errmsg").asText()).isEqualTo("MN:0001");

            assertThat(server.pushReports(wrong.uri("/callbacks/sms/tencent"), reports).acknowledged()).isFalse();
        }
    }

    @Test
    void should_accept_a_request_signed_by_hand_for_the_host_it_was_sent_to() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "{\"PhoneNumberSet\":[\"+8613800138000\"],\"SmsSdkAppId\":\"" + APP + "\",\"SignName\":\"" + SIGN
                + "\",\"TemplateId\":\"" + TEMPLATE + "\",\"TemplateParamSet\":[\"市局\",\"年报\",\"gk.nantong.gov.cn\"],\"SessionContext\":\"by hand\"}";

        HttpResponse<String> ok = HttpClient.newHttpClient().send(handSigned(body, now, "sms"), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode status = VendorHttp.JSON.readTree(ok.body()).path("Response").path("SendStatusSet").path(0);
        assertThat(status.path("Code").asText()).as(ok.body()).isEqualTo("Ok");
        assertThat(status.path("SessionContext").asText()).isEqualTo("by hand");
        assertThat(server.received().get(0).host()).isEqualTo(server.address());

        HttpResponse<String> otherService = HttpClient.newHttpClient().send(handSigned(body, now, "cvm"), HttpResponse.BodyHandlers.ofString());
        assertThat(VendorHttp.JSON.readTree(otherService.body()).at("/Response/Error/Code").asText()).isEqualTo("AuthFailure.SignatureFailure");

        HttpResponse<String> stale = HttpClient.newHttpClient().send(handSigned(body, now - 301, "sms"), HttpResponse.BodyHandlers.ofString());
        assertThat(VendorHttp.JSON.readTree(stale.body()).at("/Response/Error/Code").asText()).isEqualTo("AuthFailure.SignatureExpire");
    }

    /** TC3-HMAC-SHA256 as Tencent's "签名方法 v3" lays it out, written apart from the server's code. */
    private HttpRequest handSigned(String body, long timestamp, String service) throws Exception {
        String contentType = "application/json; charset=utf-8";
        String host = server.address();
        String canonicalRequest = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.ofEpochSecond(timestamp));
        String scope = date + "/" + service + "/tc3_request";
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(hmac(hmac(("TC3" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), date), service), "tc3_request");
        String signature = hex(hmac(key, stringToSign));
        return HttpRequest.newBuilder(URI.create("http://" + host + "/"))
                .header("Content-Type", contentType)
                .header("Authorization", "TC3-HMAC-SHA256 Credential=" + SECRET_ID + "/" + scope + ", SignedHeaders=content-type;host, Signature=" + signature)
                .header("X-TC-Action", "SendSms")
                .header("X-TC-Timestamp", String.valueOf(timestamp))
                .header("X-TC-Version", "2021-01-11")
                .header("X-TC-Region", REGION)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String yesterday(String day) {
        return java.time.LocalDate.parse(day).minusDays(1).toString();
    }

    private interface Call {
        void run() throws TencentCloudSDKException;
    }

    private static String errorCode(Call call) {
        try {
            call.run();
        } catch (TencentCloudSDKException e) {
            return e.getErrorCode();
        }
        throw new AssertionError("the call went through");
    }

    private static SendSmsRequest send(String... numbers) {
        SendSmsRequest request = new SendSmsRequest();
        request.setPhoneNumberSet(numbers);
        request.setSmsSdkAppId(APP);
        request.setSignName(SIGN);
        request.setTemplateId(TEMPLATE);
        request.setTemplateParamSet(Arrays.copyOf(PARAMS, PARAMS.length));
        return request;
    }

    /**
     * The official SDK as a transport must set it up against a local address: an endpoint whose first label is
     * {@code sms} (the SDK signs that label as the service), plain HTTP, and an OkHttp client whose DNS sends that name
     * to 127.0.0.1 and nothing else anywhere.
     */
    private SmsClient client(String secretKey) {
        return client(secretKey, 10);
    }

    private SmsClient client(String secretKey, int readTimeoutSeconds) {
        OkHttpClient loopback = new OkHttpClient.Builder()
                .dns(host -> {
                    if (host.equals(TencentSmsServer.SDK_HOST)) {
                        return List.of(InetAddress.getLoopbackAddress());
                    }
                    throw new UnknownHostException(host + ": only " + TencentSmsServer.SDK_HOST + " resolves in this test");
                })
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(readTimeoutSeconds, TimeUnit.SECONDS)
                .build();
        HttpProfile http = new HttpProfile();
        http.setEndpoint(server.sdkEndpoint());
        http.setProtocol(HttpProfile.REQ_HTTP);
        http.setHttpClient(loopback);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new SmsClient(new Credential(SECRET_ID, secretKey), REGION, profile);
    }
}

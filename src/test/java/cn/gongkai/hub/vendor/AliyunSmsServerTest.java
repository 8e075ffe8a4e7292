package cn.gongkai.hub.vendor;

import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.QuerySendDetailsRequest;
import com.aliyun.dysmsapi20170525.models.QuerySendDetailsResponse;
import com.aliyun.dysmsapi20170525.models.QuerySendDetailsResponseBody.QuerySendDetailsResponseBodySmsSendDetailDTOsSmsSendDetailDTO;
import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyun.dysmsapi20170525.models.SendSmsResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AliyunSmsServerTest {
    private static final String KEY_ID = "LTAI5tGongkaiHubTest01";
    private static final String SECRET = "gongkai-hub-aliyun-test-secret";
    private static final String SIGN = "南通市文广旅局";
    private static final String TEMPLATE = "SMS_480215001";
    private static final String TEXT = "${org}公开了《${title}》，详见${link}";
    private static final String PARAMS = "{\"org\":\"市文广旅局\",\"title\":\"2025年政府信息公开工作年度报告\",\"link\":\"gk.nantong.gov.cn/r/17\"}";

    private AliyunSmsServer server;

    @BeforeEach
    void start() {
        server = AliyunSmsServer.start(KEY_ID, SECRET).approveSign(SIGN).approveTemplate(TEMPLATE, TEXT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_accept_the_sdks_v3_signature_and_record_exactly_what_was_sent() throws Exception {
        SendSmsResponse response = client(SECRET, null).sendSms(send("13800138000,13912345678").setOutId("delivery-42"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody().getCode()).isEqualTo("OK");
        assertThat(response.getBody().getMessage()).isEqualTo("OK");
        assertThat(response.getBody().getBizId()).matches("\\d{15}\\^0");
        assertThat(response.getBody().getRequestId()).matches("[0-9A-F-]{36}");
        AliyunSmsServer.SendSmsCall call = server.call(response.getBody().getBizId());
        assertThat(call.style()).isEqualTo(AliyunSmsServer.SignatureStyle.V3_ACS3_HMAC_SHA256);
        assertThat(call.phoneNumbers()).containsExactly("13800138000", "13912345678");
        assertThat(call.signName()).isEqualTo(SIGN);
        assertThat(call.templateCode()).isEqualTo(TEMPLATE);
        assertThat(call.templateParams()).containsExactly(
                Map.entry("org", "市文广旅局"), Map.entry("title", "2025年政府信息公开工作年度报告"), Map.entry("link", "gk.nantong.gov.cn/r/17"));
        assertThat(call.outId()).isEqualTo("delivery-42");
        assertThat(call.content()).isEqualTo("【南通市文广旅局】市文广旅局公开了《2025年政府信息公开工作年度报告》，详见gk.nantong.gov.cn/r/17");
    }

    @Test
    void should_answer_signature_does_not_match_when_the_secret_is_wrong() {
        assertThatThrownBy(() -> client("not-the-secret", null).sendSms(send("13800138000")))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch");
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getData()).containsKeys("RequestId", "HostId", "Message");
                });
        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.style()).isEqualTo(AliyunSmsServer.SignatureStyle.V3_ACS3_HMAC_SHA256);
            assertThat(r.code()).isEqualTo("SignatureDoesNotMatch");
        });
        assertThat(server.sendSmsCalls()).singleElement().satisfies(c -> assertThat(c.bizId()).isNull());
    }

    @Test
    void should_answer_invalid_access_key_when_the_key_id_is_unknown() {
        Config config = config(SECRET, null).setAccessKeyId("LTAI5tSomeoneElse");
        assertThatThrownBy(() -> new Client(config).sendSms(send("13800138000")))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
                    assertThat(e.getStatusCode()).isEqualTo(404);
                });
    }

    @Test
    void should_accept_the_rpc_hmac_sha1_signature_when_the_sdk_is_switched_to_it() throws Exception {
        SendSmsResponse ok = client(SECRET, "v2").sendSms(send("13800138000"));

        assertThat(ok.getBody().getCode()).isEqualTo("OK");
        assertThat(server.call(ok.getBody().getBizId()).style()).isEqualTo(AliyunSmsServer.SignatureStyle.RPC_HMAC_SHA1);
        assertThatThrownBy(() -> client("not-the-secret", "v2").sendSms(send("13800138000")))
                .isInstanceOfSatisfying(TeaException.class, e -> assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void should_answer_sendsms_business_codes_with_http_200_as_the_sdk_parses_them() throws Exception {
        Client client = client(SECRET, null);
        server.failNumber("13900000001", "isv.BUSINESS_LIMIT_CONTROL");

        SendSmsResponse limited = client.sendSms(send("13800138000,13900000001"));
        assertThat(limited.getStatusCode()).isEqualTo(200);
        assertThat(limited.getBody().getCode()).isEqualTo("isv.BUSINESS_LIMIT_CONTROL");
        assertThat(limited.getBody().getMessage()).isEqualTo("触发天级流控Permits:10");
        assertThat(limited.getBody().getBizId()).isNull();

        assertThat(client.sendSms(send("1380013800")).getBody().getCode()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
        assertThat(client.sendSms(send("13800138000").setSignName("未报备单位")).getBody().getCode()).isEqualTo("isv.SMS_SIGNATURE_ILLEGAL");
        assertThat(client.sendSms(send("13800138000").setTemplateCode("SMS_000000")).getBody().getCode()).isEqualTo("isv.SMS_TEMPLATE_ILLEGAL");
        assertThat(client.sendSms(send("13800138000").setTemplateParam("{\"org\":1}")).getBody().getCode()).isEqualTo("isv.INVALID_JSON_PARAM");
        assertThat(client.sendSms(send("13800138000").setTemplateParam("{\"org\":\"市局\"}")).getBody().getCode()).isEqualTo("isv.TEMPLATE_MISSING_PARAMETERS");
        String thousandAndOne = IntStream.range(0, 1001).mapToObj(i -> String.valueOf(13800000000L + i)).collect(Collectors.joining(","));
        assertThat(client.sendSms(send(thousandAndOne)).getBody().getCode()).isEqualTo("isv.MOBILE_COUNT_OVER_LIMIT");
        server.failCall("isv.AMOUNT_NOT_ENOUGH");
        assertThat(client.sendSms(send("13800138000")).getBody().getCode()).isEqualTo("isv.AMOUNT_NOT_ENOUGH");
        assertThat(server.sendSmsCalls()).extracting(AliyunSmsServer.SendSmsCall::code).containsExactly(
                "isv.BUSINESS_LIMIT_CONTROL", "isv.MOBILE_NUMBER_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL", "isv.SMS_TEMPLATE_ILLEGAL",
                "isv.INVALID_JSON_PARAM", "isv.TEMPLATE_MISSING_PARAMETERS", "isv.MOBILE_COUNT_OVER_LIMIT", "isv.AMOUNT_NOT_ENOUGH");
    }

    @Test
    void should_throw_throttling_as_a_tea_exception_with_http_400() {
        server.failCall("Throttling.User");

        assertThatThrownBy(() -> client(SECRET, null).sendSms(send("13800138000")))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("Throttling.User");
                    assertThat(e.getStatusCode()).isEqualTo(400);
                });
    }

    @Test
    void should_answer_http_503_with_aliyuns_body_when_told_to_fail() throws Exception {
        server.failWithStatus(503);

        assertThatThrownBy(() -> client(SECRET, null).sendSms(send("13800138000")))
                .isInstanceOfSatisfying(TeaException.class, e -> {
                    assertThat(e.getCode()).isEqualTo("ServiceUnavailable");
                    assertThat(e.getStatusCode()).isEqualTo(503);
                });
        server.heal();
        assertThat(client(SECRET, null).sendSms(send("13800138000")).getBody().getCode()).isEqualTo("OK");
    }

    @Test
    void should_hang_past_the_clients_read_timeout_when_told_to() throws Exception {
        server.hang();
        Client impatient = new Client(config(SECRET, null).setReadTimeout(500));

        assertThatThrownBy(() -> impatient.sendSms(send("13800138000")))
                .satisfies(e -> assertThat(VendorHttp.causes(e)).hasAtLeastOneElementOfType(SocketTimeoutException.class));
    }

    @Test
    void should_push_sms_reports_in_aliyuns_format_and_read_the_reply_aliyun_expects() throws Exception {
        SendSmsResponse sent = client(SECRET, null).sendSms(send("13800138000,13912345678").setOutId("delivery-42"));
        AliyunSmsServer.SendSmsCall call = server.call(sent.getBody().getBizId());
        List<AliyunSmsServer.Report> reports = new ArrayList<>(server.deliveredReports(call));
        reports.set(1, reports.get(1).failed("MN:0001", "空号"));

        try (CallbackReceiver hub = CallbackReceiver.answering("{\"code\":0,\"msg\":\"成功\"}");
             CallbackReceiver wrong = CallbackReceiver.answering("{\"result\":0}")) {
            PushReply reply = server.pushReports(hub.uri("/callbacks/sms/aliyun"), reports);

            assertThat(reply.acknowledged()).isTrue();
            CallbackReceiver.Push push = hub.pushes().get(0);
            assertThat(push.path()).isEqualTo("/callbacks/sms/aliyun");
            assertThat(push.contentType()).startsWith("application/json");
            JsonNode batch = VendorHttp.JSON.readTree(push.body());
            assertThat(batch.isArray()).isTrue();
            assertThat(batch).hasSize(2);
            List<String> fields = new ArrayList<>();
            batch.get(0).fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("phone_number", "send_time", "report_time", "success", "err_code", "err_msg", "sms_size", "biz_id", "out_id");
            assertThat(batch.get(0).get("phone_number").asText()).isEqualTo("13800138000");
            assertThat(batch.get(0).get("success").isBoolean()).isTrue();
            assertThat(batch.get(0).get("err_code").asText()).isEqualTo("DELIVERED");
            assertThat(batch.get(0).get("sms_size").isTextual()).isTrue();
            assertThat(batch.get(0).get("biz_id").asText()).isEqualTo(call.bizId());
            assertThat(batch.get(0).get("out_id").asText()).isEqualTo("delivery-42");
            assertThat(batch.get(0).get("send_time").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(batch.get(1).get("success").asBoolean()).isFalse();
            assertThat(batch.get(1).get("err_code").asText()).isEqualTo("MN:0001");

            assertThat(server.pushReports(wrong.uri("/callbacks/sms/aliyun"), reports).acknowledged()).isFalse();
        }
    }

    @Test
    void should_answer_query_send_details_with_the_pushed_status() throws Exception {
        Client client = client(SECRET, null);
        SendSmsResponse sent = client.sendSms(send("13800138000,13912345678").setOutId("delivery-42"));
        AliyunSmsServer.SendSmsCall call = server.call(sent.getBody().getBizId());
        String today = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneId.of("Asia/Shanghai")).format(Instant.now());

        assertThat(details(client, "13800138000", today)).singleElement().satisfies(d -> assertThat(d.getSendStatus()).isEqualTo(1L));
        List<AliyunSmsServer.Report> reports = new ArrayList<>(server.deliveredReports(call));
        reports.set(1, reports.get(1).failed("MN:0001", "空号"));
        try (CallbackReceiver hub = CallbackReceiver.answering("{\"code\":0,\"msg\":\"成功\"}")) {
            server.pushReports(hub.uri("/callbacks/sms/aliyun"), reports);
        }

        assertThat(details(client, "13800138000", today)).singleElement().satisfies(d -> {
            assertThat(d.getSendStatus()).isEqualTo(3L);
            assertThat(d.getErrCode()).isEqualTo("DELIVERED");
            assertThat(d.getTemplateCode()).isEqualTo(TEMPLATE);
            assertThat(d.getOutId()).isEqualTo("delivery-42");
            assertThat(d.getContent()).startsWith("【南通市文广旅局】");
        });
        assertThat(details(client, "13912345678", today)).singleElement().satisfies(d -> {
            assertThat(d.getSendStatus()).isEqualTo(2L);
            assertThat(d.getErrCode()).isEqualTo("MN:0001");
        });
    }

    @Test
    void should_accept_a_request_signed_by_hand_as_the_v3_docs_describe() throws Exception {
        Map<String, String> query = new TreeMap<>(Map.of("PhoneNumbers", "13800138000", "SignName", SIGN,
                "TemplateCode", TEMPLATE, "TemplateParam", PARAMS, "OutId", "hand signed*~"));
        String nonce = UUID.randomUUID().toString();

        HttpResponse<String> ok = HttpClient.newHttpClient().send(handSignedV3(query, nonce, SECRET, query), HttpResponse.BodyHandlers.ofString());
        assertThat(VendorHttp.JSON.readTree(ok.body()).get("Code").asText()).as(ok.body()).isEqualTo("OK");
        assertThat(server.sendSmsCalls().get(0).outId()).isEqualTo("hand signed*~");

        HttpResponse<String> replayed = HttpClient.newHttpClient().send(handSignedV3(query, nonce, SECRET, query), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(VendorHttp.JSON.readTree(replayed.body()).get("Code").asText()).isEqualTo("SignatureNonceUsed");

        Map<String, String> otherNumber = new TreeMap<>(query);
        otherNumber.put("PhoneNumbers", "13800138001");
        HttpRequest tampered = handSignedV3(query, UUID.randomUUID().toString(), SECRET, otherNumber);
        HttpResponse<String> refused = HttpClient.newHttpClient().send(tampered, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(VendorHttp.JSON.readTree(refused.body()).get("Code").asText()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void should_accept_a_get_request_signed_by_hand_as_the_rpc_docs_describe() throws Exception {
        Map<String, String> params = new TreeMap<>(Map.of("PhoneNumbers", "13800138000", "SignName", SIGN,
                "TemplateCode", TEMPLATE, "TemplateParam", PARAMS, "OutId", "hand signed*~"));
        params.putAll(Map.of("Action", "SendSms", "Version", "2017-05-25", "Format", "JSON", "AccessKeyId", KEY_ID,
                "SignatureMethod", "HMAC-SHA1", "SignatureVersion", "1.0", "SignatureNonce", UUID.randomUUID().toString(),
                "Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        String canonical = params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        String stringToSign = "GET&" + encode("/") + "&" + encode(canonical);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((SECRET + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        URI uri = URI.create("http://" + server.address() + "/?Signature=" + encode(signature) + "&" + canonical);

        HttpResponse<String> ok = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(VendorHttp.JSON.readTree(ok.body()).get("Code").asText()).as(ok.body()).isEqualTo("OK");
        assertThat(server.sendSmsCalls().get(0).style()).isEqualTo(AliyunSmsServer.SignatureStyle.RPC_HMAC_SHA1);
        assertThat(server.sendSmsCalls().get(0).outId()).isEqualTo("hand signed*~");
    }

    /** V3 exactly as Aliyun's "V3版本请求体&签名机制" lays it out, written apart from the server's code. */
    private HttpRequest handSignedV3(Map<String, String> query, String nonce, String secret, Map<String, String> sentQuery) throws Exception {
        String canonicalQuery = canonical(query);
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String hashedPayload = hex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        Map<String, String> headers = new TreeMap<>(Map.of("host", server.address(), "x-acs-action", "SendSms",
                "x-acs-version", "2017-05-25", "x-acs-date", date, "x-acs-signature-nonce", nonce, "x-acs-content-sha256", hashedPayload));
        String canonicalHeaders = headers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().trim() + "\n").collect(Collectors.joining());
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = "POST\n/\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + hashedPayload;
        String stringToSign = "ACS3-HMAC-SHA256\n" + hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server.address() + "/?" + canonical(sentQuery)))
                .header("Authorization", "ACS3-HMAC-SHA256 Credential=" + KEY_ID + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature)
                .POST(HttpRequest.BodyPublishers.noBody());
        // java.net.http sends Host itself (127.0.0.1:port, the value signed above)
        headers.forEach((name, value) -> {
            if (!name.equals("host")) {
                request.header(name, value);
            }
        });
        return request.build();
    }

    private static String canonical(Map<String, String> query) {
        return new TreeMap<>(query).entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
    }

    private List<QuerySendDetailsResponseBodySmsSendDetailDTOsSmsSendDetailDTO> details(Client client, String phone, String day) throws Exception {
        QuerySendDetailsResponse response = client.querySendDetails(new QuerySendDetailsRequest()
                .setPhoneNumber(phone).setSendDate(day).setPageSize(10L).setCurrentPage(1L));
        assertThat(response.getBody().getCode()).isEqualTo("OK");
        return response.getBody().getSmsSendDetailDTOs().getSmsSendDetailDTO();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static SendSmsRequest send(String numbers) {
        return new SendSmsRequest().setPhoneNumbers(numbers).setSignName(SIGN).setTemplateCode(TEMPLATE).setTemplateParam(PARAMS);
    }

    private Client client(String secret, String signatureAlgorithm) throws Exception {
        return new Client(config(secret, signatureAlgorithm));
    }

    /** What the SDK needs to reach this server: the endpoint as host:port, plain HTTP, the key pair. */
    private Config config(String secret, String signatureAlgorithm) {
        return new Config().setAccessKeyId(KEY_ID).setAccessKeySecret(secret)
                .setEndpoint(server.address()).setProtocol("HTTP")
                .setConnectTimeout(5_000).setReadTimeout(10_000)
                .setSignatureAlgorithm(signatureAlgorithm);
    }
}

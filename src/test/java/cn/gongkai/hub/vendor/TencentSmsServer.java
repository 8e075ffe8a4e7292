package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Tencent Cloud API 3.0 endpoint for SMS {@code SendSms} (version 2021-01-11) that checks the TC3-HMAC-SHA256
 * signature as the API gateway does, answers with Tencent's per-number and whole-call codes, and pushes delivery
 * receipts (SMS 下发状态回调) to a callback URL.
 *
 * <p><b>Signature, as Tencent documents it and as this server checks it.</b> Canonical request
 * {@code POST\n/\n\n<CanonicalHeaders>\n<SignedHeaders>\nhex(sha256(body))} (the query string is empty for POST); the
 * canonical headers are the {@code SignedHeaders} of the Authorization header (which must include {@code content-type}
 * and {@code host}), each {@code name:value\n} with name and value lower-cased and trimmed, the value taken from the
 * header the client actually sent, so {@code host} is the {@code Host} that arrived. String to sign
 * {@code TC3-HMAC-SHA256\n<X-TC-Timestamp>\n<yyyy-MM-dd of that timestamp, UTC>/sms/tc3_request\nhex(sha256(canonicalRequest))};
 * key {@code HMAC(HMAC(HMAC("TC3" + SecretKey, date), "sms"), "tc3_request")}; signature the lower-case hex HMAC-SHA256
 * of the string to sign. The service is always {@code sms}, whatever host the request came to. A timestamp more
 * than 5 minutes off is {@code AuthFailure.SignatureExpire}. Every refusal comes, as in Tencent's API, with HTTP 200
 * and {@code {"Response":{"Error":{"Code","Message"},"RequestId"}}}, which the SDK throws as
 * {@code TencentCloudSDKException} with {@code getErrorCode()} that code.
 *
 * <p><b>What the official SDK signs against a loopback endpoint.</b> {@code tencentcloud-sdk-java-common} 3.1.1281,
 * {@code com.tencentcloudapi.common.AbstractClient.doRequestWithTC3}: {@code endpoint} is
 * {@code HttpProfile.getEndpoint()} when set (else {@code sms.tencentcloudapi.com}); it signs
 * {@code host:<endpoint>} and sends {@code Host: <endpoint>}, both including any {@code :port}; and it takes the
 * service for the credential scope and the key from {@code endpoint.split("\\.")[0]}, the endpoint's first label. With
 * {@code HttpProfile.setEndpoint("127.0.0.1:" + port)} it therefore signs service {@code 127}
 * ({@code <date>/127/tc3_request}), which Tencent (and this server) reject as {@code AuthFailure.SignatureFailure}.
 * {@code HttpProfile.setApigwEndpoint} does not help: it sends {@code Host: <apigw endpoint>} but signs the other host.
 * To sign correctly against a local address a client must give the SDK an endpoint whose first label is {@code sms}
 * and make that name reach the local address: {@link #sdkEndpoint()} ({@code sms.invalid:<port>}, a name that never
 * resolves in DNS) with {@code HttpProfile.setHttpClient(OkHttpClient)} whose {@code okhttp3.Dns} answers
 * 127.0.0.1 for it (the SDK then uses that client as it is, timeouts included); plus
 * {@code HttpProfile.setProtocol("http://")}, a region ({@code ap-guangzhou}, {@code ap-beijing} or
 * {@code ap-nanjing}) and the SecretId/SecretKey. A client that signs by hand just signs the Host it sends.
 */
public final class TencentSmsServer extends FakeVendorServer {
    public static final String SERVICE = "sms";
    public static final String VERSION = "2021-01-11";
    public static final int MAX_NUMBERS = 200;
    /** The host {@link #sdkEndpoint()} names: {@code .invalid} never resolves, so a missing DNS override fails loudly. */
    public static final String SDK_HOST = "sms.invalid";
    private static final Set<String> REGIONS = Set.of("ap-beijing", "ap-guangzhou", "ap-nanjing");
    private static final long SKEW_SECONDS = 300;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));
    private static final Pattern MOBILE = Pattern.compile("(?:\\+86)?(1[3-9]\\d{9})");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/]+)/([^/]+)/([^/]+)/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)");

    /** Tencent's whole-call codes this server answers with (in {@code Response.Error}), and their messages. */
    public static final Map<String, String> CALL_ERRORS = Map.ofEntries(
            Map.entry("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct."),
            Map.entry("AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ by more than 5 minutes."),
            Map.entry("AuthFailure.SecretIdNotFound", "The SecretId is not found, please ensure that your SecretId is correct."),
            Map.entry("AuthFailure.InvalidAuthorization", "The Authorization header does not conform to the Tencent Cloud standard."),
            Map.entry("InvalidAction", "The requested action does not exist."),
            Map.entry("NoSuchVersion", "The requested version does not exist."),
            Map.entry("UnsupportedOperation.UnsupportedRegion", "The region is not supported by SMS."),
            Map.entry("MissingParameter", "A required parameter is missing."),
            Map.entry("MissingParameter.EmptyPhoneNumberSet", "The PhoneNumberSet is empty."),
            Map.entry("FailedOperation.JsonParseFail", "Failed to parse the request body as JSON."),
            Map.entry("LimitExceeded.PhoneNumberCountLimit", "The number of phone numbers in one request exceeds the limit of 200."),
            Map.entry("InvalidParameterValue.SdkAppIdNotExist", "The SmsSdkAppId does not exist."),
            Map.entry("FailedOperation.SignatureIncorrectOrUnapproved", "The signature is incorrect or unapproved."),
            Map.entry("FailedOperation.TemplateIncorrectOrUnapproved", "The template ID is incorrect or the template is unapproved."),
            Map.entry("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "The TemplateParamSet does not match the approved template."),
            Map.entry("FailedOperation.InsufficientBalanceInSmsPackage", "The balance of the SMS package is insufficient."),
            Map.entry("RequestLimitExceeded", "Your current request times exceeds the frequency limit for a second. Please reduce the frequency of calls."),
            Map.entry("InternalError", "An internal error has occurred. Retry your request, but if the problem persists, contact us."));

    /** Tencent's per-number codes (in {@code SendStatusSet[].Code}) and their messages. */
    public static final Map<String, String> NUMBER_CODES = Map.of(
            "Ok", "send success",
            "InvalidParameterValue.IncorrectPhoneNumber", "invalid phone number",
            "LimitExceeded.PhoneNumberDailyLimit", "the number of SMS messages sent from a single mobile number every day exceeds the upper limit",
            "LimitExceeded.PhoneNumberThirtySecondLimit", "the number of SMS messages sent from a single mobile number within 30 seconds exceeds the upper limit",
            "LimitExceeded.PhoneNumberOneHourLimit", "the number of SMS messages sent from a single mobile number within 1 hour exceeds the upper limit",
            "FailedOperation.PhoneNumberInBlacklist", "the mobile number is in the blocklist");

    /**
     * One request as the gateway saw it.
     *
     * @param signedScope the credential scope the client signed ({@code date/service/tc3_request}), when it sent one
     * @param detail      on a refused signature, the canonical request the server computed
     */
    public record Received(Instant at, String action, String host, String signedScope, String code, String detail) {
    }

    /** One entry of {@code SendStatusSet}, named as Tencent names it. */
    @JsonPropertyOrder({"SerialNo", "PhoneNumber", "Fee", "SessionContext", "Code", "Message", "IsoCode"})
    public record SendStatus(@JsonProperty("SerialNo") String serialNo,
                             @JsonProperty("PhoneNumber") String phoneNumber,
                             @JsonProperty("Fee") long fee,
                             @JsonProperty("SessionContext") String sessionContext,
                             @JsonProperty("Code") String code,
                             @JsonProperty("Message") String message,
                             @JsonProperty("IsoCode") String isoCode) {
    }

    /**
     * One SendSms request, decoded, with what this server answered.
     *
     * @param code     {@code Ok} when the call was accepted (then see {@code statuses}), or the whole-call error code
     * @param content  the text the phones get (【sign】 + filled template), or null when refused
     */
    public record SendSmsCall(Instant at, String region, List<String> phoneNumbers, String smsSdkAppId, String signName,
                              String templateId, List<String> templateParams, String sessionContext, String extendCode,
                              String senderId, String code, List<SendStatus> statuses, String requestId, String content) {
    }

    /** One receipt of the status callback, named as Tencent pushes it. */
    @JsonPropertyOrder({"user_receive_time", "nationcode", "mobile", "report_status", "errmsg", "description", "sid"})
    public record Report(@JsonProperty("user_receive_time") String userReceiveTime,
                         @JsonProperty("nationcode") String nationcode,
                         @JsonProperty("mobile") String mobile,
                         @JsonProperty("report_status") String reportStatus,
                         @JsonProperty("errmsg") String errmsg,
                         @JsonProperty("description") String description,
                         @JsonProperty("sid") String sid) {
        /** The same message, not received: a carrier status such as {@code MN:0001} and its description. */
        public Report failed(String carrierCode, String why) {
            return new Report(userReceiveTime, nationcode, mobile, "FAIL", carrierCode, why, sid);
        }
    }

    private final String secretId;
    private final String secretKey;
    private final Set<String> appIds = ConcurrentHashMap.newKeySet();
    private final Set<String> signs = ConcurrentHashMap.newKeySet();
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final Map<String, String> numberCodes = new ConcurrentHashMap<>();
    private volatile String callCode;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<SendSmsCall> sendSmsCalls = new CopyOnWriteArrayList<>();

    private TencentSmsServer(String secretId, String secretKey) {
        this.secretId = secretId;
        this.secretKey = secretKey;
    }

    /** Starts a server that knows one SecretId/SecretKey pair. */
    public static TencentSmsServer start(String secretId, String secretKey) {
        return new TencentSmsServer(secretId, secretKey);
    }

    /** The endpoint to give the official SDK ({@code sms.invalid:port}): see the class comment for the DNS override it needs. */
    public String sdkEndpoint() {
        return SDK_HOST + ":" + port();
    }

    public TencentSmsServer approveApp(String smsSdkAppId) {
        appIds.add(smsSdkAppId);
        return this;
    }

    /** An approved signature, without 【】. */
    public TencentSmsServer approveSign(String signName) {
        signs.add(signName);
        return this;
    }

    /** An approved template: its ID and text with {@code {1}}, {@code {2}} ... placeholders. */
    public TencentSmsServer approveTemplate(String templateId, String text) {
        templates.put(templateId, text);
        return this;
    }

    /** This number's entry in {@code SendStatusSet} carries this code (one of {@link #NUMBER_CODES}); the others go. */
    public void failNumber(String phoneNumber, String code) {
        if (!NUMBER_CODES.containsKey(code)) {
            throw new IllegalArgumentException("not a per-number code this server knows: " + code + "; known: " + new TreeMap<>(NUMBER_CODES).keySet());
        }
        numberCodes.put(national(phoneNumber), code);
    }

    /** Every SendSms call answers with this whole-call error (one of {@link #CALL_ERRORS}) until {@link #heal()}. */
    public void failCall(String code) {
        if (!CALL_ERRORS.containsKey(code)) {
            throw new IllegalArgumentException("not a whole-call code this server knows: " + code + "; known: " + new TreeMap<>(CALL_ERRORS).keySet());
        }
        callCode = code;
    }

    @Override
    public void heal() {
        super.heal();
        callCode = null;
        numberCodes.clear();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<SendSmsCall> sendSmsCalls() {
        return List.copyOf(sendSmsCalls);
    }

    /** A delivered receipt for every number of the call that was answered {@code Ok}, dated now. */
    public List<Report> deliveredReports(SendSmsCall call) {
        String now = TIME.format(Instant.now());
        return call.statuses().stream().filter(s -> s.code().equals("Ok"))
                .map(s -> new Report(now, "86", national(s.phoneNumber()), "SUCCESS", "DELIVRD", "用户短信送达成功", s.serialNo()))
                .toList();
    }

    /**
     * POSTs one receipt batch (a JSON array) to the callback, as Tencent's status callback does. Tencent takes the batch
     * as received when the reply is {@code {"result":0,"errmsg":"OK"}} (only {@code result == 0} is read).
     */
    public PushReply pushReports(URI callback, List<Report> reports) {
        return VendorHttp.push(callback, reports, "result");
    }

    @Override
    void answerStatus(HttpExchange exchange, int status) throws IOException {
        // a gateway in front of the API answers 5xx with an HTML page; the SDK reads only the status
        VendorHttp.send(exchange, status, "text/html", ("<html><body><h1>" + status + "</h1></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String action = header(exchange, "X-TC-Action");
        String host = header(exchange, "Host");
        String authorization = header(exchange, "Authorization");
        Matcher auth = authorization == null ? null : AUTHORIZATION.matcher(authorization);
        String scope = auth != null && auth.matches() ? auth.group(2) + "/" + auth.group(3) + "/tc3_request" : null;

        Refusal refusal = check(exchange, auth, body);
        if (refusal == null && !"SendSms".equals(action)) {
            refusal = new Refusal("InvalidAction", "The requested action `" + action + "` does not exist.");
        }
        if (refusal == null && !VERSION.equals(header(exchange, "X-TC-Version"))) {
            refusal = Refusal.of("NoSuchVersion");
        }
        if (refusal == null && !REGIONS.contains(header(exchange, "X-TC-Region"))) {
            refusal = Refusal.of("UnsupportedOperation.UnsupportedRegion");
        }
        JsonNode request = null;
        if (refusal == null) {
            try {
                request = VendorHttp.JSON.readTree(body);
            } catch (IOException e) {
                request = null;
            }
            if (request == null || !request.isObject()) {
                refusal = Refusal.of("FailedOperation.JsonParseFail");
            }
        }
        if (refusal != null) {
            received.add(new Received(Instant.now(), action, host, scope, refusal.code(), refusal.detail()));
            if ("SendSms".equals(action)) {
                JsonNode decoded = request;
                if (decoded == null) {
                    try {
                        decoded = VendorHttp.JSON.readTree(body);
                    } catch (IOException e) {
                        decoded = null;
                    }
                }
                sendSmsCalls.add(call(exchange, decoded, refusal.code(), List.of(), requestId, null));
            }
            answerError(exchange, refusal.code(), refusal.message(), requestId);
            return;
        }
        sendSms(exchange, request, requestId, host, scope);
    }

    /**
     * Why the gateway refuses a request.
     *
     * @param detail for a test's failure message: the canonical request the server computed, or null
     */
    private record Refusal(String code, String message, String detail) {
        Refusal(String code, String message) {
            this(code, message, null);
        }

        static Refusal of(String code) {
            return new Refusal(code, CALL_ERRORS.get(code));
        }
    }

    /** The signature check: null when it passes. */
    private Refusal check(HttpExchange exchange, Matcher auth, byte[] body) {
        if (auth == null || !auth.matches()) {
            return Refusal.of("AuthFailure.InvalidAuthorization");
        }
        if (!secretId.equals(auth.group(1))) {
            return Refusal.of("AuthFailure.SecretIdNotFound");
        }
        List<String> signed = Arrays.asList(auth.group(4).split(";"));
        if (!signed.contains("content-type") || !signed.contains("host")) {
            return new Refusal("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(header(exchange, "X-TC-Timestamp"));
        } catch (NumberFormatException e) {
            return new Refusal("MissingParameter", "The X-TC-Timestamp header is missing or not a Unix time.");
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > SKEW_SECONDS) {
            return Refusal.of("AuthFailure.SignatureExpire");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().toList()) {
            String value = header(exchange, name);
            canonicalHeaders.append(name).append(':').append(value == null ? "" : value.trim().toLowerCase(Locale.ROOT)).append('\n');
        }
        String canonicalRequest = exchange.getRequestMethod() + "\n/\n\n" + canonicalHeaders + "\n" + auth.group(4) + "\n" + VendorHttp.sha256Hex(body);
        String date = DATE.format(Instant.ofEpochSecond(timestamp));
        String scope = date + "/" + SERVICE + "/tc3_request";
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + VendorHttp.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] kDate = VendorHttp.hmac("HmacSHA256", ("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kService = VendorHttp.hmac("HmacSHA256", kDate, SERVICE);
        byte[] kSigning = VendorHttp.hmac("HmacSHA256", kService, "tc3_request");
        String expected = HexFormat.of().formatHex(VendorHttp.hmac("HmacSHA256", kSigning, stringToSign));
        if (!VendorHttp.sameSignature(expected, auth.group(5))) {
            return new Refusal("AuthFailure.SignatureFailure", CALL_ERRORS.get("AuthFailure.SignatureFailure"),
                    "expected scope " + scope + "\ncanonical request:\n" + canonicalRequest);
        }
        return null;
    }

    private void sendSms(HttpExchange exchange, JsonNode request, String requestId, String host, String scope) throws IOException {
        String code = callCode(request);
        if (code != null) {
            received.add(new Received(Instant.now(), "SendSms", host, scope, code, null));
            sendSmsCalls.add(call(exchange, request, code, List.of(), requestId, null));
            answerError(exchange, code, CALL_ERRORS.get(code), requestId);
            return;
        }
        List<String> params = strings(request.path("TemplateParamSet"));
        String content = "【" + request.path("SignName").asText() + "】" + fill(templates.get(request.path("TemplateId").asText()), params);
        String session = request.path("SessionContext").asText("");
        List<SendStatus> statuses = new ArrayList<>();
        for (String phone : strings(request.path("PhoneNumberSet"))) {
            Matcher m = MOBILE.matcher(phone.strip());
            String numberCode = m.matches() ? numberCodes.getOrDefault(m.group(1), "Ok") : "InvalidParameterValue.IncorrectPhoneNumber";
            String e164 = m.matches() ? "+86" + m.group(1) : phone;
            boolean ok = numberCode.equals("Ok");
            String serial = ok ? "2433:" + ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, Long.MAX_VALUE) : "";
            statuses.add(new SendStatus(serial, e164, ok ? VendorHttp.parts(content) : 0, session, numberCode, NUMBER_CODES.get(numberCode), m.matches() ? "CN" : "def"));
        }
        sendSmsCalls.add(call(exchange, request, "Ok", statuses, requestId, content));
        received.add(new Received(Instant.now(), "SendSms", host, scope, "Ok", null));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("SendStatusSet", statuses);
        response.put("RequestId", requestId);
        VendorHttp.sendJson(exchange, 200, Map.of("Response", response));
    }

    /** The first reason Tencent would refuse the whole call, or null. */
    private String callCode(JsonNode request) {
        for (String required : List.of("PhoneNumberSet", "SmsSdkAppId", "TemplateId")) {
            if (request.path(required).isMissingNode() || request.path(required).isNull()) {
                return "MissingParameter";
            }
        }
        if (callCode != null) {
            return callCode;
        }
        List<String> numbers = strings(request.path("PhoneNumberSet"));
        if (numbers.isEmpty()) {
            return "MissingParameter.EmptyPhoneNumberSet";
        }
        if (numbers.size() > MAX_NUMBERS) {
            return "LimitExceeded.PhoneNumberCountLimit";
        }
        if (!appIds.contains(request.path("SmsSdkAppId").asText())) {
            return "InvalidParameterValue.SdkAppIdNotExist";
        }
        // SignName may be left out only for international messages, which this server does not send
        if (!signs.contains(request.path("SignName").asText())) {
            return "FailedOperation.SignatureIncorrectOrUnapproved";
        }
        String template = templates.get(request.path("TemplateId").asText());
        if (template == null) {
            return "FailedOperation.TemplateIncorrectOrUnapproved";
        }
        if (strings(request.path("TemplateParamSet")).size() != placeholders(template)) {
            return "FailedOperation.TemplateParamSetNotMatchApprovedTemplate";
        }
        return null;
    }

    private SendSmsCall call(HttpExchange exchange, JsonNode request, String code, List<SendStatus> statuses, String requestId, String content) {
        JsonNode r = request == null ? VendorHttp.JSON.createObjectNode() : request;
        return new SendSmsCall(Instant.now(), header(exchange, "X-TC-Region"), strings(r.path("PhoneNumberSet")),
                text(r, "SmsSdkAppId"), text(r, "SignName"), text(r, "TemplateId"), strings(r.path("TemplateParamSet")),
                text(r, "SessionContext"), text(r, "ExtendCode"), text(r, "SenderId"), code, List.copyOf(statuses), requestId, content);
    }

    private static void answerError(HttpExchange exchange, String code, String message, String requestId) throws IOException {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Error", Map.of("Code", code, "Message", message));
        response.put("RequestId", requestId);
        VendorHttp.sendJson(exchange, 200, Map.of("Response", response));
    }

    private static int placeholders(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    private static String fill(String template, List<String> params) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(params.get(Integer.parseInt(m.group(1)) - 1)));
        }
        return m.appendTail(out).toString();
    }

    private static String national(String phone) {
        Matcher m = MOBILE.matcher(phone.strip());
        return m.matches() ? m.group(1) : phone.strip();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }
}

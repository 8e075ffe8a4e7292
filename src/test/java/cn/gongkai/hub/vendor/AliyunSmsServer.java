package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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
import java.util.stream.Collectors;

/**
 * A local Aliyun Dysmsapi 2017-05-25 endpoint ({@code SendSms}, {@code QuerySendDetails}) that checks each request's
 * signature as Aliyun's RPC gateway does, answers with Aliyun's error codes and bodies, and pushes SmsReport receipt
 * batches to a callback URL.
 *
 * <p><b>Signatures.</b> The official SDK ({@code com.aliyun:dysmsapi20170525} 4.1.2 on {@code tea-openapi} 0.3.8)
 * signs with V3 by default: {@code com.aliyun.teaopenapi.Client.callApi} goes to {@code doRequest} unless
 * {@code Config.signatureVersion} is {@code "v4"} or {@code Config.signatureAlgorithm} is {@code "v2"}, and
 * {@code doRequest} takes {@code ACS3-HMAC-SHA256} when no algorithm is set. {@code com.aliyun.openapiutil.Client.getAuthorization}
 * (openapiutil 0.2.2) builds the canonical request
 * {@code METHOD\n/\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nhex(sha256(body))}: the query sorted by name, names
 * and values percent-encoded (RFC 3986: space {@code %20}, {@code *} {@code %2A}, {@code ~} kept); every {@code x-acs-*}
 * header plus {@code host} and {@code content-type}, lower-cased, values trimmed, sorted. It signs
 * {@code ACS3-HMAC-SHA256\nhex(sha256(canonicalRequest))} with HMAC-SHA256 keyed by the AccessKeySecret, and sends
 * {@code Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b>,Signature=<hex>} with
 * {@code x-acs-action}, {@code x-acs-version}, {@code x-acs-date} (UTC {@code yyyy-MM-ddTHH:mm:ssZ}),
 * {@code x-acs-signature-nonce} and {@code x-acs-content-sha256}. SendSms's parameters travel in the query string
 * (URL-encoded with {@code +} for spaces), the body is empty. This server verifies exactly that, with the hash of the
 * body it received, and rejects a header left out of SignedHeaders, a date more than 15 minutes off and a nonce seen
 * before.
 *
 * <p>With {@code Config.signatureAlgorithm = "v2"} the SDK takes {@code doRPCRequest} instead: the RPC HMAC-SHA1
 * query signature ({@code SignatureMethod=HMAC-SHA1}, {@code SignatureVersion=1.0}, {@code Timestamp},
 * {@code SignatureNonce}, {@code AccessKeyId}, {@code Format}, {@code Action}, {@code Version} in the query;
 * {@code Signature = base64(HMAC-SHA1(secret + "&", METHOD & %2F & encode(sorted query)))}, empty values left out as
 * {@code openapiutil.Client.getRPCSignature} does). This server accepts that too.
 *
 * <p><b>Answers.</b> A request the gateway refuses gets an HTTP 4xx with {@code {RequestId, HostId, Code, Message}}
 * ({@code SignatureDoesNotMatch} 400, {@code InvalidAccessKeyId.NotFound} 404, {@code SignatureNonceUsed} 400,
 * {@code InvalidTimeStamp.Expired} 400, {@code Throttling.User} 400, {@code MissingPhoneNumbers} 400 ...), which the
 * SDK throws as a {@code TeaException} with that code. SendSms's business errors ({@code isv.*}) come with HTTP 200 and
 * {@code {Code, Message, RequestId}}, which the SDK returns as a response whose {@code body.code} is not {@code OK}.
 * SendSms answers for the whole call: one number that fails makes the call fail with its code.
 *
 * <p>To point the SDK here: {@code Config.endpoint = server.address()} ({@code 127.0.0.1:port}),
 * {@code Config.protocol = "HTTP"}, the AccessKey pair; the region is not needed once the endpoint is set.
 */
public final class AliyunSmsServer extends FakeVendorServer {
    public static final String VERSION = "2017-05-25";
    public static final int MAX_NUMBERS = 1000;
    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BEIJING);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(BEIJING);
    private static final Pattern MOBILE = Pattern.compile("(?:\\+?86|0086)?(1[3-9]\\d{9})");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    private static final String ACS3 = "ACS3-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)");

    /** Aliyun's codes this server can answer with, their HTTP status and Aliyun's message. */
    public static final Map<String, Error> ERRORS = Map.ofEntries(
            error("isv.MOBILE_NUMBER_ILLEGAL", 200, "非法手机号"),
            error("isv.MOBILE_COUNT_OVER_LIMIT", 200, "手机号码数量超过限制，最多支持1000条"),
            error("isv.BUSINESS_LIMIT_CONTROL", 200, "触发天级流控Permits:10"),
            error("isv.AMOUNT_NOT_ENOUGH", 200, "账户余额不足"),
            error("isv.SMS_SIGNATURE_ILLEGAL", 200, "该账号下找不到对应签名"),
            error("isv.SMS_TEMPLATE_ILLEGAL", 200, "该账号下找不到对应模板"),
            error("isv.TEMPLATE_PARAMS_ILLEGAL", 200, "模板变量里包含非法关键字"),
            error("isv.TEMPLATE_MISSING_PARAMETERS", 200, "模板变量缺少对应参数值"),
            error("isv.INVALID_JSON_PARAM", 200, "JSON参数不合法，只接受字符串值"),
            error("isv.OUT_OF_SERVICE", 200, "业务停机"),
            error("Throttling.User", 400, "Request was denied due to user flow control."),
            error("SignatureDoesNotMatch", 400, "Specified signature does not match our calculation."),
            error("IncompleteSignature", 400, "The request signature does not conform to Aliyun standards."),
            error("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."),
            error("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
            error("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."),
            error("InvalidVersion", 400, "Specified parameter Version is not valid."),
            error("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method."),
            error("MissingParameter", 400, "A required parameter is not supplied."),
            error("InternalError", 500, "The request processing has failed due to some unknown error, exception or failure."),
            error("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."));

    /** How a request was signed. */
    public enum SignatureStyle { V3_ACS3_HMAC_SHA256, RPC_HMAC_SHA1, NONE }

    /** An Aliyun error: the HTTP status it comes with and Aliyun's message. */
    public record Error(int status, String message) {
    }

    /**
     * One request as the gateway saw it.
     *
     * @param detail on a refused signature, the string to sign the server computed (for a test's failure message)
     */
    public record Received(Instant at, String action, SignatureStyle style, int status, String code, String detail) {
    }

    /**
     * One SendSms request, decoded, with what this server answered.
     *
     * @param templateParam the TemplateParam JSON as sent (a JSON object of strings, or whatever the client sent)
     * @param code          {@code OK} or the error code answered
     * @param bizId         the BizId answered, or null
     * @param content       the text the phones get (signature + filled template), or null when refused
     */
    public record SendSmsCall(Instant at, SignatureStyle style, List<String> phoneNumbers, String signName,
                              String templateCode, String templateParam, String outId, String code, String bizId,
                              String content) {
        /** The template variables sent, or an empty map when TemplateParam was absent or not a JSON object of strings. */
        public Map<String, String> templateParams() {
            Map<String, String> out = parseParams(templateParam);
            return out == null ? Map.of() : out;
        }
    }

    /** One SmsReport entry, in the order and with the names Aliyun pushes. */
    @JsonPropertyOrder({"phone_number", "send_time", "report_time", "success", "err_code", "err_msg", "sms_size", "biz_id", "out_id"})
    public record Report(@JsonProperty("phone_number") String phoneNumber,
                         @JsonProperty("send_time") String sendTime,
                         @JsonProperty("report_time") String reportTime,
                         @JsonProperty("success") boolean success,
                         @JsonProperty("err_code") String errCode,
                         @JsonProperty("err_msg") String errMsg,
                         @JsonProperty("sms_size") String smsSize,
                         @JsonProperty("biz_id") String bizId,
                         @JsonProperty("out_id") String outId) {
        /** The same message, not received: a carrier status such as {@code MN:0001} (空号) or {@code IC:0015}. */
        public Report failed(String code, String message) {
            return new Report(phoneNumber, sendTime, reportTime, false, code, message, smsSize, bizId, outId);
        }
    }

    private record Detail(String phone, String bizId, String templateCode, String content, String outId,
                          Instant sent, int status, String errCode, Instant received) {
    }

    private final String accessKeyId;
    private final String accessKeySecret;
    private final Set<String> signs = ConcurrentHashMap.newKeySet();
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final Map<String, String> numberCodes = new ConcurrentHashMap<>();
    private volatile String callCode;
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<SendSmsCall> sendSmsCalls = new CopyOnWriteArrayList<>();
    private final Map<String, Detail> details = new ConcurrentHashMap<>();

    private AliyunSmsServer(String accessKeyId, String accessKeySecret) {
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
    }

    /** Starts a server that knows one AccessKey pair. */
    public static AliyunSmsServer start(String accessKeyId, String accessKeySecret) {
        return new AliyunSmsServer(accessKeyId, accessKeySecret);
    }

    /** An approved signature, without 【】, such as {@code 南通市文广旅局}. */
    public AliyunSmsServer approveSign(String signName) {
        signs.add(signName);
        return this;
    }

    /** An approved template: its code ({@code SMS_...}) and text with {@code ${name}} variables. */
    public AliyunSmsServer approveTemplate(String templateCode, String text) {
        templates.put(templateCode, text);
        return this;
    }

    /** A SendSms call that includes this number answers with this code (one of {@link #ERRORS}) until {@link #heal()}. */
    public void failNumber(String phoneNumber, String code) {
        requireKnown(code);
        numberCodes.put(national(phoneNumber), code);
    }

    /** Every SendSms call answers with this code (one of {@link #ERRORS}) until {@link #heal()}. */
    public void failCall(String code) {
        requireKnown(code);
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

    /** The one accepted SendSms call with this BizId. */
    public SendSmsCall call(String bizId) {
        return sendSmsCalls.stream().filter(c -> bizId.equals(c.bizId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no accepted SendSms with BizId " + bizId));
    }

    /** A DELIVERED report for every number of an accepted call, dated now. */
    public List<Report> deliveredReports(SendSmsCall call) {
        if (call.bizId() == null) {
            throw new IllegalArgumentException("the call was refused (" + call.code() + "): no message went out");
        }
        String size = String.valueOf(VendorHttp.parts(call.content()));
        String now = TIME.format(Instant.now());
        return call.phoneNumbers().stream()
                .map(p -> new Report(national(p), TIME.format(call.at()), now, true, "DELIVERED", "用户接收成功", size, call.bizId(), call.outId()))
                .toList();
    }

    /**
     * POSTs one SmsReport batch (a JSON array) to the callback, as Aliyun's HTTP batch push does, and marks those numbers
     * received or failed for QuerySendDetails. Aliyun takes the batch as received when the reply is
     * {@code {"code":0,"msg":"成功"}} (only {@code code == 0} is read).
     */
    public PushReply pushReports(URI callback, List<Report> reports) {
        PushReply reply = VendorHttp.push(callback, reports, "code");
        Instant now = Instant.now();
        for (Report r : reports) {
            details.computeIfPresent(r.bizId() + "|" + r.phoneNumber(), (k, d) -> new Detail(d.phone(), d.bizId(), d.templateCode(),
                    d.content(), d.outId(), d.sent(), r.success() ? 3 : 2, r.errCode(), now));
        }
        return reply;
    }

    @Override
    void answerStatus(HttpExchange exchange, int status) throws IOException {
        String code = status == 503 ? "ServiceUnavailable" : "InternalError";
        String message = status >= 500 ? ERRORS.get(code).message() : "Forced HTTP " + status + " by the test.";
        VendorHttp.sendJson(exchange, status, errorBody(exchange, code, message));
    }

    @Override
    void handle(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, String> query = VendorHttp.decodeForm(exchange.getRequestURI().getRawQuery());
        Map<String, String> params = new LinkedHashMap<>(query);
        String contentType = header(exchange, "content-type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            params.putAll(VendorHttp.decodeForm(new String(body, StandardCharsets.UTF_8)));
        }
        String authorization = header(exchange, "authorization");
        SignatureStyle style = authorization != null && authorization.startsWith(ACS3 + " ") ? SignatureStyle.V3_ACS3_HMAC_SHA256
                : params.containsKey("Signature") ? SignatureStyle.RPC_HMAC_SHA1 : SignatureStyle.NONE;
        String action = style == SignatureStyle.V3_ACS3_HMAC_SHA256 ? header(exchange, "x-acs-action") : params.get("Action");
        String version = style == SignatureStyle.V3_ACS3_HMAC_SHA256 ? header(exchange, "x-acs-version") : params.get("Version");

        Refusal refusal = switch (style) {
            case V3_ACS3_HMAC_SHA256 -> checkV3(exchange, authorization, query, body);
            case RPC_HMAC_SHA1 -> checkRpc(exchange, params);
            case NONE -> new Refusal("MissingParameter", "The input parameter \"Signature\" that is mandatory for processing this request is not supplied.", null);
        };
        if (refusal == null && !VERSION.equals(version)) {
            refusal = new Refusal("InvalidVersion", ERRORS.get("InvalidVersion").message(), null);
        }
        if (refusal == null && !"SendSms".equals(action) && !"QuerySendDetails".equals(action)) {
            refusal = new Refusal("InvalidAction.NotFound", ERRORS.get("InvalidAction.NotFound").message(), null);
        }
        if (refusal != null) {
            int status = ERRORS.get(refusal.code()).status();
            received.add(new Received(Instant.now(), action, style, status, refusal.code(), refusal.detail()));
            if ("SendSms".equals(action)) {
                sendSmsCalls.add(call(style, params, refusal.code(), null, null));
            }
            VendorHttp.sendJson(exchange, status, errorBody(exchange, refusal.code(), refusal.message()));
            return;
        }
        if ("SendSms".equals(action)) {
            sendSms(exchange, style, params);
        } else {
            querySendDetails(exchange, style, params);
        }
    }

    private record Refusal(String code, String message, String detail) {
    }

    private Refusal checkV3(HttpExchange exchange, String authorization, Map<String, String> query, byte[] body) {
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return new Refusal("IncompleteSignature", ERRORS.get("IncompleteSignature").message(), "Authorization: " + authorization);
        }
        if (!accessKeyId.equals(m.group(1))) {
            return new Refusal("InvalidAccessKeyId.NotFound", ERRORS.get("InvalidAccessKeyId.NotFound").message(), null);
        }
        for (String required : List.of("host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256")) {
            if (header(exchange, required) == null) {
                return new Refusal("MissingParameter", "The input parameter \"" + required + "\" that is mandatory for processing this request is not supplied.", null);
            }
        }
        List<String> signed = Arrays.asList(m.group(2).split(";"));
        // Aliyun: every common request header that is present must be signed
        for (String name : exchange.getRequestHeaders().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean mustSign = lower.startsWith("x-acs-") || lower.equals("host") || lower.equals("content-type");
            if (mustSign && !signed.contains(lower)) {
                return new Refusal("IncompleteSignature", ERRORS.get("IncompleteSignature").message() + " Header " + lower + " must be signed.", null);
            }
        }
        Refusal time = checkTime(header(exchange, "x-acs-date"));
        if (time != null) {
            return time;
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed.stream().sorted().toList()) {
            String value = header(exchange, name);
            canonicalHeaders.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        String canonicalQuery = new TreeMap<>(query).entrySet().stream()
                .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        String path = exchange.getRequestURI().getRawPath();
        String canonicalRequest = exchange.getRequestMethod() + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n"
                + canonicalQuery + "\n" + canonicalHeaders + "\n" + String.join(";", signed) + "\n" + VendorHttp.sha256Hex(body);
        String stringToSign = ACS3 + "\n" + VendorHttp.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(VendorHttp.hmac("HmacSHA256", accessKeySecret.getBytes(StandardCharsets.UTF_8), stringToSign));
        if (!VendorHttp.sameSignature(expected, m.group(3))) {
            return new Refusal("SignatureDoesNotMatch", ERRORS.get("SignatureDoesNotMatch").message() + " server string to sign is:" + stringToSign,
                    "canonical request:\n" + canonicalRequest);
        }
        return checkNonce(header(exchange, "x-acs-signature-nonce"));
    }

    private Refusal checkRpc(HttpExchange exchange, Map<String, String> params) {
        for (String required : List.of("AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "Action", "Version")) {
            if (params.get(required) == null || params.get(required).isEmpty()) {
                return new Refusal("MissingParameter", "The input parameter \"" + required + "\" that is mandatory for processing this request is not supplied.", null);
            }
        }
        if (!accessKeyId.equals(params.get("AccessKeyId"))) {
            return new Refusal("InvalidAccessKeyId.NotFound", ERRORS.get("InvalidAccessKeyId.NotFound").message(), null);
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod")) || !"1.0".equals(params.get("SignatureVersion"))) {
            return new Refusal("IncompleteSignature", ERRORS.get("IncompleteSignature").message() + " SignatureMethod HMAC-SHA1, SignatureVersion 1.0 only.", null);
        }
        Refusal time = checkTime(params.get("Timestamp"));
        if (time != null) {
            return time;
        }
        String canonical = new TreeMap<>(params).entrySet().stream()
                .filter(e -> !e.getKey().equals("Signature") && !e.getValue().isEmpty())
                .map(e -> percentEncode(e.getKey()) + "=" + percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        String stringToSign = exchange.getRequestMethod() + "&" + percentEncode("/") + "&" + percentEncode(canonical);
        String expected = Base64.getEncoder().encodeToString(
                VendorHttp.hmac("HmacSHA1", (accessKeySecret + "&").getBytes(StandardCharsets.UTF_8), stringToSign));
        if (!VendorHttp.sameSignature(expected, params.get("Signature"))) {
            return new Refusal("SignatureDoesNotMatch", ERRORS.get("SignatureDoesNotMatch").message() + " server string to sign is:" + stringToSign, stringToSign);
        }
        return checkNonce(params.get("SignatureNonce"));
    }

    private Refusal checkTime(String value) {
        try {
            Instant at = Instant.parse(value);
            if (Duration.between(at, Instant.now()).abs().compareTo(SKEW) > 0) {
                return new Refusal("InvalidTimeStamp.Expired", ERRORS.get("InvalidTimeStamp.Expired").message(), value);
            }
            return null;
        } catch (DateTimeParseException e) {
            return new Refusal("InvalidTimeStamp.Expired", "Specified time stamp or date value is not well formatted.", value);
        }
    }

    private Refusal checkNonce(String nonce) {
        Instant now = Instant.now();
        nonces.values().removeIf(seen -> seen.isBefore(now.minus(SKEW)));
        if (nonces.putIfAbsent(nonce, now) != null) {
            return new Refusal("SignatureNonceUsed", ERRORS.get("SignatureNonceUsed").message(), nonce);
        }
        return null;
    }

    private void sendSms(HttpExchange exchange, SignatureStyle style, Map<String, String> params) throws IOException {
        String code = sendSmsCode(params);
        if (code != null) {
            Error e = ERRORS.get(code);
            sendSmsCalls.add(call(style, params, code, null, null));
            received.add(new Received(Instant.now(), "SendSms", style, e.status(), code, null));
            VendorHttp.sendJson(exchange, e.status(), e.status() == 200 ? businessBody(code, e.message()) : errorBody(exchange, code, e.message()));
            return;
        }
        String bizId = ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L) + "^0";
        String content = "【" + params.get("SignName") + "】" + fill(templates.get(params.get("TemplateCode")), parseParams(params.get("TemplateParam")));
        SendSmsCall call = call(style, params, "OK", bizId, content);
        sendSmsCalls.add(call);
        for (String phone : call.phoneNumbers()) {
            String n = national(phone);
            details.put(bizId + "|" + n, new Detail(n, bizId, call.templateCode(), content, call.outId(), call.at(), 1, "", null));
        }
        received.add(new Received(Instant.now(), "SendSms", style, 200, "OK", null));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Message", "OK");
        answer.put("RequestId", requestId());
        answer.put("Code", "OK");
        answer.put("BizId", bizId);
        VendorHttp.sendJson(exchange, 200, answer);
    }

    /** The first reason Aliyun would refuse this SendSms, or null. */
    private String sendSmsCode(Map<String, String> params) {
        for (String required : List.of("PhoneNumbers", "SignName", "TemplateCode")) {
            if (params.get(required) == null || params.get(required).isBlank()) {
                return "MissingParameter";
            }
        }
        if (callCode != null) {
            return callCode;
        }
        List<String> numbers = numbers(params.get("PhoneNumbers"));
        if (numbers.size() > MAX_NUMBERS) {
            return "isv.MOBILE_COUNT_OVER_LIMIT";
        }
        for (String n : numbers) {
            if (!MOBILE.matcher(n).matches()) {
                return "isv.MOBILE_NUMBER_ILLEGAL";
            }
        }
        if (!signs.contains(params.get("SignName"))) {
            return "isv.SMS_SIGNATURE_ILLEGAL";
        }
        String template = templates.get(params.get("TemplateCode"));
        if (template == null) {
            return "isv.SMS_TEMPLATE_ILLEGAL";
        }
        Map<String, String> values = parseParams(params.get("TemplateParam"));
        if (values == null) {
            return "isv.INVALID_JSON_PARAM";
        }
        Matcher v = VARIABLE.matcher(template);
        while (v.find()) {
            if (!values.containsKey(v.group(1))) {
                return "isv.TEMPLATE_MISSING_PARAMETERS";
            }
        }
        for (String n : numbers) {
            String failure = numberCodes.get(national(n));
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private void querySendDetails(HttpExchange exchange, SignatureStyle style, Map<String, String> params) throws IOException {
        String phone = params.get("PhoneNumber");
        String day = params.get("SendDate");
        if (phone == null || day == null || params.get("PageSize") == null || params.get("CurrentPage") == null) {
            received.add(new Received(Instant.now(), "QuerySendDetails", style, 400, "MissingParameter", null));
            VendorHttp.sendJson(exchange, 400, errorBody(exchange, "MissingParameter", "PhoneNumber, SendDate, PageSize and CurrentPage are mandatory for this action."));
            return;
        }
        int pageSize;
        int page;
        try {
            pageSize = Integer.parseInt(params.get("PageSize"));
            page = Integer.parseInt(params.get("CurrentPage"));
        } catch (NumberFormatException e) {
            pageSize = 0;
            page = 0;
        }
        if (pageSize < 1 || pageSize > 50 || page < 1) {
            received.add(new Received(Instant.now(), "QuerySendDetails", style, 200, "isv.INVALID_PARAMETERS", null));
            VendorHttp.sendJson(exchange, 200, businessBody("isv.INVALID_PARAMETERS", "参数异常"));
            return;
        }
        String bizId = params.get("BizId");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Detail d : details.values().stream().sorted((a, b) -> a.sent().compareTo(b.sent())).toList()) {
            if (!d.phone().equals(national(phone)) || !DAY.format(d.sent()).equals(day) || (bizId != null && !bizId.equals(d.bizId()))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ErrCode", d.errCode());
            row.put("TemplateCode", d.templateCode());
            row.put("OutId", d.outId());
            row.put("ReceiveDate", d.received() == null ? "" : TIME.format(d.received()));
            row.put("SendDate", TIME.format(d.sent()));
            row.put("PhoneNum", d.phone());
            row.put("Content", d.content());
            row.put("SendStatus", d.status());
            rows.add(row);
        }
        List<Map<String, Object>> pageRows = rows.stream().skip((long) (page - 1) * pageSize).limit(pageSize).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("TotalCount", String.valueOf(rows.size()));
        answer.put("Message", "OK");
        answer.put("RequestId", requestId());
        answer.put("SmsSendDetailDTOs", Map.of("SmsSendDetailDTO", pageRows));
        answer.put("Code", "OK");
        received.add(new Received(Instant.now(), "QuerySendDetails", style, 200, "OK", null));
        VendorHttp.sendJson(exchange, 200, answer);
    }

    private static SendSmsCall call(SignatureStyle style, Map<String, String> params, String code, String bizId, String content) {
        return new SendSmsCall(Instant.now(), style, numbers(params.get("PhoneNumbers")), params.get("SignName"),
                params.get("TemplateCode"), params.get("TemplateParam"), params.get("OutId"), code, bizId, content);
    }

    private static List<String> numbers(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::strip).toList();
    }

    private static String national(String phone) {
        Matcher m = MOBILE.matcher(phone.strip());
        return m.matches() ? m.group(1) : phone.strip();
    }

    /** TemplateParam as Aliyun reads it: a JSON object of string values; null when it is anything else. */
    private static Map<String, String> parseParams(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = VendorHttp.JSON.readTree(json);
            if (node == null || !node.isObject()) {
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getValue().isTextual()) {
                    return null;
                }
                out.put(e.getKey(), e.getValue().asText());
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher v = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (v.find()) {
            v.appendReplacement(out, Matcher.quoteReplacement(values.get(v.group(1))));
        }
        return v.appendTail(out).toString();
    }

    /** RFC 3986 percent-encoding as both Aliyun signatures use it. */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static Map<String, Object> errorBody(HttpExchange exchange, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestId", requestId());
        body.put("HostId", header(exchange, "host"));
        body.put("Code", code);
        body.put("Message", message);
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Dysmsapi");
        return body;
    }

    private static Map<String, Object> businessBody(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Message", message);
        body.put("RequestId", requestId());
        body.put("Code", code);
        return body;
    }

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private static void requireKnown(String code) {
        if (!ERRORS.containsKey(code)) {
            throw new IllegalArgumentException("not an Aliyun code this server knows: " + code + "; known: " + new TreeMap<>(ERRORS).keySet());
        }
    }

    private static Map.Entry<String, Error> error(String code, int status, String message) {
        return Map.entry(code, new Error(status, message));
    }
}

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.Delivery;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendSmsRequest;
import com.tencentcloudapi.sms.v20210111.models.SendSmsResponse;
import com.tencentcloudapi.sms.v20210111.models.SendStatus;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.internal.tls.OkHostnameVerifier;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMS through Tencent Cloud's {@code SendSms} (API 2021-01-11, {@code POST https://sms.tencentcloudapi.com/} with
 * {@code X-TC-Action: SendSms}, https://cloud.tencent.com/document/api/382/55981) with the official SDK
 * {@code com.tencentcloudapi:tencentcloud-sdk-java-sms}, which signs each call with TC3-HMAC-SHA256.
 *
 * <p>One call takes up to 200 numbers ({@code PhoneNumberSet}, E.164 {@code +86…}) with the application
 * ({@code SmsSdkAppId}), an approved signature and template; {@code TemplateParamSet} holds the item's fields in
 * {@code template-params} order, each cut to {@code var-max} characters. {@code SessionContext} is the delivery id when
 * the call holds one delivery, else the first one's and {@code +n}. The answer has one {@code SendStatusSet} entry per
 * number: its {@code Code} is mapped by {@link TencentSmsCodes}, its {@code SerialNo} is the delivery's reference
 * (receipts carry it as {@code sid}) and its {@code Fee} the billed parts.
 *
 * <p><b>Endpoint.</b> The SDK signs the service named by the endpoint's first label and the {@code Host} it sends
 * ({@code AbstractClient.doRequestWithTC3}); Tencent expects service {@code sms}. An endpoint whose first label is
 * {@code sms} ({@code https://sms.tencentcloudapi.com}) goes as it is. Any other ({@code http://127.0.0.1:port}, a
 * gateway) is given to the SDK as {@code sms.invalid:<port>}, a name that never resolves in DNS, and the OkHttp client
 * handed to the SDK resolves that one name to the configured host; over HTTPS the certificate is checked against the
 * configured host. The client also sets the timeouts (the SDK's default read timeout is none) and never retries a
 * request on its own: a retried SendSms whose first try went out is a second SMS.
 *
 * <p>A network interceptor notes when the request is about to be written, so an I/O failure before it (the
 * connection never made) is certainly not sent, and one after it leaves the call IN_DOUBT.
 */
@Singleton
@Named("tencent")
@Requires(property = "hub.channels.sms.selected.tencent", value = "true")
final class TencentSmsTransport extends TemplateSmsTransport {
    static final String NAME = "tencent";
    static final int MAX_NUMBERS = 200;
    /** The name the SDK is given for an endpoint whose first label is not {@code sms}. */
    static final String SIGNING_HOST = "sms.invalid";
    private static final Pattern E164_CN = Pattern.compile("(?:\\+?86|0086)?(1[3-9]\\d{9})");
    private static final ThreadLocal<Boolean> REQUEST_WRITTEN = new ThreadLocal<>();

    private final TencentSmsConfig config;
    private final OkHttpClient http;
    private final SmsClient client;

    TencentSmsTransport(TencentSmsConfig config) {
        this.config = config;
        URI endpoint = URI.create(config.endpoint().strip());
        String host = endpoint.getHost();
        String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        long timeout = Math.max(1, config.timeout().toMillis());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .writeTimeout(timeout, TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .addNetworkInterceptor(chain -> {
                    REQUEST_WRITTEN.set(Boolean.TRUE);
                    return chain.proceed(chain.request());
                });
        String sdkEndpoint;
        if (host.toLowerCase(Locale.ROOT).startsWith("sms.")) {
            sdkEndpoint = host + port;
        } else {
            sdkEndpoint = SIGNING_HOST + port;
            b.dns(name -> {
                if (SIGNING_HOST.equals(name)) {
                    return Arrays.asList(InetAddress.getAllByName(host));
                }
                return Dns.SYSTEM.lookup(name);
            });
            if (https) {
                b.hostnameVerifier((name, session) -> OkHostnameVerifier.INSTANCE.verify(host, session));
            }
        }
        this.http = b.build();
        HttpProfile profile = new HttpProfile();
        profile.setEndpoint(sdkEndpoint);
        profile.setProtocol(https ? HttpProfile.REQ_HTTPS : HttpProfile.REQ_HTTP);
        profile.setHttpClient(http);
        ClientProfile client = new ClientProfile();
        client.setHttpProfile(profile);
        this.client = new SmsClient(new Credential(config.secretId(), config.secretKey()), config.region(), client);
    }

    @PreDestroy
    void close() {
        http.connectionPool().evictAll();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int maxNumbersPerCall() {
        return MAX_NUMBERS;
    }

    @Override
    ProviderCode code(String code) {
        return TencentSmsCodes.of(code);
    }

    @Override
    String missingWithdrawalTemplate() {
        return config.withdrawTemplateId() == null ? "tencent.withdraw-template-id" : null;
    }

    @Override
    Answer call(List<Delivery> deliveries, SmsMessage message, String key) {
        boolean withdrawal = message.withdrawal();
        List<String> fields = withdrawal ? config.withdrawTemplateParams() : config.templateParams();
        SendSmsRequest request = new SendSmsRequest();
        request.setPhoneNumberSet(deliveries.stream().map(d -> "+86" + d.target().address()).toArray(String[]::new));
        request.setSmsSdkAppId(config.sdkAppId());
        request.setSignName(config.signName());
        request.setTemplateId(withdrawal ? config.withdrawTemplateId() : config.templateId());
        request.setTemplateParamSet(fields.stream().map(f -> TemplateField.value(message.fields(), f, config.varMax())).toArray(String[]::new));
        request.setSessionContext(key);
        REQUEST_WRITTEN.set(Boolean.FALSE);
        try {
            SendSmsResponse response = client.SendSms(request);
            Map<String, NumberStatus> byNumber = new HashMap<>();
            for (SendStatus s : response.getSendStatusSet() == null ? new SendStatus[0] : response.getSendStatusSet()) {
                String number = national(s.getPhoneNumber());
                if ("Ok".equals(s.getCode())) {
                    int fee = s.getFee() == null ? 1 : (int) Math.max(1, s.getFee());
                    byNumber.put(number, NumberStatus.sent(s.getSerialNo(), fee));
                } else {
                    byNumber.put(number, NumberStatus.failed(s.getCode(), s.getMessage()));
                }
            }
            return new Accepted(byNumber);
        } catch (TencentCloudSDKException e) {
            return failure(e);
        } finally {
            REQUEST_WRITTEN.remove();
        }
    }

    private Answer failure(TencentCloudSDKException e) {
        String code = e.getErrorCode();
        if ("ServerSideError".equals(code)) {
            // the SDK's code for an HTTP status other than 200 (a gateway's 5xx): the API did not take the call
            return new NotSent(e.getMessage());
        }
        if (code != null && !code.isBlank()) {
            return new Refused(code, e.getMessage());
        }
        IOException io = io(e);
        if (io != null && (!Boolean.TRUE.equals(REQUEST_WRITTEN.get()) || beforeSending(io))) {
            return new NotSent("cannot reach " + config.endpoint() + ": " + io);
        }
        if (io != null) {
            return new Unknown("no answer from " + config.endpoint() + " (" + io + ")");
        }
        return Boolean.TRUE.equals(REQUEST_WRITTEN.get())
                ? new Unknown("an answer the SDK could not read: " + e)
                : new NotSent("the SDK did not send the call: " + e);
    }

    /** {@code +8613800000001} → {@code 13800000001}, the form of the delivery's address. */
    static String national(String phone) {
        if (phone == null) {
            return "";
        }
        Matcher m = E164_CN.matcher(phone.strip());
        return m.matches() ? m.group(1) : phone.strip();
    }
}

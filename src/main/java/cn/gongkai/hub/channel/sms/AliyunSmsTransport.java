package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.channel.Delivery;
import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyun.dysmsapi20170525.models.SendSmsResponse;
import com.aliyun.dysmsapi20170525.models.SendSmsResponseBody;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SMS through Aliyun's {@code SendSms} (Dysmsapi 2017-05-25, {@code POST https://dysmsapi.aliyuncs.com/?Action=SendSms},
 * https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms) with the official SDK
 * {@code com.aliyun:dysmsapi20170525}, which signs each call (ACS3-HMAC-SHA256) with the AccessKey pair.
 *
 * <p>One call takes up to 1,000 numbers ({@code PhoneNumbers}, comma-separated) with one approved signature
 * ({@code SignName}) and template ({@code TemplateCode}); {@code TemplateParam} is a JSON object of the template's
 * variables, filled from the item's fields as {@code template-params} maps them, each cut to {@code var-max}
 * characters. {@code OutId} is the delivery id when the call holds one delivery, else the first delivery's id and
 * {@code +n} for the n others.
 *
 * <p>References: Aliyun answers one {@code BizId} per call, so the reference of each delivery is
 * {@code <BizId>:<number>} — what a receipt push carries as {@code biz_id} and {@code phone_number}, by which
 * {@link AliyunSmsReceipts} finds the delivery. Billed parts are not in SendSms's answer (the receipt's
 * {@code sms_size} has them): each delivery records 1.
 *
 * <p>The SDK's own retry is off ({@code RuntimeOptions.autoretry = false}): a retried SendSms whose first try went out
 * is a second SMS on someone's phone. Errors are mapped by {@link AliyunSmsCodes}; a read timeout after the request
 * went out leaves the call IN_DOUBT.
 */
@Singleton
@Named("aliyun")
@Requires(property = "hub.channels.sms.selected.aliyun", value = "true")
final class AliyunSmsTransport extends TemplateSmsTransport {
    static final String NAME = "aliyun";
    static final int MAX_NUMBERS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The HTTP status of the SDK's last answer on this thread. The SDK turns a body that is not JSON (a gateway's
     * 502 page) into an exception without the status; this tells a 5xx (not sent) from an unreadable 200 (sent, maybe).
     * The SDK keeps one interceptor chain for all its clients, so the interceptor is added once.
     */
    private static final ThreadLocal<Integer> LAST_STATUS = new ThreadLocal<>();
    private static final AtomicBoolean STATUS_INTERCEPTOR = new AtomicBoolean();

    private final AliyunSmsConfig config;
    private final Client client;

    AliyunSmsTransport(AliyunSmsConfig config) {
        this.config = config;
        URI endpoint = URI.create(config.endpoint().strip());
        String hostPort = endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        Config c = new Config()
                .setAccessKeyId(config.accessKeyId())
                .setAccessKeySecret(config.accessKeySecret())
                .setEndpoint(hostPort)
                .setProtocol(endpoint.getScheme().toUpperCase(Locale.ROOT))
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout);
        try {
            this.client = new Client(c);
        } catch (Exception e) {
            throw new ConfigException("channel-config/sms.yml: aliyun: the Aliyun SDK refused the settings: " + e.getMessage());
        }
        if (STATUS_INTERCEPTOR.compareAndSet(false, true)) {
            client.addResponseInterceptor((context, attributes) -> {
                LAST_STATUS.set(context.teaResponse().statusCode);
                return context.teaResponse();
            });
        }
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
        return AliyunSmsCodes.of(code);
    }

    @Override
    String missingWithdrawalTemplate() {
        return config.withdrawTemplateCode() == null ? "aliyun.withdraw-template-code" : null;
    }

    @Override
    Answer call(List<Delivery> deliveries, SmsMessage message, String key) {
        boolean withdrawal = message.withdrawal();
        Map<String, String> vars = new LinkedHashMap<>();
        (withdrawal ? config.withdrawTemplateParams() : config.templateParams())
                .forEach((variable, field) -> vars.put(variable, TemplateField.value(message.fields(), field, config.varMax())));
        SendSmsRequest request = new SendSmsRequest()
                .setPhoneNumbers(String.join(",", deliveries.stream().map(d -> d.target().address()).toList()))
                .setSignName(config.signName())
                .setTemplateCode(withdrawal ? config.withdrawTemplateCode() : config.templateCode())
                .setTemplateParam(json(vars))
                .setOutId(key);
        LAST_STATUS.remove();
        try {
            SendSmsResponse response = client.sendSmsWithOptions(request, new RuntimeOptions().setAutoretry(false));
            SendSmsResponseBody body = response.getBody();
            if (body == null) {
                return new Unknown("SendSms answered HTTP " + response.getStatusCode() + " without a body");
            }
            if (!"OK".equals(body.getCode())) {
                return new Refused(body.getCode(), body.getMessage());
            }
            String bizId = body.getBizId() == null || body.getBizId().isBlank() ? null : body.getBizId();
            Map<String, NumberStatus> sent = new LinkedHashMap<>();
            for (Delivery d : deliveries) {
                String number = d.target().address();
                sent.put(number, NumberStatus.sent(bizId == null ? null : bizId + ":" + number, 1));
            }
            return new Accepted(sent);
        } catch (TeaException e) {
            Integer status = e.getStatusCode();
            if (status != null && status >= 500) {
                return new NotSent("HTTP " + status + (e.getCode() == null ? "" : " " + e.getCode()));
            }
            if (e.getCode() == null || e.getCode().isBlank()) {
                return failure(e);
            }
            return new Refused(e.getCode(), gatewayMessage(e));
        } catch (Exception e) {
            return failure(e);
        } finally {
            LAST_STATUS.remove();
        }
    }

    /** A failure without an Aliyun code: the connection, the timeout, or an answer that could not be read. */
    private Answer failure(Exception e) {
        IOException io = io(e);
        if (io != null) {
            return beforeSending(io)
                    ? new NotSent("cannot reach " + config.endpoint() + ": " + io)
                    : new Unknown("no answer from " + config.endpoint() + " (" + io + ")");
        }
        Integer status = LAST_STATUS.get();
        if (status != null && status >= 500) {
            return new NotSent("HTTP " + status);
        }
        return new Unknown("an answer the SDK could not read" + (status == null ? "" : " (HTTP " + status + ")") + ": " + e);
    }

    /** The gateway's message without the SDK's "code: 400, … request id: …" wrapping. */
    private static String gatewayMessage(TeaException e) {
        Object m = e.getData() == null ? null : e.getData().get("Message");
        return m == null ? e.getMessage() : String.valueOf(m);
    }

    private static String json(Map<String, String> vars) {
        try {
            return JSON.writeValueAsString(vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}

package cn.gongkai.hub.channel.sms;

import java.util.Map;

import static cn.gongkai.hub.channel.sms.ProviderCode.content;
import static cn.gongkai.hub.channel.sms.ProviderCode.number;
import static cn.gongkai.hub.channel.sms.ProviderCode.retry;
import static cn.gongkai.hub.channel.sms.ProviderCode.unusable;

/**
 * Every Aliyun code the hub acts on, in one place: SendSms's business codes (HTTP 200, {@code Code} not {@code OK};
 * https://help.aliyun.com/zh/sms/developer-reference/api-error-codes) and the API gateway's (HTTP 4xx/5xx, thrown by
 * the SDK as {@code TeaException}). SendSms answers for the whole call: a number-kind code in a call of several
 * numbers says one of them is at fault, not which (see {@link TemplateSmsTransport}).
 *
 * <p>{@code isv.BUSINESS_LIMIT_CONTROL} is Aliyun's per-number flow control (for a notice: 50 a day per number and
 * template; its message says 天级, 小时级 or 分钟级). It fails the delivery: resending the same notice to a number that
 * hit its limit is what the limit forbids.
 */
final class AliyunSmsCodes {
    private static final String KEYS = "check access-key-id / access-key-secret (ALIYUN_ACCESS_KEY_ID, ALIYUN_ACCESS_KEY_SECRET)";

    private static final Map<String, ProviderCode> CODES = Map.ofEntries(
            Map.entry("isv.MOBILE_NUMBER_ILLEGAL", number("not a valid mobile number")),
            Map.entry("isv.PHONE_NUMBER_ILLEGAL", number("not a valid mobile number")),
            Map.entry("isv.DOMESTIC_NUMBER_NOT_SUPPORTED", number("the account cannot send to this number")),
            Map.entry("isv.BUSINESS_LIMIT_CONTROL", number("the number reached Aliyun's limit for this template; a resend the same day is refused too")),
            Map.entry("isv.TEMPLATE_PARAMS_ILLEGAL", content("a variable holds a word Aliyun blocks")),
            Map.entry("isv.BLACK_KEY_CONTROL_LIMIT", content("a variable holds a word Aliyun blocks")),
            Map.entry("Throttling.User", retry("Aliyun throttled the account")),
            Map.entry("Throttling", retry("Aliyun throttled the account")),
            Map.entry("SignatureNonceUsed", retry("")),
            Map.entry("isp.SYSTEM_ERROR", retry("")),
            Map.entry("isp.GATEWAY_ERROR", retry("")),
            Map.entry("isp.UNKNOWN", retry("")),
            Map.entry("InternalError", retry("")),
            Map.entry("ServiceUnavailable", retry("")),
            Map.entry("SignatureDoesNotMatch", unusable(KEYS)),
            Map.entry("IncompleteSignature", unusable(KEYS)),
            Map.entry("InvalidAccessKeyId.NotFound", unusable(KEYS)),
            Map.entry("InvalidAccessKeyId.Inactive", unusable(KEYS)),
            Map.entry("InvalidCredentials", unusable(KEYS)),
            Map.entry("Forbidden.RAM", unusable("the AccessKey's RAM user may not call dysmsapi:SendSms")),
            Map.entry("isp.RAM_PERMISSION_DENY", unusable("the AccessKey's RAM user may not call dysmsapi:SendSms")),
            Map.entry("InvalidTimeStamp.Expired", unusable("the hub's clock is more than 15 minutes off")),
            Map.entry("isv.SMS_SIGNATURE_ILLEGAL", unusable("check aliyun.sign-name: not an approved signature of this account")),
            Map.entry("isv.SMS_SIGN_ILLEGAL", unusable("check aliyun.sign-name: not an approved signature of this account")),
            Map.entry("isv.SMS_TEMPLATE_ILLEGAL", unusable("check aliyun.template-code / withdraw-template-code: not an approved template of this account")),
            Map.entry("isv.TEMPLATE_MISSING_PARAMETERS", unusable("aliyun.template-params does not name every variable of the template")),
            Map.entry("isv.INVALID_JSON_PARAM", unusable("TemplateParam was not a JSON object of strings")),
            Map.entry("isv.PARAM_LENGTH_LIMIT", unusable("a variable is longer than the template allows: lower aliyun.var-max")),
            Map.entry("isv.PARAM_NOT_SUPPORT_URL", unusable("the template may not take a URL: put the site's address in the template and map item-id")),
            Map.entry("isv.AMOUNT_NOT_ENOUGH", unusable("the account's balance is too low")),
            Map.entry("isv.OUT_OF_SERVICE", unusable("the account is suspended (balance)")),
            Map.entry("isv.PRODUCT_UN_SUBSCRIPT", unusable("SMS is not activated for this account")),
            Map.entry("isv.PRODUCT_UNSUBSCRIBE", unusable("SMS is not activated for this account")),
            Map.entry("isv.ACCOUNT_NOT_EXISTS", unusable("")),
            Map.entry("isv.ACCOUNT_ABNORMAL", unusable("")),
            Map.entry("isv.DAY_LIMIT_CONTROL", unusable("the account reached its daily sending limit")),
            Map.entry("isv.DENY_IP_RANGE", unusable("the hub's address is not allowed to call SendSms")),
            Map.entry("isv.INVALID_PARAMETERS", unusable("")),
            Map.entry("isv.MOBILE_COUNT_OVER_LIMIT", unusable("")),
            Map.entry("MissingParameter", unusable("")),
            Map.entry("InvalidVersion", unusable("")),
            Map.entry("InvalidAction.NotFound", unusable("check aliyun.endpoint")));

    private AliyunSmsCodes() {
    }

    /** What {@code code} means; a code not listed is retried (the call failed, so nothing went out). */
    static ProviderCode of(String code) {
        ProviderCode c = code == null ? null : CODES.get(code);
        return c != null ? c : retry("a code the hub does not know");
    }
}

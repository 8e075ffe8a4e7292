package cn.gongkai.hub.channel.sms;

import java.util.Map;

import static cn.gongkai.hub.channel.sms.ProviderCode.content;
import static cn.gongkai.hub.channel.sms.ProviderCode.number;
import static cn.gongkai.hub.channel.sms.ProviderCode.retry;
import static cn.gongkai.hub.channel.sms.ProviderCode.unusable;

/**
 * Every Tencent Cloud SMS code the hub acts on, in one place, whether it comes for one number
 * ({@code SendStatusSet[].Code}) or for the whole call ({@code Response.Error.Code}, thrown by the SDK as
 * {@code TencentCloudSDKException}): https://cloud.tencent.com/document/api/382/55981 (SendSms, its error codes) and
 * https://cloud.tencent.com/document/api/382/52075 (the common ones). {@code ServerSideError} is the SDK's own code
 * for an HTTP status other than 200.
 */
final class TencentSmsCodes {
    private static final String KEYS = "check secret-id / secret-key (TENCENT_SECRET_ID, TENCENT_SECRET_KEY)";

    private static final Map<String, ProviderCode> CODES = Map.ofEntries(
            Map.entry("InvalidParameterValue.IncorrectPhoneNumber", number("not a valid mobile number")),
            Map.entry("FailedOperation.PhoneNumberParseFail", number("not a valid mobile number")),
            Map.entry("FailedOperation.PhoneNumberInBlacklist", number("the number is on the do-not-disturb list (it unsubscribed)")),
            Map.entry("LimitExceeded.PhoneNumberDailyLimit", number("the number reached its daily limit; a resend the same day is refused too")),
            Map.entry("LimitExceeded.PhoneNumberSameContentDailyLimit", number("the number got this text as often as a day allows")),
            Map.entry("FailedOperation.ContainSensitiveWord", content("the text holds a word Tencent blocks")),
            Map.entry("InvalidParameterValue.ContentLengthLimit", content("the filled template is too long")),
            Map.entry("LimitExceeded.PhoneNumberThirtySecondLimit", retry("the number got too many messages in 30 seconds")),
            Map.entry("LimitExceeded.PhoneNumberOneHourLimit", retry("the number got too many messages in an hour")),
            Map.entry("LimitExceeded.DeliveryFrequencyLimit", retry("Tencent's frequency limit")),
            Map.entry("FailedOperation.MarketingSendTimeConstraint", retry("marketing SMS go only between 08:00 and 22:00")),
            Map.entry("RequestLimitExceeded", retry("Tencent throttled the account")),
            Map.entry("InternalError", retry("")),
            Map.entry("ServerSideError", retry("")),
            Map.entry("FailedOperation.SignatureIncorrectOrUnapproved", unusable("check tencent.sign-name: not an approved signature of this account")),
            Map.entry("FailedOperation.MissingSignatureList", unusable("check tencent.sign-name: not an approved signature of this account")),
            Map.entry("FailedOperation.TemplateIncorrectOrUnapproved", unusable("check tencent.template-id / withdraw-template-id: not an approved template")),
            Map.entry("FailedOperation.MissingTemplateList", unusable("check tencent.template-id / withdraw-template-id: not an approved template")),
            Map.entry("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", unusable("tencent.template-params does not have one field per {n} of the template")),
            Map.entry("InvalidParameterValue.TemplateParameterLengthLimit", unusable("a variable is longer than the template allows: lower tencent.var-max")),
            Map.entry("InvalidParameterValue.TemplateParameterFormatError", unusable("a variable does not fit the template's variable type")),
            Map.entry("InvalidParameterValue.ProhibitedUseUrlInTemplateParameter", unusable("the template may not take a URL: put the site's address in the template and map item-id")),
            Map.entry("FailedOperation.InsufficientBalanceInSmsPackage", unusable("the SMS package is used up")),
            Map.entry("InvalidParameterValue.SdkAppIdNotExist", unusable("check tencent.sdk-app-id")),
            Map.entry("UnsupportedOperation.UnsupportedRegion", unusable("check tencent.region")),
            Map.entry("LimitExceeded.AppDailyLimit", unusable("the application reached its daily limit")),
            Map.entry("LimitExceeded.DailyLimit", unusable("the account reached its daily limit")),
            Map.entry("LimitExceeded.PhoneNumberCountLimit", unusable("")),
            Map.entry("FailedOperation.FailResolvePacket", unusable("")),
            Map.entry("FailedOperation.JsonParseFail", unusable("")),
            Map.entry("InvalidAction", unusable("check tencent.endpoint")),
            Map.entry("NoSuchVersion", unusable("check tencent.endpoint")));

    private TencentSmsCodes() {
    }

    /** What {@code code} means, by the exact code, then by its family; an unknown code is retried. */
    static ProviderCode of(String code) {
        if (code == null) {
            return retry("a code the hub does not know");
        }
        ProviderCode c = CODES.get(code);
        if (c != null) {
            return c;
        }
        if (code.startsWith("AuthFailure.")) {
            return unusable(KEYS + ", and the hub's clock");
        }
        if (code.startsWith("UnauthorizedOperation.")) {
            return unusable("the key may not send SMS from here (CAM policy, IP allowlist)");
        }
        if (code.startsWith("RequestLimitExceeded.")) {
            return retry("Tencent throttled the account");
        }
        if (code.startsWith("InternalError.")) {
            return retry("");
        }
        if (code.startsWith("MissingParameter")) {
            return unusable("");
        }
        return retry("a code the hub does not know");
    }
}

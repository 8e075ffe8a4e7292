package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.util.List;

/**
 * {@code tencent:} in {@code channel-config/sms.yml}: Tencent Cloud SMS {@code SendSms} (API 2021-01-11).
 *
 * @param endpoint       {@code https://sms.tencentcloudapi.com}, or a plain-HTTP loopback address (tests, a gateway)
 * @param region         {@code ap-guangzhou}, {@code ap-beijing} or {@code ap-nanjing}
 * @param secretId       from the environment
 * @param secretKey      from the environment
 * @param sdkAppId       the SMS application's SdkAppId
 * @param signName       the approved signature, without 【】
 * @param templateId     the approved template's id
 * @param templateParams the item field for {@code {1}}, {@code {2}}, …, in order (see {@link AliyunSmsConfig})
 * @param varMax         longest value of one variable (Tencent: 6 unless the approved template allows more)
 * @param timeout        connect and read timeout of one call
 * @param withdrawTemplateId     the approved template a withdrawal goes out with (a template is fixed text, so a
 *                               withdrawal needs its own); without one, withdrawals via Tencent are rejected
 * @param withdrawTemplateParams that template's item fields for {@code {1}}, {@code {2}}, … (default:
 *                               {@code template-params}); {@code reason} is the withdrawal's reason
 * @param callbackToken  when set, receipt pushes to {@code /callbacks/sms/tencent} must carry {@code ?token=} this
 */
@ConfigurationProperties("hub.channels.sms.tencent")
public record TencentSmsConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+/?", message = "must be an address such as https://sms.tencentcloudapi.com") String endpoint,
        @Bindable(defaultValue = "ap-guangzhou") @NotBlank @Pattern(regexp = "[a-z]{2}-[a-z]+", message = "must be a region such as ap-guangzhou") String region,
        @Secret String secretId,
        @Secret String secretKey,
        @NotBlank @Pattern(regexp = "[0-9]{10}", message = "must be the 10-digit SdkAppId") String sdkAppId,
        @NotBlank String signName,
        @NotBlank @Pattern(regexp = "[0-9]{1,12}", message = "must be the template's numeric id") String templateId,
        @NotEmpty List<String> templateParams,
        @Bindable(defaultValue = "6") @Min(1) @Max(500) int varMax,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout,
        @Nullable @Pattern(regexp = "[0-9]{1,12}", message = "must be the template's numeric id") String withdrawTemplateId,
        @Nullable List<String> withdrawTemplateParams,
        @Bindable(defaultValue = "") @Secret(optional = true) String callbackToken) implements ChannelConfigured {

    public TencentSmsConfig {
        withdrawTemplateId = withdrawTemplateId == null || withdrawTemplateId.isBlank() ? null : withdrawTemplateId.strip();
        withdrawTemplateParams = withdrawTemplateParams == null || withdrawTemplateParams.isEmpty() ? templateParams : withdrawTemplateParams;
        callbackToken = callbackToken == null ? "" : callbackToken;
    }

    @Override
    public String channelName() {
        return "sms";
    }

    @Override
    public String toString() {
        return "TencentSmsConfig[" + endpoint + ", " + region + ", app " + sdkAppId + ", template " + templateId
                + (withdrawTemplateId == null ? "" : ", withdrawal " + withdrawTemplateId) + "]";
    }
}

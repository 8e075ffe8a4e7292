package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.util.Map;

/**
 * {@code aliyun:} in {@code channel-config/sms.yml}: Aliyun Dysmsapi {@code SendSms} with an approved template.
 *
 * @param endpoint        {@code https://dysmsapi.aliyuncs.com}, or a plain-HTTP loopback address (tests, a gateway)
 * @param accessKeyId     from the environment
 * @param accessKeySecret from the environment
 * @param signName        the approved signature, without 【】
 * @param templateCode    the approved template ({@code SMS_…})
 * @param templateParams  the template's named variables → the item field each takes ({@code title}, {@code url},
 *                        {@code item-id}, {@code summary}, {@code index-number}, {@code document-number}, {@code date})
 * @param varMax          longest value of one variable (Aliyun: 35 characters unless the template allows more)
 * @param timeout         connect and read timeout of one call
 * @param withdrawTemplateCode   the approved template a withdrawal goes out with (a template is fixed text, so a
 *                               withdrawal needs its own); without one, withdrawals via Aliyun are rejected
 * @param withdrawTemplateParams that template's variables → item fields (default: {@code template-params});
 *                               {@code reason} is the withdrawal's reason
 * @param callbackToken   when set, receipt pushes to {@code /callbacks/sms/aliyun} must carry {@code ?token=} this
 */
@ConfigurationProperties("hub.channels.sms.aliyun")
public record AliyunSmsConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+/?", message = "must be an address such as https://dysmsapi.aliyuncs.com") String endpoint,
        @Secret String accessKeyId,
        @Secret String accessKeySecret,
        @NotBlank String signName,
        @NotBlank String templateCode,
        @NotEmpty @MapFormat(keyFormat = StringConvention.RAW) Map<String, String> templateParams,
        @Bindable(defaultValue = "35") @Min(1) @Max(500) int varMax,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout,
        @Nullable String withdrawTemplateCode,
        @Nullable @MapFormat(keyFormat = StringConvention.RAW) Map<String, String> withdrawTemplateParams,
        @Bindable(defaultValue = "") @Secret(optional = true) String callbackToken) implements ChannelConfigured {

    public AliyunSmsConfig {
        withdrawTemplateCode = withdrawTemplateCode == null || withdrawTemplateCode.isBlank() ? null : withdrawTemplateCode.strip();
        withdrawTemplateParams = withdrawTemplateParams == null || withdrawTemplateParams.isEmpty() ? templateParams : withdrawTemplateParams;
        callbackToken = callbackToken == null ? "" : callbackToken;
    }

    @Override
    public String channelName() {
        return "sms";
    }

    @Override
    public String toString() {
        return "AliyunSmsConfig[" + endpoint + ", " + signName + ", " + templateCode
                + (withdrawTemplateCode == null ? "" : ", withdrawal " + withdrawTemplateCode) + "]";
    }
}

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
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
 */
@ConfigurationProperties("hub.channels.sms.aliyun")
public record AliyunSmsConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+/?", message = "must be an address such as https://dysmsapi.aliyuncs.com") String endpoint,
        @Secret String accessKeyId,
        @Secret String accessKeySecret,
        @NotBlank String signName,
        @NotBlank String templateCode,
        @NotEmpty Map<String, String> templateParams,
        @Bindable(defaultValue = "35") @Min(1) @Max(500) int varMax,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "sms";
    }

    @Override
    public String toString() {
        return "AliyunSmsConfig[" + endpoint + ", " + signName + ", " + templateCode + "]";
    }
}

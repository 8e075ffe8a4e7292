package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code channel-config/sms.yml}: what every SMS says around the item.
 *
 * @param signature    the approved signature, 【单位名】, counted in the length
 * @param optOutSuffix appended (after a space) to every message, 回T退订
 * @param maxParts     most billable parts one message may take; the summary is shortened to fit
 * @param withdrawal   what a withdrawal does, since a text on a phone cannot be recalled: {@code none} (the default)
 *                     sends nothing and ends each withdrawal delivery SKIPPED saying so; {@code correction} sends a
 *                     short correction SMS (template providers use their withdrawal template)
 */
@ConfigurationProperties("hub.channels.sms")
public record SmsConfig(
        @NotBlank @Pattern(regexp = "【[^【】]+】", message = "must be the approved signature in 【】, such as 【南通市文广旅局】") String signature,
        @Bindable(defaultValue = "回T退订") @NotNull String optOutSuffix,
        @Bindable(defaultValue = "3") @Min(1) @Max(10) int maxParts,
        @Bindable(defaultValue = "none") @NotBlank @Pattern(regexp = "correction|none", message = "must be correction or none") String withdrawal)
        implements ChannelConfigured {

    /** Why a withdrawal delivery sends nothing with {@code withdrawal: none}. */
    public static final String NOT_RECALLED = "an SMS cannot be recalled (sms.yml withdrawal: none sends no correction)";

    /** Whether a withdrawal sends a correction SMS. */
    public boolean sendsCorrection() {
        return "correction".equals(withdrawal);
    }

    @Override
    public String channelName() {
        return "sms";
    }
}

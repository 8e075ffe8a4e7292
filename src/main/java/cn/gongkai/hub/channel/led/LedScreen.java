package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.nio.charset.Charset;

/**
 * One LED screen in {@code channel-config/led.yml} ({@code screens.<id>}); one target each.
 *
 * @param location       where it hangs, shown in delivery records
 * @param charsPerLine   line width in columns: an ASCII character takes 1, a Chinese character 2 (see {@link LedLayout})
 * @param lines          lines shown at once (one page)
 * @param encoding       GBK (most controllers) or UTF-8
 * @param displayMinutes how long an item stays in the screen's playlist
 * @param mode           {@code pull}: the screen polls a feed; {@code push}: the hub sends to its controller
 */
@EachProperty("hub.channels.led.screens")
public record LedScreen(
        @Parameter String id,
        @NotBlank String location,
        @NotNull @Min(4) @Max(1000) Integer charsPerLine,
        @NotNull @Min(1) @Max(100) Integer lines,
        @Bindable(defaultValue = "GBK") @NotBlank @Pattern(regexp = "GBK|UTF-8", message = "must be GBK or UTF-8") String encoding,
        @Bindable(defaultValue = "60") @Min(1) @Max(10080) int displayMinutes,
        @Bindable(defaultValue = "pull") @NotBlank @Pattern(regexp = "pull|push", message = "must be pull or push") String mode)
        implements ChannelConfigured {

    public Charset charset() {
        return Charset.forName(encoding);
    }

    @Override
    public String channelName() {
        return "led";
    }
}

package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.nio.charset.Charset;
import java.util.Map;
import java.util.Optional;

/**
 * One LED screen in {@code channel-config/led.yml} ({@code screens.<id>}); one target each.
 *
 * @param location       where it hangs, shown in delivery records
 * @param charsPerLine   line width in columns: an ASCII character takes 1, a Chinese character 2 (see {@link LedLayout})
 * @param lines          lines shown at once (one page)
 * @param encoding       GBK (most controllers) or UTF-8
 * @param displayMinutes how long an item stays in the screen's playlist
 * @param mode           {@code pull}: the screen polls a feed; {@code push}: the hub sends to its controller
 * @param hours          when the screen shows anything ({@code 08:00-18:00} in the hub's zone, may cross midnight;
 *                       {@code 00:00-24:00} all day): outside them its feed is empty. A push screen's controller
 *                       keeps its own schedule: the hub pushes when an item is published or withdrawn
 * @param feedToken      when set, {@code GET /led/<id>/feed} needs {@code ?token=} equal to it; from the environment
 * @param push           the controller of a {@code push} screen: {@code {host, port, timeout}} ({@link LedPush}); the
 *                       raw section is checked against {@link LedPush} by {@link LedDescriptor#check} before binding
 */
@EachProperty("hub.channels.led.screens")
public record LedScreen(
        @Parameter String id,
        @NotBlank String location,
        @NotNull @Min(4) @Max(1000) Integer charsPerLine,
        @NotNull @Min(1) @Max(100) Integer lines,
        @Bindable(defaultValue = "GBK") @NotBlank @Pattern(regexp = "GBK|UTF-8", message = "must be GBK or UTF-8") String encoding,
        @Bindable(defaultValue = "60") @Min(1) @Max(10080) int displayMinutes,
        @Bindable(defaultValue = "pull") @NotBlank @Pattern(regexp = "pull|push", message = "must be pull or push") String mode,
        @Bindable(defaultValue = DisplayHours.ALL_DAY) @NotBlank @Pattern(regexp = DisplayHours.PATTERN,
                message = "must be a window such as 08:00-18:00 (00:00-24:00 for all day)") String hours,
        @Bindable(defaultValue = "") String feedToken,
        @Nullable @MapFormat(keyFormat = StringConvention.RAW) Map<String, String> push)
        implements ChannelConfigured {

    /** A pull screen with the defaults for the rest (tests, tools). */
    public LedScreen(String id, String location, int charsPerLine, int lines, String encoding, int displayMinutes, String mode) {
        this(id, location, charsPerLine, lines, encoding, displayMinutes, mode, DisplayHours.ALL_DAY, "", null);
    }

    public Charset charset() {
        return Charset.forName(encoding);
    }

    public boolean pushed() {
        return "push".equals(mode);
    }

    public DisplayHours displayHours() {
        return DisplayHours.parse(hours);
    }

    /** The controller to push to; empty for a pull screen. */
    public Optional<LedPush> controller() {
        return pushed() && push != null ? Optional.of(LedPush.of(push)) : Optional.empty();
    }

    @Override
    public String channelName() {
        return "led";
    }

    @Override
    public String toString() {
        return "LedScreen[" + id + ", " + mode + ", " + charsPerLine + "x" + lines + " " + encoding + ", " + hours
                + (feedToken == null || feedToken.isEmpty() ? "" : ", feed-token ***") + "]";
    }
}

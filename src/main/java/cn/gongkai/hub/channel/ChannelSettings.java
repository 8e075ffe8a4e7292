package cn.gongkai.hub.channel;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings every channel file has, bound from {@code channel-config/<channel>.yml}.
 *
 * @param transport      the transports in order: one name ({@code outbox} renders to files under the data dir,
 *                       {@code discard} drops, or the channel's own), or for a channel that fails over a list
 * @param maxAttempts    tries before a delivery that keeps meeting an unavailable channel goes DEAD
 * @param initialBackoff first retry delay; doubled per attempt with jitter, capped at {@code maxBackoff}
 * @param batchSize      deliveries handed to the channel in one call
 * @param rate           most messages per second (or minute, hour) the channel sends, all instances together:
 *                       {@code 100/s}, {@code 600/min}, or {@code none}
 * @param ratePerTarget  the same for each target on its own (a QQ group), or {@code none}
 * @param quietHours     {@code 21:00-08:00} (the hub's zone): normal-urgency messages wait until it ends; urgent
 *                       items go at once; {@code none} turns it off
 */
@EachProperty("hub.channels")
public record ChannelSettings(
        @Parameter String name,
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "outbox") @NotNull java.util.List<String> transport,
        @Bindable(defaultValue = "5") @Min(1) @Max(100) int maxAttempts,
        @Bindable(defaultValue = "2s") @NotNull Duration initialBackoff,
        @Bindable(defaultValue = "10m") @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "100") @Min(1) @Max(1000) int batchSize,
        @Bindable(defaultValue = "none") @NotNull @jakarta.validation.constraints.Pattern(regexp = Rate.PATTERN,
                message = "must be a rate such as 100/s, 600/min, 5000/h, or none") String rate,
        @Bindable(defaultValue = "none") @NotNull @jakarta.validation.constraints.Pattern(regexp = Rate.PATTERN,
                message = "must be a rate such as 20/min, or none") String ratePerTarget,
        @Bindable(defaultValue = "none") @NotNull @jakarta.validation.constraints.Pattern(regexp = QuietHours.PATTERN,
                message = "must be a window such as 21:00-08:00, or none") String quietHours) {

    /** The first (preferred) transport's name. */
    public String firstTransport() {
        return transport.isEmpty() ? "outbox" : transport.get(0);
    }
}

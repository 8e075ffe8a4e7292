package cn.gongkai.hub.channel;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * Settings every channel file has, bound from {@code channel-config/<channel>.yml}.
 *
 * @param transport      {@code outbox} (render to files under the data dir) or a real transport as they land
 * @param maxAttempts    tries before a delivery that keeps meeting an unavailable channel goes DEAD
 * @param initialBackoff first retry delay; doubled per attempt with jitter, capped at {@code maxBackoff}
 * @param batchSize      deliveries handed to the channel in one call
 */
@EachProperty("hub.channels")
public record ChannelSettings(
        @Parameter String name,
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "outbox") @NotNull @Pattern(regexp = "outbox|discard", message = "must be one of: outbox, discard") String transport,
        @Bindable(defaultValue = "5") @Min(1) @Max(100) int maxAttempts,
        @Bindable(defaultValue = "2s") @NotNull Duration initialBackoff,
        @Bindable(defaultValue = "10m") @NotNull Duration maxBackoff,
        @Bindable(defaultValue = "100") @Min(1) @Max(1000) int batchSize) {
}

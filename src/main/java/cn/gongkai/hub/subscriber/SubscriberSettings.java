package cn.gongkai.hub.subscriber;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

/**
 * {@code hub.subscribers.*}.
 *
 * @param dimensions the tag dimensions configured at start (an ADMIN may replace them, see {@link Dimensions})
 * @param buckets    slot buckets the subscribers are spread over; cannot change under existing subscribers
 * @param segmentTtl how long a notice's resolved segment is kept for its planning
 */
@ConfigurationProperties("hub.subscribers")
public record SubscriberSettings(
        @NotNull List<String> dimensions,
        @Bindable(defaultValue = "64") @Min(1) @Max(1024) int buckets,
        @Bindable(defaultValue = "7d") @NotNull Duration segmentTtl) {
}

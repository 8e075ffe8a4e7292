package cn.gongkai.hub.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code hub.delivery.*}: the engine's knobs.
 *
 * @param deliveriesPerEntry deliveries of one publication carried by one stream entry
 * @param reclaimIdleMillis  an entry a consumer has held this long without finishing is taken over by another
 *                           (must exceed the slowest channel call)
 * @param pollMillis         how often due retries and scheduled publications are released
 * @param buckets            slot buckets each channel's deliveries are spread over (so one channel uses every Redis
 *                           Cluster shard); fixed once deliveries exist
 * @param planPageSize       targets planned in one step (one short script per bucket)
 * @param planPagesPerStep   pages one publication plans before it yields the planner to other publications
 */
@ConfigurationProperties("hub.delivery")
public record DeliverySettings(
        @Bindable(defaultValue = "100") @Min(1) @Max(1000) int deliveriesPerEntry,
        @Bindable(defaultValue = "60000") @Min(100) long reclaimIdleMillis,
        @Bindable(defaultValue = "1000") @Min(10) long pollMillis,
        @Bindable(defaultValue = "5000000") @Min(0) long streamMaxLen,
        @Bindable(defaultValue = "16") @Min(1) @Max(1024) int buckets,
        @Bindable(defaultValue = "1000") @Min(1) @Max(10000) int planPageSize,
        @Bindable(defaultValue = "10") @Min(1) @Max(1000) int planPagesPerStep) {
}

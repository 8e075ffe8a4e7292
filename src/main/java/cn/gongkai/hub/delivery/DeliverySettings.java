package cn.gongkai.hub.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * {@code hub.delivery.*}: the backbone's knobs.
 *
 * @param deliveriesPerEntry deliveries of one publication carried by one stream entry (planning chunk)
 * @param reclaimIdleMillis  an entry a consumer has held this long without finishing is taken over by another
 *                           (must exceed the slowest channel call)
 * @param pollMillis         how often due retries and scheduled publications are released
 */
@ConfigurationProperties("hub.delivery")
public record DeliverySettings(
        @Bindable(defaultValue = "100") @Min(1) int deliveriesPerEntry,
        @Bindable(defaultValue = "60000") @Min(100) long reclaimIdleMillis,
        @Bindable(defaultValue = "1000") @Min(10) long pollMillis,
        @Bindable(defaultValue = "5000000") @Min(0) long streamMaxLen) {
}

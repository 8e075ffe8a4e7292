package cn.gongkai.hub.deadline;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code hub.deadlines.*}.
 *
 * @param urgentHours         an urgent item not published this many hours after its final approval is late
 * @param dueSoonWorkingDays  an unpublished item due within this many working days is listed as due soon
 */
@ConfigurationProperties("hub.deadlines")
public record DeadlineSettings(
        @Bindable(defaultValue = "24") @Min(1) @Max(8760) int urgentHours,
        @Bindable(defaultValue = "3") @Min(0) @Max(20) int dueSoonWorkingDays) {
}

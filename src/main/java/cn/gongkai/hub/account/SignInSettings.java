package cn.gongkai.hub.account;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * How failed sign-ins slow down further tries ({@code hub.security.sign-in.*}). Failures are counted per (user,
 * source address) and per source address alone; past the free ones, each failure locks that counter for
 * {@code first-lock}, doubling per failure up to {@code max-lock}. A counter is forgotten {@code forget-after}
 * the last failure.
 *
 * @param freeFailures        failures of one user from one address before the first lock
 * @param addressFreeFailures failures from one address, whatever the user names, before that address is locked
 * @param firstLock           the first lock
 * @param maxLock             the longest lock
 * @param forgetAfter         a counter with no failure for this long starts again from zero
 */
@ConfigurationProperties("hub.security.sign-in")
public record SignInSettings(
        @Bindable(defaultValue = "5") @Min(1) int freeFailures,
        @Bindable(defaultValue = "20") @Min(1) int addressFreeFailures,
        @Bindable(defaultValue = "1s") @NotNull Duration firstLock,
        @Bindable(defaultValue = "5m") @NotNull Duration maxLock,
        @Bindable(defaultValue = "1h") @NotNull Duration forgetAfter) {
}

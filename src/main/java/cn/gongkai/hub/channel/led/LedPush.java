package cn.gongkai.hub.channel.led;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.Map;

/**
 * {@code push:} of a {@code push} screen in {@code channel-config/led.yml}: where its controller (or the site's bridge to
 * the vendor's protocol) listens for frames.
 *
 * @param host    its name or address
 * @param port    its TCP port
 * @param timeout how long to wait for the connection and for each page's ack
 */
public record LedPush(
        @NotBlank String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @Bindable(defaultValue = "5s") @NotNull Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** From the section as bound (checked by {@link LedDescriptor#check} at start-up). */
    static LedPush of(Map<String, String> section) {
        String t = section.get("timeout");
        return new LedPush(section.get("host").strip(), Integer.parseInt(section.get("port").strip()),
                t == null || t.isBlank() ? DEFAULT_TIMEOUT : duration(t.strip()));
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}: the forms ConfigCheck lets through. */
    static Duration duration(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("'" + s + "' is not a duration");
        };
    }
}

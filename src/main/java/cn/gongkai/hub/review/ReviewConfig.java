package cn.gongkai.hub.review;

import cn.gongkai.hub.review.scan.PersonalInfoSeverities;
import cn.gongkai.hub.review.scan.Severity;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Pattern;

/**
 * {@code hub.review.*}: how personal information found by the scan counts ({@code block} or {@code warn}).
 */
@ConfigurationProperties("hub.review")
public record ReviewConfig(
        @Bindable(defaultValue = "block") @Pattern(regexp = "block|warn") String idCard,
        @Bindable(defaultValue = "warn") @Pattern(regexp = "block|warn") String mobile,
        @Bindable(defaultValue = "block") @Pattern(regexp = "block|warn") String bankCard,
        @Bindable(defaultValue = "warn") @Pattern(regexp = "block|warn") String email) {

    PersonalInfoSeverities severities() {
        return new PersonalInfoSeverities(sev(idCard), sev(mobile), sev(bankCard), sev(email));
    }

    private static Severity sev(String s) {
        return "warn".equals(s) ? Severity.WARN : Severity.BLOCK;
    }
}

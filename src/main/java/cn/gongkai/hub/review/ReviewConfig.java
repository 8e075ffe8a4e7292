package cn.gongkai.hub.review;

import cn.gongkai.hub.review.scan.PersonalInfoSeverities;
import cn.gongkai.hub.review.scan.Severity;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * {@code hub.review.*}: how personal information found by the scan counts ({@code block} or {@code warn}), and how
 * much of an attachment the scan reads.
 *
 * @param maxScannedAttachmentBytes larger attachments are not opened and get a not-scanned finding; the default is
 *                                  the upload limit ({@code hub.max-attachment-bytes}), so every upload is read
 * @param maxScannedAttachmentChars text extracted beyond this is not scanned, and a not-scanned finding says so
 */
@ConfigurationProperties("hub.review")
public record ReviewConfig(
        @Bindable(defaultValue = "block") @Pattern(regexp = "block|warn") String idCard,
        @Bindable(defaultValue = "warn") @Pattern(regexp = "block|warn") String mobile,
        @Bindable(defaultValue = "block") @Pattern(regexp = "block|warn") String bankCard,
        @Bindable(defaultValue = "warn") @Pattern(regexp = "block|warn") String email,
        @Bindable(defaultValue = "20971520") @Min(1) long maxScannedAttachmentBytes,
        @Bindable(defaultValue = "2000000") @Min(1) int maxScannedAttachmentChars) {

    PersonalInfoSeverities severities() {
        return new PersonalInfoSeverities(sev(idCard), sev(mobile), sev(bankCard), sev(email));
    }

    private static Severity sev(String s) {
        return "warn".equals(s) ? Severity.WARN : Severity.BLOCK;
    }
}

package cn.gongkai.hub.review.scan;

import java.util.List;

/**
 * What the scan is configured with. Compiled into matchers once per policy value by {@link Scanner}.
 *
 * @param personalInfo        severities per kind of personal information
 * @param restrictedDocuments the register of documents that must not be named
 * @param sensitiveWords      the sensitive-word list
 */
public record ScanPolicy(PersonalInfoSeverities personalInfo,
                         List<RestrictedDocument> restrictedDocuments,
                         List<SensitiveWord> sensitiveWords) {

    public ScanPolicy {
        personalInfo = personalInfo == null ? PersonalInfoSeverities.DEFAULTS : personalInfo;
        restrictedDocuments = restrictedDocuments == null ? List.of() : List.copyOf(restrictedDocuments);
        sensitiveWords = sensitiveWords == null ? List.of() : List.copyOf(sensitiveWords);
    }

    /** Default personal-info severities, empty register, no sensitive words. */
    public static ScanPolicy defaults() {
        return new ScanPolicy(PersonalInfoSeverities.DEFAULTS, List.of(), List.of());
    }
}

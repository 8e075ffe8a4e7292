package cn.gongkai.hub.review.scan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of an item as the scanner sees it. Null text fields are skipped.
 *
 * @param issuer          the issuing office as published (发布机构)
 * @param attachmentNames file names of all attachments (scanned as field {@code attachment:<name>})
 * @param attachmentTexts file name to extracted text, for attachments that have text
 *                        (scanned as field {@code attachment-text:<name>}); iteration order is kept
 * @param notScanned      file name to why (in Chinese) its text could not be read, or not all of it; each becomes a
 *                        {@value Finding#NOT_SCANNED} finding in field {@code attachment:<name>}
 */
public record ScanInput(String title, String summary, String body, String docNumber, String issuer,
                        List<String> attachmentNames, Map<String, String> attachmentTexts, Map<String, String> notScanned) {

    public ScanInput {
        attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
        attachmentTexts = attachmentTexts == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attachmentTexts));
        notScanned = notScanned == null ? Map.of() : Map.copyOf(notScanned);
    }

    public static ScanInput of(String title, String body) {
        return new ScanInput(title, null, body, null, null, List.of(), Map.of(), Map.of());
    }
}

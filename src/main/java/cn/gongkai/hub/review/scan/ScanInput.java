package cn.gongkai.hub.review.scan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of an item as the scanner sees it. Null text fields are skipped.
 *
 * @param attachmentNames file names of all attachments (scanned as field {@code attachment:<name>})
 * @param attachmentTexts file name to extracted text, for attachments that have text
 *                        (scanned as field {@code attachment-text:<name>}); iteration order is kept
 */
public record ScanInput(String title, String summary, String body, String docNumber,
                        List<String> attachmentNames, Map<String, String> attachmentTexts) {

    public ScanInput {
        attachmentNames = attachmentNames == null ? List.of() : List.copyOf(attachmentNames);
        attachmentTexts = attachmentTexts == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attachmentTexts));
    }

    public static ScanInput of(String title, String body) {
        return new ScanInput(title, null, body, null, List.of(), Map.of());
    }
}

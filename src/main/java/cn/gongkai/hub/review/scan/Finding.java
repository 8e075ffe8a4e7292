package cn.gongkai.hub.review.scan;

/**
 * One hit of one rule in one field of an item.
 *
 * @param id             {@code rule:field:offset}; stable across re-scans of the same content, so a waiver can name it
 * @param field          {@code title}, {@code summary}, {@code body}, {@code docNumber}, {@code issuer},
 *                       {@code attachment:<file name>} or {@code attachment-text:<file name>}
 * @param excerpt        the match with about {@value #CONTEXT} characters either side, from the original text
 * @param offset         char index of the match in that field's original text (as typed, also when the match was
 *                       found in the rendered text)
 * @param message        for the reviewer, in Chinese
 * @param waiverRequired a warning that a reviewer must still waive by id before approval, as for a file the scan
 *                       could not read ({@value #NOT_SCANNED}); false for everything else, and for findings stored
 *                       before this component existed
 */
public record Finding(String id, String rule, Severity severity, String field, String excerpt, int offset, String message,
                      boolean waiverRequired) {

    /** Rule name of the finding for an attachment whose text could not be read. */
    public static final String NOT_SCANNED = "not-scanned";

    static final int CONTEXT = 10;

    /** True if approval needs this finding waived: it blocks, or nobody has read what it stands for. */
    public boolean mustBeWaived() {
        return severity == Severity.BLOCK || waiverRequired;
    }

    /** A finding for {@code text[start, end)} with the excerpt cut from {@code text}. */
    static Finding of(String rule, Severity severity, String field, String text, int start, int end, String message) {
        return new Finding(id(rule, field, start), rule, severity, field, excerpt(text, start, end), start, message, false);
    }

    /** The attachment {@code name} was not scanned, for the reason given in Chinese; a reviewer must look at it. */
    static Finding notScanned(String name, String reason) {
        String field = "attachment:" + name;
        return new Finding(id(NOT_SCANNED, field, 0), NOT_SCANNED, Severity.WARN, field, name, 0, "未能扫描：" + reason, true);
    }

    static String id(String rule, String field, int offset) {
        return rule + ":" + field + ":" + offset;
    }

    static String excerpt(String text, int start, int end) {
        int from = excerptStart(text, start);
        int to = Math.min(text.length(), end + CONTEXT);
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        return text.substring(from, to);
    }

    /** Where the excerpt of a match at {@code start} begins: {@value #CONTEXT} chars before, not inside a surrogate pair. */
    static int excerptStart(String text, int start) {
        int from = Math.max(0, start - CONTEXT);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        return from;
    }
}

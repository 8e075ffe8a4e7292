package cn.gongkai.hub.review.scan;

/**
 * One hit of one rule in one field of an item.
 *
 * @param id       {@code rule:field:offset}; stable across re-scans of the same content, so a waiver can name it
 * @param field    {@code title}, {@code summary}, {@code body}, {@code docNumber}, {@code attachment:<file name>}
 *                 or {@code attachment-text:<file name>}
 * @param excerpt  the match with about {@value #CONTEXT} characters either side, from the original text
 * @param offset   char index of the match in that field's original text
 * @param message  for the reviewer, in Chinese
 */
public record Finding(String id, String rule, Severity severity, String field, String excerpt, int offset, String message) {

    static final int CONTEXT = 10;

    /** A finding for {@code text[start, end)} with the excerpt cut from {@code text}. */
    static Finding of(String rule, Severity severity, String field, String text, int start, int end, String message) {
        return new Finding(id(rule, field, start), rule, severity, field, excerpt(text, start, end), start, message);
    }

    static String id(String rule, String field, int offset) {
        return rule + ":" + field + ":" + offset;
    }

    static String excerpt(String text, int start, int end) {
        int from = Math.max(0, start - CONTEXT);
        int to = Math.min(text.length(), end + CONTEXT);
        // do not cut a surrogate pair in half
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        return text.substring(from, to);
    }
}

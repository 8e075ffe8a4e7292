package cn.gongkai.hub.review.scan;

import java.util.Optional;

/**
 * Where a finding's match lies in the text it was found in, read back from what a {@link Finding} keeps: its
 * {@code offset} (the match's start in the text as typed) and its {@code excerpt}, which {@link Finding#excerpt} cut
 * from {@value Finding#CONTEXT} chars before the start to {@value Finding#CONTEXT} chars after the end (fewer at either
 * end of the text). So the end is the excerpt's end less the context, except
 * when the excerpt reaches the end of the text: then the match ends somewhere in its last {@value Finding#CONTEXT}
 * chars and only the part before them is certain, which is what {@link #of} returns. A masked excerpt
 * ({@code ScanText#masked}) has the length of the original, so it reads back the same.
 *
 * @param start char index of the match's first char
 * @param end   char index just after the match (or after its certain part), {@code > start}
 */
public record FindingSpan(int start, int end) {

    /** The span of {@code f} in {@code text}, the field's text as typed; empty if the finding does not fit the text. */
    public static Optional<FindingSpan> of(Finding f, String text) {
        if (text == null || f.excerpt() == null || f.offset() < 0 || f.offset() >= text.length()) {
            return Optional.empty();
        }
        int from = Finding.excerptStart(text, f.offset());
        int to = from + f.excerpt().length();
        if (to > text.length() || !sameText(f.excerpt(), text, from)) {
            return Optional.empty();
        }
        // an excerpt that took one more char to end after a whole surrogate pair reads back one char long: rare, harmless
        int end = to == text.length() ? text.length() - Finding.CONTEXT : to - Finding.CONTEXT;
        end = Math.min(text.length(), Math.max(f.offset() + 1, end));
        if (end < text.length() && Character.isLowSurrogate(text.charAt(end)) && Character.isHighSurrogate(text.charAt(end - 1))) {
            end++;
        }
        return Optional.of(new FindingSpan(f.offset(), end));
    }

    /**
     * The span of {@code f} in its own excerpt, for a text the page does not hold (an attachment's extracted text):
     * the start as {@link Finding#excerpt} cut it, the end {@value Finding#CONTEXT} chars before the excerpt's end (the
     * match, or its certain part when the excerpt reached the end of the text).
     */
    public static Optional<FindingSpan> inExcerpt(Finding f) {
        String e = f.excerpt();
        if (e == null || e.isEmpty() || f.offset() < 0) {
            return Optional.empty();
        }
        int start = Math.min(f.offset(), Finding.CONTEXT);
        if (f.offset() > Finding.CONTEXT && e.length() > 1 && Character.isHighSurrogate(e.charAt(0)) && Character.isLowSurrogate(e.charAt(1))
                && start + 1 < e.length() && Character.isLowSurrogate(e.charAt(start))) {
            start++;
        }
        if (start >= e.length()) {
            return Optional.empty();
        }
        int end = Math.min(e.length(), Math.max(start + 1, e.length() - Finding.CONTEXT));
        return Optional.of(new FindingSpan(start, end));
    }

    /** Whether the excerpt is {@code text} at {@code from}, reading a {@code *} of a masked excerpt as any letter or digit. */
    private static boolean sameText(String excerpt, String text, int from) {
        for (int i = 0; i < excerpt.length(); i++) {
            char e = excerpt.charAt(i);
            char t = text.charAt(from + i);
            if (e != t && !(e == '*' && Character.isLetterOrDigit(t))) {
                return false;
            }
        }
        return true;
    }
}

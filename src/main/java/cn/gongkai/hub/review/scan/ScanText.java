package cn.gongkai.hub.review.scan;

import java.util.BitSet;

/**
 * The text a {@link Rule} reads: a field's source text as typed, or its rendered view ({@link RenderedText}), with a
 * map from every char of {@link #text()} back to the source chars it came from. Rules match on {@link #text()} and
 * build their findings with {@link #finding} or {@link #masked}, so a finding's offset and excerpt point into the
 * source whichever text was read: a reviewer sees, and a waiver names, what the editor typed.
 */
public final class ScanText {

    private final String source;
    private final String text;
    /** {@code origin[i]}: source index of the first char that produced text char {@code i}; null for the source itself. */
    private final int[] origin;
    /** {@code originEnd[i]}: source index just after the last char that produced text char {@code i}. */
    private final int[] originEnd;
    /** Text indices where blanks between two CJK chars were folded away, just before that index; null for none. */
    private final BitSet gaps;

    private ScanText(String source, String text, int[] origin, int[] originEnd, BitSet gaps) {
        this.source = source;
        this.text = text;
        this.origin = origin;
        this.originEnd = originEnd;
        this.gaps = gaps;
    }

    /** The source text read as is. */
    public static ScanText of(String source) {
        return new ScanText(source, source, null, null, null);
    }

    static ScanText view(String source, String text, int[] origin, int[] originEnd, BitSet gaps) {
        return new ScanText(source, text, origin, originEnd, gaps == null || gaps.isEmpty() ? null : gaps);
    }

    /** What the rule matches on. */
    public String text() {
        return text;
    }

    /** The field's text as typed. */
    public String source() {
        return source;
    }

    /** Source index of text char {@code i}. */
    int sourceStart(int i) {
        return origin == null ? i : origin[i];
    }

    /** Source index just after text range {@code [.., end)}, {@code end > 0}. */
    int sourceEnd(int end) {
        return originEnd == null ? end : originEnd[end - 1];
    }

    /** Whether blanks between two CJK chars were folded away just before text index {@code i}. */
    boolean gapBefore(int i) {
        return gaps != null && gaps.get(i);
    }

    /** A finding for text {@code [start, end)}, located and excerpted in the source. */
    Finding finding(String rule, Severity severity, String field, int start, int end, String message) {
        return Finding.of(rule, severity, field, source, sourceStart(start), sourceEnd(end), message);
    }

    /**
     * Like {@link #finding}, with the letters and digits of the source behind text {@code [maskFrom, maskTo)} replaced
     * by {@code *} in the excerpt, so findings stored and shown by the hub do not copy personal data.
     */
    Finding masked(String rule, Severity severity, String field, int start, int end, int maskFrom, int maskTo,
                   String message) {
        Finding plain = finding(rule, severity, field, start, end, message);
        if (maskTo <= maskFrom) {
            return plain;
        }
        int from = sourceStart(maskFrom);
        int to = sourceEnd(maskTo);
        int excerptStart = Finding.excerptStart(source, plain.offset());
        StringBuilder excerpt = new StringBuilder(plain.excerpt());
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(source.charAt(i))) {
                excerpt.setCharAt(i - excerptStart, '*');
            }
        }
        return new Finding(plain.id(), plain.rule(), severity, field, excerpt.toString(), plain.offset(), message, false);
    }
}

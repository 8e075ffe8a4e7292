package cn.gongkai.hub.review.scan;

import java.util.List;

/**
 * One check of the confidentiality scan. Implementations are pure (no I/O), immutable and thread-safe; whatever
 * they need from the {@link ScanPolicy} is prepared in their constructor, so {@link #scan} only reads.
 */
public interface Rule {

    /** The name written to {@link Finding#rule()}, e.g. {@code classification-mark}. */
    String name();

    /**
     * Appends a finding to {@code out} for each hit in {@link ScanText#text() text.text()}, built with
     * {@link ScanText#finding} so that offsets and excerpts are those of the source. At most one finding per offset,
     * so finding ids are unique. The {@link Scanner} calls this once with the source and once with the rendered view.
     *
     * @param field the field name the findings carry (see {@link Finding#field()})
     */
    void scan(String field, ScanText text, List<Finding> out);

    /** {@link #scan(String, ScanText, List)} on {@code text} as typed. */
    default void scan(String field, String text, List<Finding> out) {
        scan(field, ScanText.of(text), out);
    }
}

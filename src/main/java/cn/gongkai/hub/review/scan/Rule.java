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
     * Appends a finding to {@code out} for each hit in {@code text}, with offsets into {@code text}.
     * At most one finding per offset, so finding ids are unique.
     *
     * @param field the field name the findings carry (see {@link Finding#field()})
     */
    void scan(String field, String text, List<Finding> out);
}

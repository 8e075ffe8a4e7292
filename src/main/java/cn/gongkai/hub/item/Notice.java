package cn.gongkai.hub.item;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/**
 * What makes an item a targeted notice (定向发布): who it goes to and how. Part of the reviewed content, so the review
 * approves the audience as well as the text, and the gate refuses a notice whose segment changed after approval.
 *
 * @param segment the subscribers it goes to, a boolean expression over their tags
 * @param mode    {@code fallback}: each person on the first of their preferred channels that can reach them;
 *                {@code all}: on every channel of the notice that can reach them
 * @param publishAt when the editor wants it out once approved (a publication requested without a time is scheduled
 *                  for it while it is ahead); a wish, not reviewed content, so not in the content hash
 */
public record Notice(Segment segment, Mode mode, java.time.Instant publishAt) {

    public Notice {
        mode = mode == null ? Mode.FALLBACK : mode;
    }

    public Notice(Segment segment, Mode mode) {
        this(segment, mode, null);
    }

    /**
     * {@code {"all": [...], "any": [...], "not": [...]}} over tags {@code 维度:值}: every tag of {@code all}, at least one
     * of {@code any} (when given), none of {@code not}. An empty {@code all} and {@code any} mean every subscriber.
     */
    public record Segment(List<String> all, List<String> any, List<String> not) {
        public Segment {
            all = all == null ? List.of() : List.copyOf(all);
            any = any == null ? List.of() : List.copyOf(any);
            not = not == null ? List.of() : List.copyOf(not);
        }

        /** A canonical text of the expression (for the content hash and logs). */
        public String canonical() {
            return "all=" + String.join(";", all.stream().sorted().toList())
                    + "|any=" + String.join(";", any.stream().sorted().toList())
                    + "|not=" + String.join(";", not.stream().sorted().toList());
        }
    }

    public enum Mode {
        FALLBACK, ALL;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }

        @JsonCreator
        public static Mode parse(String s) {
            if (s == null || s.isBlank()) {
                return FALLBACK;
            }
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(s.strip())) {
                    return m;
                }
            }
            return null;
        }
    }
}

package cn.gongkai.hub.item;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a publication request, a delivery or a channel call does with an item version. */
public enum Action {
    PUBLISH, WITHDRAW;

    /** The name on the wire (stream entries, delivery records, JSON): {@code publish}, {@code withdraw}. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads {@link #wire()}; a missing value is a publication (entries written before actions existed). */
    @JsonCreator
    public static Action of(String wire) {
        if (wire == null || wire.isEmpty() || "publish".equals(wire)) {
            return PUBLISH;
        }
        if ("withdraw".equals(wire)) {
            return WITHDRAW;
        }
        throw new IllegalArgumentException("unknown action '" + wire + "'");
    }
}

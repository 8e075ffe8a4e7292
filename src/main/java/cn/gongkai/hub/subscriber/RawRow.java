package cn.gongkai.hub.subscriber;

import java.util.List;
import java.util.Map;

/**
 * One data row of an import file as read, before any checking.
 *
 * @param row    the row number a person sees: the header is row 1 (or the first non-blank row), a CSV record that
 *               spans lines has the line it starts on, an xlsx row its sheet row number
 * @param values cell text by {@link SubscriberColumn#header()}, for the columns the header names; a column the file
 *               does not have is absent, an empty cell is {@code ""}
 * @param stray  non-blank cells in columns that have no header (beyond the last header, or under a blank header
 *               cell): in a CSV usually an unquoted comma inside a field, so {@link SubscriberRows#check} refuses the row
 */
public record RawRow(int row, Map<String, String> values, List<String> stray) {
    public RawRow {
        values = Map.copyOf(values);
        stray = stray == null ? List.of() : List.copyOf(stray);
    }

    public RawRow(int row, Map<String, String> values) {
        this(row, values, List.of());
    }

    /** The cell of {@code column}, or null when the file has no such column. */
    public String get(SubscriberColumn column) {
        return values.get(column.header());
    }
}

package cn.gongkai.hub.subscriber;

/**
 * A problem with one row of an import file, or with its header row.
 *
 * @param row     the row number as {@link RawRow#row()} counts it
 * @param column  the column's {@link SubscriberColumn#header()} (for a header problem: the header cell as written), or
 *                null when the problem is the row as a whole (no address at all, stray values)
 * @param problem plain words an office can act on, e.g. {@code "1381234567" is not an 11-digit mainland mobile
 *                number}; it quotes the cell, so it is personal data: show it to the uploader, do not log it
 */
public record RowError(int row, String column, String problem) {

    /** {@code row 5, mobile: "1381234567" is not ...}. */
    public String describe() {
        return "row " + row + (column == null ? "" : ", " + column) + ": " + problem;
    }
}

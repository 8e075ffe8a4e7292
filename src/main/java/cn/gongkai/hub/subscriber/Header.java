package cn.gongkai.hub.subscriber;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A file's header row: which column each position holds, and how a data row's cells become a {@link RawRow}. */
final class Header {
    private final int row;
    private final SubscriberColumn[] columns;

    private Header(int row, SubscriberColumn[] columns) {
        this.row = row;
        this.columns = columns;
    }

    int row() {
        return row;
    }

    /**
     * The header of {@code cells} (null or blank cells allowed: Excel leaves them), or {@link SubscriberFileReader.Refused}
     * listing every unknown or repeated column and a missing {@code name} column.
     */
    static Header of(int row, List<String> cells, String fileName) throws SubscriberFileReader.Refused {
        SubscriberColumn[] columns = new SubscriberColumn[cells.size()];
        Map<SubscriberColumn, Integer> seen = new EnumMap<>(SubscriberColumn.class);
        List<RowError> problems = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            if (SubscriberColumn.normalise(cell).isEmpty()) {
                continue;
            }
            String written = cell.strip();
            SubscriberColumn column = SubscriberColumn.find(cell).orElse(null);
            if (column == null) {
                problems.add(new RowError(row, written, "unknown column \"" + written + "\" (column " + letters(i) + ")" + separatorHint(written)
                        + "; the columns are " + SubscriberColumn.headers() + " (or " + SubscriberColumn.chineseHeaders() + ")"));
            } else if (seen.containsKey(column)) {
                int first = seen.get(column);
                problems.add(new RowError(row, written, "column " + letters(i) + " \"" + written + "\" repeats column " + letters(first)
                        + " \"" + cells.get(first).strip() + "\" (both are " + column.header() + ")"));
            } else {
                seen.put(column, i);
                columns[i] = column;
            }
        }
        if (!seen.containsKey(SubscriberColumn.NAME)) {
            problems.add(new RowError(row, SubscriberColumn.NAME.header(), "no name column (姓名): the first row must name the columns, "
                    + "e.g. name,mobile,email (or 姓名,手机号,邮箱)"));
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder(fileName).append(": the header row (row ").append(row).append(") is not right: ");
            for (int i = 0; i < problems.size(); i++) {
                message.append(i == 0 ? "" : "; ").append(problems.get(i).problem());
            }
            throw new SubscriberFileReader.Refused(message.toString(), problems);
        }
        return new Header(row, columns);
    }

    /**
     * The row of {@code cells} ({@code count} of them; null for a cell the file leaves out): every header column gets a
     * value, {@code ""} when empty; non-blank cells outside the header's columns go to {@link RawRow#stray()}.
     */
    RawRow toRow(int rowNumber, String[] cells, int count) {
        Map<String, String> values = new HashMap<>(columns.length * 2);
        List<String> stray = null;
        for (SubscriberColumn c : columns) {
            if (c != null) {
                values.put(c.header(), "");
            }
        }
        for (int i = 0; i < count; i++) {
            String v = cells[i];
            if (v == null || v.isEmpty()) {
                continue;
            }
            SubscriberColumn c = i < columns.length ? columns[i] : null;
            if (c != null) {
                values.put(c.header(), v);
            } else if (!v.isBlank()) {
                if (stray == null) {
                    stray = new ArrayList<>(2);
                }
                stray.add(v);
            }
        }
        return new RawRow(rowNumber, values, stray);
    }

    static boolean blank(String[] cells, int count) {
        for (int i = 0; i < count; i++) {
            if (cells[i] != null && !cells[i].isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** A, B, ... Z, AA: the column as Excel names it (also for a CSV, which people open in Excel). */
    static String letters(int index) {
        StringBuilder s = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            s.append((char) ('A' + (n - 1) % 26));
        }
        return s.reverse().toString();
    }

    /** Why a header cell such as {@code name;mobile} is unknown: the file is not comma-separated. */
    private static String separatorHint(String cell) {
        if (cell.indexOf(';') >= 0 || cell.indexOf('；') >= 0) {
            return " (columns must be separated by commas, and this row seems to use ';')";
        }
        if (cell.indexOf('\t') >= 0) {
            return " (columns must be separated by commas, and this row seems to use tabs)";
        }
        return "";
    }
}

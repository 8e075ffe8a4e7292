package cn.gongkai.hub.stats;

import java.util.List;

/**
 * The yearly report as a document, independent of its file format: its title and its blocks in order. Each format's
 * writer ({@link HtmlReportWriter}, {@link DocxReportWriter}, {@link MarkdownReportWriter}) walks the same blocks, so
 * the three files say the same thing: every heading, table and label, the hub's numbers, and the same cells left for
 * the office.
 */
record ReportDocument(String title, List<Block> blocks) {

    ReportDocument {
        blocks = List.copyOf(blocks);
    }

    /** What the office fills in a text: shown as is, shaded where the format can shade. */
    static final String TO_FILL = "（待填写）";

    sealed interface Block permits Heading, Paragraph, Note, Check, Table, Chart {
        /** The block's kind, for the HTML template: heading1, heading2, paragraph, note, check, table, chart. */
        String kind();
    }

    /** {@code level} 1 for 一、总体情况, 2 for （一）主动公开. */
    record Heading(int level, String text) implements Block {
        @Override
        public String kind() {
            return "heading" + level;
        }
    }

    /** Body text; spans with {@code toFill} are the office's to write ({@code （待填写：…）}). */
    record Paragraph(List<Span> spans) implements Block {
        Paragraph {
            spans = List.copyOf(spans);
        }

        static Paragraph of(Span... spans) {
            return new Paragraph(List.of(spans));
        }

        @Override
        public String kind() {
            return "paragraph";
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            spans.forEach(s -> sb.append(s.text()));
            return sb.toString();
        }
    }

    record Span(String text, boolean toFill) {
        static Span text(String text) {
            return new Span(text, false);
        }

        /** {@code （待填写：hint）}, or {@link #TO_FILL} without a hint. */
        static Span toFill(String hint) {
            return new Span(hint == null || hint.isEmpty() ? TO_FILL : "（待填写：" + hint + "）", true);
        }
    }

    /** A note for whoever edits the report (how cells are marked), to be deleted before publication. */
    record Note(String text) implements Block {
        @Override
        public String kind() {
            return "note";
        }
    }

    /** A check of the hub's numbers that failed, shown right after the table it concerns. */
    record Check(String text) implements Block {
        @Override
        public String kind() {
            return "check";
        }
    }

    /** The per-channel counts by month, drawn as SVG where the format can show it. */
    record Chart(MonthlyChart.View view) implements Block {
        @Override
        public String kind() {
            return "chart";
        }
    }

    /**
     * A table as the official format draws it: {@code rows} hold only the cells that start at their place (a cell
     * spanning rows or columns covers the places to its right and below, as in HTML). The first {@code headerRows} rows
     * are column headers; the first {@code labelColumns} columns of the other rows are row labels. {@code title} is the
     * line the format prints above or atop the table (第二十条第（一）项), null where the section heading names it.
     */
    record Table(String title, int columns, int headerRows, int labelColumns, List<List<Cell>> rows) implements Block {
        Table {
            rows = rows.stream().map(List::copyOf).toList();
        }

        @Override
        public String kind() {
            return "table";
        }

        public List<List<Cell>> headRows() {
            return rows.subList(0, headerRows);
        }

        public List<List<Cell>> bodyRows() {
            return rows.subList(headerRows, rows.size());
        }

        /** Every place of the grid ({@code [row][column]}) with the cell covering it and where that cell starts. */
        Placed[][] grid() {
            Placed[][] grid = new Placed[rows.size()][columns];
            for (int r = 0; r < rows.size(); r++) {
                int c = 0;
                for (Cell cell : rows.get(r)) {
                    while (c < columns && grid[r][c] != null) {
                        c++;
                    }
                    if (c + cell.colspan() > columns || r + cell.rowspan() > rows.size()) {
                        throw new IllegalStateException("table " + title + ": cell '" + cell.text() + "' of row " + r + " does not fit");
                    }
                    Placed placed = new Placed(cell, r, c);
                    for (int dr = 0; dr < cell.rowspan(); dr++) {
                        for (int dc = 0; dc < cell.colspan(); dc++) {
                            if (grid[r + dr][c + dc] != null) {
                                throw new IllegalStateException("table " + title + ": cells overlap at row " + (r + dr) + ", column " + (c + dc));
                            }
                            grid[r + dr][c + dc] = placed;
                        }
                    }
                    c += cell.colspan();
                }
            }
            for (int r = 0; r < grid.length; r++) {
                for (int c = 0; c < columns; c++) {
                    if (grid[r][c] == null) {
                        throw new IllegalStateException("table " + title + ": row " + r + " has no cell at column " + c);
                    }
                }
            }
            return grid;
        }
    }

    /** A cell on the grid and the place it starts at. */
    record Placed(Cell cell, int row, int column) {
        boolean startsAt(int r, int c) {
            return row == r && column == c;
        }
    }

    enum CellKind {
        /** A column header (信息内容, 本年制发件数). */
        HEADER,
        /** A row label (规章, 1.属于国家秘密). */
        LABEL,
        /** A number the hub knows. */
        VALUE,
        /** An empty cell for the office: shaded where the format can shade. */
        TO_FILL
    }

    record Cell(String text, CellKind kind, int colspan, int rowspan) {
        static Cell header(String text) {
            return new Cell(text, CellKind.HEADER, 1, 1);
        }

        static Cell header(String text, int colspan, int rowspan) {
            return new Cell(text, CellKind.HEADER, colspan, rowspan);
        }

        static Cell label(String text) {
            return new Cell(text, CellKind.LABEL, 1, 1);
        }

        static Cell label(String text, int colspan, int rowspan) {
            return new Cell(text, CellKind.LABEL, colspan, rowspan);
        }

        /** The hub's number, or an empty cell for the office when the hub does not know it. */
        static Cell number(Long value) {
            return value == null ? toFill() : new Cell(Long.toString(value), CellKind.VALUE, 1, 1);
        }

        static Cell toFill() {
            return new Cell("", CellKind.TO_FILL, 1, 1);
        }

        public boolean toFillCell() {
            return kind == CellKind.TO_FILL;
        }
    }
}

package cn.gongkai.hub.stats;

import cn.gongkai.hub.stats.ReportDocument.Block;
import cn.gongkai.hub.stats.ReportDocument.Placed;
import cn.gongkai.hub.stats.ReportDocument.Table;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as GitHub-flavoured Markdown: headings, paragraphs and GFM tables. GFM tables have one header row and no
 * merged cells, so a table's header rows become one (a column's headers joined by " / ", 申请人情况 / 法人或其他组织 /
 * 商业企业) and a merged label stands in the first row and column it covers. Markdown cannot shade: a text for the
 * office is bold, a cell for the office is empty (the hub leaves a cell empty for no other reason). The chart is in the
 * HTML report only.
 */
final class MarkdownReportWriter {
    private MarkdownReportWriter() {
    }

    static byte[] write(ReportDocument doc) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(escape(doc.title())).append("\n\n");
        for (Block b : doc.blocks()) {
            if (b instanceof ReportDocument.Heading h) {
                md.append(h.level() == 1 ? "## " : "### ").append(escape(h.text())).append("\n\n");
            } else if (b instanceof ReportDocument.Paragraph p) {
                p.spans().forEach(s -> md.append(s.toFill() ? "**" + escape(s.text()) + "**" : escape(s.text())));
                md.append("\n\n");
            } else if (b instanceof ReportDocument.Note n) {
                md.append("> ").append(escape(n.text())).append("\n\n");
            } else if (b instanceof ReportDocument.Check c) {
                md.append("> **").append(escape(c.text())).append("**\n\n");
            } else if (b instanceof Table t) {
                table(t, md);
            }
            // a Chart is drawn in the HTML report and at /api/stats/chart.svg only
        }
        return md.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void table(Table t, StringBuilder md) {
        if (t.title() != null) {
            md.append("**").append(escape(t.title())).append("**\n\n");
        }
        Placed[][] grid = t.grid();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < t.columns(); c++) {
            List<String> parts = new ArrayList<>();
            Placed last = null;
            for (int r = 0; r < t.headerRows(); r++) {
                Placed p = grid[r][c];
                if (p == last || (c < t.labelColumns() && p.column() != c)) {
                    continue;
                }
                parts.add(p.cell().text());
                last = p;
            }
            header.add(String.join(" / ", parts));
        }
        row(header, md);
        md.append("|");
        for (int c = 0; c < t.columns(); c++) {
            md.append(c < t.labelColumns() ? " :--- |" : " :---: |");
        }
        md.append("\n");
        for (int r = t.headerRows(); r < grid.length; r++) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < t.columns(); c++) {
                Placed p = grid[r][c];
                cells.add(p.startsAt(r, c) && !p.cell().toFillCell() ? p.cell().text() : "");
            }
            row(cells, md);
        }
        md.append("\n");
    }

    private static void row(List<String> cells, StringBuilder md) {
        md.append("|");
        for (String cell : cells) {
            md.append(' ').append(escape(cell).replace("|", "\\|")).append(" |");
        }
        md.append("\n");
    }

    /** Backslash before the ASCII punctuation Markdown would read as markup, so names and numbers stay text. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            if ("\\`*_[]<>#~!".indexOf(ch) >= 0) {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}

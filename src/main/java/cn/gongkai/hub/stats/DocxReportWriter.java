package cn.gongkai.hub.stats;

import cn.gongkai.hub.stats.ReportDocument.Block;
import cn.gongkai.hub.stats.ReportDocument.Cell;
import cn.gongkai.hub.stats.ReportDocument.CellKind;
import cn.gongkai.hub.stats.ReportDocument.Placed;
import cn.gongkai.hub.stats.ReportDocument.Span;
import cn.gongkai.hub.stats.ReportDocument.Table;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFFooter;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTBody;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrGeneral;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTShd;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSpacing;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTbl;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblGrid;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STJc;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STLineSpacingRule;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STMerge;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STShd;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblWidth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/**
 * The report as a Word document through Apache POI's XWPF: A4 with the margins of GB/T 9704-2012 (top 37 mm, bottom
 * 35 mm, left 28 mm, right 26 mm), page numbers in the footer, and its own styles so that Word and LibreOffice see real
 * headings (style ids {@code Heading1}/{@code Heading2}, names {@code heading 1}/{@code heading 2}, outline levels 0 and
 * 1, as Word's built-in ones): the title in 宋体, 一、 headings in 黑体, （一） headings in 楷体, body in 仿宋, tables in 宋体,
 * each set as the East Asian font. Tables are real Word tables with borders, their header rows repeated on every page,
 * merged cells as Word merges them (gridSpan, vMerge); a cell for the office is empty and shaded grey, a text for the
 * office shaded the same.
 */
final class DocxReportWriter {
    static final String TITLE = "Title";
    static final String HEADING_1 = "Heading1";
    static final String HEADING_2 = "Heading2";
    static final String TABLE_TEXT = "TableText";
    static final String SHADE = "D9D9D9";
    private static final String LATIN = "Times New Roman";
    /** A4 in twentieths of a point, and the text width between GB/T 9704's margins (210 − 28 − 26 mm). */
    private static final int A4_W = 11906;
    private static final int A4_H = 16838;
    private static final int TEXT_WIDTH = 8844;

    private DocxReportWriter() {
    }

    static byte[] write(ReportDocument report) {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            styles(doc);
            page(doc);
            doc.getProperties().getCoreProperties().setTitle(report.title());
            doc.getProperties().getCoreProperties().setCreator("政府信息公开发布平台");

            XWPFParagraph title = doc.createParagraph();
            title.setStyle(TITLE);
            title.createRun().setText(report.title());
            for (Block b : report.blocks()) {
                if (b instanceof ReportDocument.Heading h) {
                    XWPFParagraph p = doc.createParagraph();
                    p.setStyle(h.level() == 1 ? HEADING_1 : HEADING_2);
                    p.createRun().setText(h.text());
                } else if (b instanceof ReportDocument.Paragraph para) {
                    XWPFParagraph p = doc.createParagraph();
                    p.setIndentationFirstLine(640); // two characters of 16 pt
                    for (Span s : para.spans()) {
                        XWPFRun run = p.createRun();
                        run.setText(s.text());
                        if (s.toFill()) {
                            shade(run);
                        }
                    }
                } else if (b instanceof ReportDocument.Note n) {
                    XWPFParagraph p = doc.createParagraph();
                    p.setBorderTop(org.apache.poi.xwpf.usermodel.Borders.DASHED);
                    p.setBorderBottom(org.apache.poi.xwpf.usermodel.Borders.DASHED);
                    p.setBorderLeft(org.apache.poi.xwpf.usermodel.Borders.DASHED);
                    p.setBorderRight(org.apache.poi.xwpf.usermodel.Borders.DASHED);
                    XWPFRun run = p.createRun();
                    run.setText(n.text());
                    run.setFontSize(12);
                } else if (b instanceof ReportDocument.Check c) {
                    XWPFParagraph p = doc.createParagraph();
                    p.setBorderLeft(org.apache.poi.xwpf.usermodel.Borders.THICK);
                    XWPFRun run = p.createRun();
                    run.setText(c.text());
                    run.setBold(true);
                    run.setColor("B00020");
                } else if (b instanceof Table t) {
                    table(doc, t);
                }
                // a Chart is drawn in the HTML report and at /api/stats/chart.svg only
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report's .docx in memory", e);
        }
    }

    private static void styles(XWPFDocument doc) {
        XWPFStyles styles = doc.createStyles();
        CTFonts defaults = CTFonts.Factory.newInstance();
        defaults.setAscii(LATIN);
        defaults.setHAnsi(LATIN);
        defaults.setEastAsia("仿宋");
        styles.setDefaultFonts(defaults);
        styles.setEastAsia("zh-CN");
        style(styles, "Normal", "Normal", -1, "仿宋", 32, false, null, true);
        style(styles, TITLE, "Title", -1, "宋体", 44, true, STJc.CENTER, false);
        style(styles, HEADING_1, "heading 1", 0, "黑体", 32, false, null, false);
        style(styles, HEADING_2, "heading 2", 1, "楷体", 32, false, null, false);
        style(styles, TABLE_TEXT, "Table Contents", -1, "宋体", 21, false, STJc.CENTER, false);
    }

    /**
     * A paragraph style; {@code outline} ≥ 0 makes it a heading of that level for Word's navigation and LibreOffice's
     * outline. Sizes in half-points (32 = 三号, 44 = 二号, 21 = 五号).
     */
    private static void style(XWPFStyles styles, String id, String name, int outline, String eastAsia, int halfPoints, boolean bold,
                              STJc.Enum jc, boolean isDefault) {
        CTStyle s = CTStyle.Factory.newInstance();
        s.setStyleId(id);
        s.setType(STStyleType.PARAGRAPH);
        s.addNewName().setVal(name);
        if (isDefault) {
            s.setDefault(true);
        } else {
            s.addNewBasedOn().setVal("Normal");
            s.addNewNext().setVal("Normal");
        }
        s.addNewQFormat();
        if (outline >= 0) {
            s.addNewUiPriority().setVal(BigInteger.valueOf(9));
        }
        CTPPrGeneral ppr = s.addNewPPr();
        CTSpacing spacing = ppr.addNewSpacing();
        if (id.equals(TABLE_TEXT)) {
            spacing.setLine(BigInteger.valueOf(240));
            spacing.setLineRule(STLineSpacingRule.AUTO);
            spacing.setBefore(BigInteger.ZERO);
            spacing.setAfter(BigInteger.ZERO);
        } else {
            spacing.setLine(BigInteger.valueOf(560)); // exactly 28 pt, the line pitch of a 公文 page
            spacing.setLineRule(STLineSpacingRule.EXACT);
            spacing.setBefore(BigInteger.ZERO);
            spacing.setAfter(BigInteger.ZERO);
        }
        if (outline >= 0) {
            ppr.addNewOutlineLvl().setVal(BigInteger.valueOf(outline));
            ppr.addNewKeepNext();
            spacing.setBefore(BigInteger.valueOf(160));
            ppr.addNewInd().setFirstLine(BigInteger.valueOf(640));
        }
        if (id.equals(TITLE)) {
            spacing.setLine(BigInteger.valueOf(720));
            spacing.setAfter(BigInteger.valueOf(280));
        }
        if (jc != null) {
            ppr.addNewJc().setVal(jc);
        }
        CTRPr rpr = s.addNewRPr();
        CTFonts f = rpr.addNewRFonts();
        f.setAscii(LATIN);
        f.setHAnsi(LATIN);
        f.setEastAsia(eastAsia);
        rpr.addNewSz().setVal(BigInteger.valueOf(halfPoints));
        rpr.addNewSzCs().setVal(BigInteger.valueOf(halfPoints));
        rpr.addNewLang().setEastAsia("zh-CN");
        if (bold) {
            rpr.addNewB();
        }
        styles.addStyle(new XWPFStyle(s, styles));
    }

    private static void page(XWPFDocument doc) {
        CTBody body = doc.getDocument().getBody();
        CTSectPr sect = body.isSetSectPr() ? body.getSectPr() : body.addNewSectPr();
        CTPageSz size = sect.addNewPgSz();
        size.setW(BigInteger.valueOf(A4_W));
        size.setH(BigInteger.valueOf(A4_H));
        CTPageMar margins = sect.addNewPgMar();
        margins.setTop(BigInteger.valueOf(2098));
        margins.setBottom(BigInteger.valueOf(1984));
        margins.setLeft(BigInteger.valueOf(1588));
        margins.setRight(BigInteger.valueOf(1474));
        margins.setHeader(BigInteger.valueOf(851));
        margins.setFooter(BigInteger.valueOf(992));
        margins.setGutter(BigInteger.ZERO);
        XWPFFooter footer = doc.createFooter(HeaderFooterType.DEFAULT);
        XWPFParagraph p = footer.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        p.createRun().setText("— ");
        p.getCTP().addNewFldSimple().setInstr("PAGE");
        p.createRun().setText(" —");
    }

    private static void table(XWPFDocument doc, Table t) {
        XWPFTable table = doc.createTable();
        table.setWidth("100%");
        table.setTableAlignment(org.apache.poi.xwpf.usermodel.TableRowAlign.CENTER);
        XWPFTable.XWPFBorderType single = XWPFTable.XWPFBorderType.SINGLE;
        table.setTopBorder(single, 6, 0, "000000");
        table.setBottomBorder(single, 6, 0, "000000");
        table.setLeftBorder(single, 6, 0, "000000");
        table.setRightBorder(single, 6, 0, "000000");
        table.setInsideHBorder(single, 4, 0, "000000");
        table.setInsideVBorder(single, 4, 0, "000000");
        int[] widths = widths(t);
        CTTbl ct = table.getCTTbl();
        CTTblGrid grid = ct.getTblGrid() != null ? ct.getTblGrid() : ct.addNewTblGrid();
        while (grid.sizeOfGridColArray() > 0) {
            grid.removeGridCol(0);
        }
        for (int w : widths) {
            grid.addNewGridCol().setW(BigInteger.valueOf(w));
        }
        XWPFTableRow first = table.getRow(0); // POI starts a table with one row of one cell; ours replace it
        if (t.title() != null) {
            XWPFTableRow row = table.insertNewTableRow(table.getNumberOfRows());
            header(row);
            XWPFTableCell cell = row.addNewTableCell();
            props(cell).addNewGridSpan().setVal(BigInteger.valueOf(t.columns()));
            width(cell, TEXT_WIDTH);
            text(cell, t.title(), true, ParagraphAlignment.LEFT);
        }
        Placed[][] placed = t.grid();
        for (int r = 0; r < placed.length; r++) {
            XWPFTableRow row = table.insertNewTableRow(table.getNumberOfRows());
            if (r < t.headerRows()) {
                header(row);
            }
            row.setCantSplitRow(true);
            for (int c = 0; c < t.columns(); ) {
                Placed p = placed[r][c];
                Cell cell = p.cell();
                XWPFTableCell tc = row.addNewTableCell();
                CTTcPr pr = props(tc);
                if (cell.colspan() > 1) {
                    pr.addNewGridSpan().setVal(BigInteger.valueOf(cell.colspan()));
                }
                int w = 0;
                for (int k = c; k < c + cell.colspan(); k++) {
                    w += widths[k];
                }
                width(tc, w);
                tc.setVerticalAlignment(XWPFTableCell.XWPFVertAlign.CENTER);
                if (p.row() == r) {
                    if (cell.rowspan() > 1) {
                        pr.addNewVMerge().setVal(STMerge.RESTART);
                    }
                    if (cell.kind() == CellKind.TO_FILL) {
                        tc.setColor(SHADE);
                        text(tc, "", false, ParagraphAlignment.CENTER);
                    } else {
                        // the wide tables of sections 三 and 四 fit the page in 小五 (9 pt)
                        text(tc, cell.text(), cell.kind() == CellKind.HEADER,
                                cell.kind() == CellKind.LABEL && cell.rowspan() == 1 ? ParagraphAlignment.LEFT : ParagraphAlignment.CENTER,
                                t.columns() > 8 ? 9 : 0);
                    }
                } else {
                    pr.addNewVMerge().setVal(STMerge.CONTINUE);
                    text(tc, "", false, ParagraphAlignment.CENTER);
                }
                c += cell.colspan();
            }
        }
        table.removeRow(table.getRows().indexOf(first));
        doc.createParagraph(); // Word joins two tables that touch; a paragraph keeps them apart
    }

    /** Shares of the text width: row labels get room for their text, the number columns share the rest. */
    private static int[] widths(Table t) {
        int[] w = new int[t.columns()];
        int[] labelShares = switch (t.labelColumns()) {
            case 0 -> new int[0];
            case 1 -> new int[]{34};
            case 3 -> new int[]{7, 12, 29};
            default -> {
                int[] s = new int[t.labelColumns()];
                java.util.Arrays.fill(s, 50 / t.labelColumns());
                yield s;
            }
        };
        int labelTotal = 0;
        for (int i = 0; i < labelShares.length; i++) {
            w[i] = TEXT_WIDTH * labelShares[i] / 100;
            labelTotal += w[i];
        }
        int values = t.columns() - labelShares.length;
        for (int i = labelShares.length; i < t.columns(); i++) {
            w[i] = (TEXT_WIDTH - labelTotal) / values;
        }
        return w;
    }

    private static void header(XWPFTableRow row) {
        row.setRepeatHeader(true);
        row.setCantSplitRow(true);
    }

    private static CTTcPr props(XWPFTableCell cell) {
        return cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
    }

    private static void width(XWPFTableCell cell, int twips) {
        var w = props(cell).isSetTcW() ? props(cell).getTcW() : props(cell).addNewTcW();
        w.setType(STTblWidth.DXA);
        w.setW(BigInteger.valueOf(twips));
    }

    private static void text(XWPFTableCell cell, String text, boolean bold, ParagraphAlignment align) {
        text(cell, text, bold, align, 0);
    }

    /** {@code points} 0: the size of the table style (五号). */
    private static void text(XWPFTableCell cell, String text, boolean bold, ParagraphAlignment align, double points) {
        XWPFParagraph p = cell.getParagraphs().isEmpty() ? cell.addParagraph() : cell.getParagraphs().get(0);
        p.setStyle(TABLE_TEXT);
        p.setAlignment(align);
        if (!text.isEmpty()) {
            XWPFRun run = p.createRun();
            run.setText(text);
            run.setBold(bold);
            if (points > 0) {
                run.setFontSize(points);
            }
        }
    }

    private static void shade(XWPFRun run) {
        CTRPr rpr = run.getCTR().isSetRPr() ? run.getCTR().getRPr() : run.getCTR().addNewRPr();
        CTShd shd = rpr.addNewShd();
        shd.setVal(STShd.CLEAR);
        shd.setColor("auto");
        shd.setFill(SHADE);
    }
}

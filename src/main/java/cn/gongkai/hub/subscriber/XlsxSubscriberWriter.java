package cn.gongkai.hub.subscriber;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;

/** The .xlsx export; see {@link SubscriberFileWriter#xlsx}. */
final class XlsxSubscriberWriter implements SubscriberFileWriter {
    static final int WINDOW = 100;
    static final String SHEET = "subscribers";
    /** Column widths in characters: names, mobiles, e-mail addresses, openids, QQ numbers, tags, channels, channels. */
    private static final int[] WIDTHS = {14, 14, 28, 32, 14, 36, 20, 20};

    private final OutputStream out;
    private final SXSSFWorkbook workbook;
    private final SXSSFSheet sheet;
    private final CellStyle text;
    private int rows;
    private boolean closed;

    XlsxSubscriberWriter(OutputStream out) {
        this.out = out;
        // compressed temporary files; inline strings, so no shared-strings table grows in memory with the rows
        this.workbook = new SXSSFWorkbook(null, WINDOW, true, false);
        this.sheet = workbook.createSheet(SHEET);
        this.text = workbook.createCellStyle();
        text.setDataFormat(workbook.createDataFormat().getFormat("@"));
        CellStyle head = workbook.createCellStyle();
        head.cloneStyleFrom(text);
        Font bold = workbook.createFont();
        bold.setBold(true);
        head.setFont(bold);
        SubscriberColumn[] columns = SubscriberColumn.values();
        Row header = sheet.createRow(0);
        for (int i = 0; i < columns.length; i++) {
            sheet.setDefaultColumnStyle(i, text);
            sheet.setColumnWidth(i, WIDTHS[i] * 256);
            Cell cell = header.createCell(i);
            cell.setCellValue(columns[i].header());
            cell.setCellStyle(head);
        }
        sheet.createFreezePane(0, 1);
    }

    @Override
    public void write(SubscriberRowOut row) {
        String[] cells = row.cells();
        Row r = sheet.createRow(++rows);
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null) {
                Cell cell = r.createCell(i);
                cell.setCellStyle(text);
                cell.setCellValue(cells[i]);
            }
        }
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            workbook.write(out);
            out.flush();
        } finally {
            // since POI 5.x close() also deletes the temporary sheet files (dispose() is deprecated for it)
            workbook.close();
        }
    }
}

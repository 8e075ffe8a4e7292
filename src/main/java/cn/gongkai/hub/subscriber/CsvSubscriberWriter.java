package cn.gongkai.hub.subscriber;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The CSV export; see {@link SubscriberFileWriter#csv}. */
final class CsvSubscriberWriter implements SubscriberFileWriter {
    // The same format as the hub's other CSV downloads (web/Csv): RFC 4180, every value quoted, CRLF.
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).setRecordSeparator("\r\n").get();

    private final Writer writer;
    private final CSVPrinter printer;
    private int rows;

    CsvSubscriberWriter(OutputStream out) throws IOException {
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        writer.write('\uFEFF');
        this.printer = new CSVPrinter(writer, FORMAT);
        printer.printRecord(Arrays.stream(SubscriberColumn.values()).map(SubscriberColumn::header).toArray());
    }

    @Override
    public void write(SubscriberRowOut row) throws IOException {
        String[] cells = row.cells();
        for (int i = 0; i < cells.length; i++) {
            cells[i] = guard(cells[i]);
        }
        printer.printRecord((Object[]) cells);
        rows++;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        // flush, not close: closing the printer would close the caller's stream
        printer.flush();
        writer.flush();
    }

    /** The value as a spreadsheet may show it: text, never a formula (OWASP "CSV injection"). */
    static String guard(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}

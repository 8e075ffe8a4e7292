package cn.gongkai.hub.subscriber;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes subscribers to an export file as they come, with the canonical English header ({@link SubscriberColumn})
 * and lists joined with {@code ;}, so that an export imports again as it was.
 *
 * <p>{@link #close()} finishes the file and flushes the stream but does not close it: the caller owns the stream
 * (an HTTP response, a file). Always close the writer, also after a failure: the .xlsx writer keeps temporary files
 * until then.
 */
public interface SubscriberFileWriter extends Closeable {

    /**
     * CSV by Apache commons-csv: UTF-8 with a byte order mark (without it Excel reads Chinese as GBK), CRLF, every value
     * quoted, and a leading {@code '} on a value that starts with {@code = + - @}, a tab or a carriage return so that a
     * spreadsheet shows it as text rather than running it as a formula ({@link SubscriberFileReader} removes it again).
     * CSV has no cell types: Excel opening it shows an 11-digit mobile as a number (1.38123E+10), and saving it again
     * from Excel as CSV writes that rounded form. Offices that edit an export in Excel should export .xlsx.
     */
    static SubscriberFileWriter csv(OutputStream out) throws IOException {
        return new CsvSubscriberWriter(out);
    }

    /**
     * .xlsx by POI's streaming {@code SXSSFWorkbook}: a window of 100 rows in memory, the rest in a compressed temporary
     * file deleted on {@link #close()}; strings inline (no shared-strings table to hold), every cell a text cell with the
     * text format {@code @}, so Excel shows a mobile as {@code 13812345678} and keeps it text when someone edits it.
     */
    static SubscriberFileWriter xlsx(OutputStream out) {
        return new XlsxSubscriberWriter(out);
    }

    static SubscriberFileWriter open(SubscriberFileFormat format, OutputStream out) throws IOException {
        return switch (format) {
            case CSV -> csv(out);
            case XLSX -> xlsx(out);
        };
    }

    void write(SubscriberRowOut row) throws IOException;

    /** How many rows were written so far, the header not counted. */
    int rows();
}

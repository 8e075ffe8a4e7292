package cn.gongkai.hub.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every CSV the hub hands out, written by Apache commons-csv: UTF-8 with a byte order mark (without it Excel reads
 * Chinese as GBK), CRLF between records, every value quoted. A value whose first character is {@code = + - @}, a tab
 * or a carriage return gets a leading {@code '}, so a spreadsheet shows it as text instead of running it as a formula
 * (OWASP "CSV injection"); this holds for values that span lines too.
 */
public final class Csv {
    static final MediaType TYPE = new MediaType("text/csv;charset=UTF-8");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).setRecordSeparator("\r\n").get();

    private Csv() {
    }

    /** The file: BOM, header, then one record per row; a null value is an empty cell. */
    public static byte[] bytes(List<String> header, Iterable<? extends List<String>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(w, FORMAT)) {
            w.write('\uFEFF');
            csv.printRecord(safe(header));
            for (List<String> row : rows) {
                csv.printRecord(safe(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV to memory", e);
        }
        return out.toByteArray();
    }

    /** A download of {@link #bytes} named {@code fileName} (ASCII). */
    public static HttpResponse<byte[]> download(String fileName, List<String> header, Iterable<? extends List<String>> rows) {
        return HttpResponse.ok(bytes(header, rows)).contentType(TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }

    /** The value as a spreadsheet may show it: text, never a formula. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static List<String> safe(List<String> row) {
        List<String> out = new ArrayList<>(row.size());
        row.forEach(v -> out.add(safe(v)));
        return out;
    }
}

package cn.gongkai.hub.subscriber;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a subscriber import file one row at a time: memory stays bounded whatever the file's size (for an .xlsx, apart
 * from its shared-strings table, which POI holds in memory; see {@link XlsxSubscriberReader}).
 *
 * <p>The format comes from the bytes, not the name: a ZIP archive holding an Office Open XML workbook is read as
 * .xlsx (first sheet), text as CSV (comma-separated only: no {@code ;} or tab, RFC 4180 quoting), in UTF-8 with or
 * without a byte order mark, or else GBK/GB18030. An old binary .xls, a password-protected workbook, an OpenDocument
 * .ods, a web page saved as .xls, UTF-16 "Unicode text" or any other file is refused with {@link Refused}, which
 * says what to do ("save it as .xlsx or CSV").
 *
 * <p>The header row (the first non-blank row, normally row 1) names the columns in any order ({@link SubscriberColumn});
 * an unknown or repeated column, or no {@code name} column, refuses the whole file. Blank rows are skipped and still
 * counted, so {@link RawRow#row()} is the row number a person sees in Excel or a text editor.
 */
public interface SubscriberFileReader extends Closeable {

    /**
     * Opens {@code file} and reads its header row. A CSV's encoding is settled here by one streaming pass over the file.
     *
     * @param originalFileName the name the uploader gave it, used in messages only
     * @throws Refused     when the file is not one the hub reads, or its header row is wrong
     * @throws IOException when the file cannot be read
     */
    static SubscriberFileReader open(Path file, String originalFileName) throws IOException {
        String shown = originalFileName == null || originalFileName.isBlank() ? String.valueOf(file.getFileName()) : originalFileName;
        return switch (FileKind.of(file, shown)) {
            case XLSX -> XlsxSubscriberReader.open(file, shown);
            case CSV -> CsvSubscriberReader.open(file, shown);
        };
    }

    /** The next non-blank data row, or empty at the end of the file. */
    Optional<RawRow> next() throws IOException;

    SubscriberFileFormat format();

    /** The row number of the header row. */
    int headerRow();

    /**
     * The file as a whole is refused: not a format the hub reads, a wrong header row ({@link #problems()} says which
     * cells), or, found while reading on, a CSV quote left open or an .xlsx that unpacks to far more than its size
     * (a zip bomb). Catch it before {@link IOException}: it is the uploader's to fix, not the server's.
     */
    final class Refused extends IOException {
        private final transient List<RowError> problems;

        public Refused(String message) {
            this(message, List.of());
        }

        public Refused(String message, List<RowError> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public Refused(String message, Throwable cause) {
            super(message, cause);
            this.problems = List.of();
        }

        /** The header cells that are wrong, each with its row and the cell as written; empty for a wrong format. */
        public List<RowError> problems() {
            return problems;
        }
    }
}

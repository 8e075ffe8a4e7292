package cn.gongkai.hub.subscriber;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A CSV import file read by Apache commons-csv (RFC 4180: {@code ,} between fields, {@code "} around fields that hold
 * commas, quotes or line breaks, {@code ""} for a quote), one record at a time.
 *
 * <p>Encoding: a UTF-8 byte order mark means UTF-8; else UTF-8 if every byte sequence in the file is valid UTF-8
 * (Excel's "CSV UTF-8"), else GB18030, the superset of GBK that Excel and WPS write for "CSV (逗号分隔)" on a Chinese
 * Windows. Deciding takes one pass of a strict decoder over the file in 64 KB pieces (two for a GBK file); GBK text
 * is practically never valid UTF-8, since its two-byte characters do not follow UTF-8's continuation-byte rules.
 *
 * <p>A cell written by an export with a leading {@code '} before {@code = + - @}, a tab or a carriage return (the
 * guard that stops a spreadsheet running it as a formula) loses that {@code '} again, so an export re-imports as it was.
 */
final class CsvSubscriberReader implements SubscriberFileReader {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            // Blank lines come through as records so that every record starts on the line after the previous one ends,
            // which is how the row numbers are counted; blank records are skipped here instead.
            .setIgnoreEmptyLines(false)
            .get();
    private static final int CHUNK = 1 << 16;
    private static final Charset GB18030 = Charset.forName("GB18030");

    private final String name;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Header header;
    private long linesBefore;
    private String[] cells = new String[16];

    private CsvSubscriberReader(String name, CSVParser parser) throws IOException {
        this.name = name;
        this.parser = parser;
        this.records = parser.iterator();
        Header found = null;
        while (found == null) {
            CSVRecord record = nextRecord();
            if (record == null) {
                throw new Refused(name + " has no header row: the first row must name the columns, e.g. name,mobile,email (or 姓名,手机号,邮箱)");
            }
            int row = (int) linesBefore + 1;
            linesBefore = parser.getCurrentLineNumber();
            int count = fill(record);
            if (!Header.blank(cells, count)) {
                List<String> headerCells = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    headerCells.add(cells[i]);
                }
                found = Header.of(row, headerCells, name);
            }
        }
        this.header = found;
    }

    static CsvSubscriberReader open(Path file, String name) throws IOException {
        boolean bom = startsWithBom(file);
        Charset charset;
        if (bom) {
            if (!decodes(file, StandardCharsets.UTF_8, 3)) {
                throw new Refused(name + " begins with a UTF-8 byte order mark but is not UTF-8 text; " + FileKind.SAVE_AS);
            }
            charset = StandardCharsets.UTF_8;
        } else if (decodes(file, StandardCharsets.UTF_8, 0)) {
            charset = StandardCharsets.UTF_8;
        } else if (decodes(file, GB18030, 0)) {
            charset = GB18030;
        } else {
            throw new Refused(name + " is neither UTF-8 nor GBK text; save it from Excel as \"CSV UTF-8 (逗号分隔)\" or as .xlsx");
        }
        InputStream in = Files.newInputStream(file);
        try {
            if (bom) {
                in.skipNBytes(3);
            }
            // Strict here too: the file was checked, but a file changed since then must fail, not turn into U+FFFD.
            CSVParser parser = FORMAT.parse(new InputStreamReader(in, strict(charset)));
            return new CsvSubscriberReader(name, parser);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        CSVRecord record;
        while ((record = nextRecord()) != null) {
            int row = (int) linesBefore + 1;
            linesBefore = parser.getCurrentLineNumber();
            int count = fill(record);
            if (!Header.blank(cells, count)) {
                for (int i = 0; i < count; i++) {
                    cells[i] = unguard(cells[i]);
                }
                return Optional.of(header.toRow(row, cells, count));
            }
        }
        return Optional.empty();
    }

    @Override
    public SubscriberFileFormat format() {
        return SubscriberFileFormat.CSV;
    }

    @Override
    public int headerRow() {
        return header.row();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** The next record, with commons-csv's unchecked wrapping of parse errors undone. */
    private CSVRecord nextRecord() throws IOException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            int row = (int) linesBefore + 1;
            if (cause instanceof CSVException) {
                // e.g. "EOF reached before encapsulated token finished": a quote opened and never closed
                throw new Refused(name + ": the CSV record that starts on row " + row + " is not well-formed (" + cause.getMessage()
                        + "); a field with a comma, quote or line break must be in double quotes, with each quote inside doubled", cause);
            }
            if (cause instanceof CharacterCodingException) {
                throw new Refused(name + " changed while it was read: row " + row + " is no longer valid text", cause);
            }
            throw cause;
        }
    }

    private int fill(CSVRecord record) {
        int count = record.size();
        if (cells.length < count) {
            cells = new String[Math.max(count, cells.length * 2)];
        }
        for (int i = 0; i < count; i++) {
            cells[i] = record.get(i);
        }
        return count;
    }

    /** The cell without the export's formula guard: {@code '=x} is {@code =x}. */
    static String unguard(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }

    private static boolean startsWithBom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(3);
            return head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
        }
    }

    /** Whether the file from byte {@code skip} on is valid text in {@code charset}, read in pieces, never all at once. */
    static boolean decodes(Path file, Charset charset, long skip) throws IOException {
        CharsetDecoder decoder = strict(charset);
        ByteBuffer in = ByteBuffer.allocate(CHUNK);
        CharBuffer out = CharBuffer.allocate(CHUNK);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(skip);
            boolean end = false;
            while (!end) {
                end = channel.read(in) < 0;
                in.flip();
                CoderResult result;
                do {
                    out.clear();
                    result = decoder.decode(in, out, end);
                    if (result.isError()) {
                        return false;
                    }
                } while (result.isOverflow());
                in.compact();
            }
            out.clear();
            return !decoder.flush(out).isError();
        }
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}

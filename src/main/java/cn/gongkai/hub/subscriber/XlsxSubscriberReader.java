package cn.gongkai.hub.subscriber;

import org.apache.poi.ooxml.POIXMLException;
import org.apache.poi.openxml4j.exceptions.ODFNotOfficeXmlFileException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationshipCollection;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.poi.xssf.usermodel.XSSFRelation;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The first sheet of an .xlsx import file, streamed with POI's event API: {@link XSSFReader} for the parts,
 * {@link ReadOnlySharedStringsTable} for the shared strings, {@link XSSFSheetXMLHandler} for what each cell shows
 * (shared, inline, formula-result and number cells formatted by a {@link DataFormatter}).
 *
 * <p>The handler is a SAX handler, which POI feeds by pushing a whole sheet through it. Here a StAX parser (POI's
 * hardened {@link XMLHelper#newXMLInputFactory()}: no DTDs, no external entities) is pulled and each event handed to
 * the handler, so {@link #next()} parses only as far as the end of the next row: no second thread, no queue, one
 * row in memory.
 *
 * <p>Numbers: a mobile or QQ number typed into Excel is stored as a number, and "General" formatting shows a 12-digit
 * one as {@code 1.23457E+11}; a whole number is therefore given as its digits ({@code 13812345678}) unless its cell
 * has a date format.
 *
 * <p>Limits: the package is opened from the file, so POI's {@code ZipSecureFile} checks every part as it is unpacked
 * (an entry that inflates more than 100-fold, or past 4 GB, is a zip bomb and refused). The shared-strings table is
 * read whole into memory, as POI's read-only table does: for Excel's files that is every distinct text in the
 * workbook, tens of MB for 100,000 rows, bounded by the upload size rather than by one row.
 */
final class XlsxSubscriberReader implements SubscriberFileReader {
    private static final Set<String> WORKBOOKS = Set.of(XSSFRelation.WORKBOOK.getContentType(), XSSFRelation.MACROS_WORKBOOK.getContentType(),
            XSSFRelation.TEMPLATE_WORKBOOK.getContentType(), XSSFRelation.MACRO_TEMPLATE_WORKBOOK.getContentType());
    private static final String XLSB = "application/vnd.ms-excel.sheet.binary.macroEnabled.main";

    private final String name;
    private final OPCPackage pkg;
    private final InputStream sheet;
    private final XMLStreamReader xml;
    private final XSSFSheetXMLHandler handler;
    private final Rows rows = new Rows();
    private final AttributesImpl attributes = new AttributesImpl();
    private Header header;
    private boolean ended;

    private XlsxSubscriberReader(String name, OPCPackage pkg, InputStream sheet, StylesTable styles, ReadOnlySharedStringsTable strings)
            throws XMLStreamException {
        this.name = name;
        this.pkg = pkg;
        this.sheet = sheet;
        this.xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheet);
        this.handler = new XSSFSheetXMLHandler(styles, null, strings, rows, new PlainNumbers(), false);
    }

    static XlsxSubscriberReader open(Path file, String name) throws IOException {
        OPCPackage pkg = openPackage(file, name);
        InputStream sheet = null;
        try {
            checkWorkbook(pkg, name);
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            // Without a style the handler passes a number on as its raw XML text (1.3812345678E10); a workbook some
            // generators write has no styles part at all, and a default table formats its numbers as General.
            StylesTable styles = reader.getStylesTable();
            if (styles == null) {
                styles = new StylesTable();
            }
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                throw new Refused(name + " is a workbook without any sheet");
            }
            sheet = sheets.next();
            XlsxSubscriberReader opened = new XlsxSubscriberReader(name, pkg, sheet, styles, strings);
            opened.readHeader();
            return opened;
        } catch (Refused e) {
            closeQuietly(pkg, sheet);
            throw e;
        } catch (IOException | OpenXML4JException | SAXException | XMLStreamException | RuntimeException e) {
            closeQuietly(pkg, sheet);
            throw refused(name, e);
        }
    }

    @Override
    public Optional<RawRow> next() throws IOException {
        while (true) {
            if (!pull()) {
                return Optional.empty();
            }
            if (!Header.blank(rows.cells, rows.count)) {
                return Optional.of(header.toRow(rows.number, rows.cells, rows.count));
            }
        }
    }

    @Override
    public SubscriberFileFormat format() {
        return SubscriberFileFormat.XLSX;
    }

    @Override
    public int headerRow() {
        return header.row();
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // the sheet stream is closed next in any case
        }
        closeQuietly(pkg, sheet);
    }

    private void readHeader() throws IOException {
        while (header == null) {
            if (!pull()) {
                throw new Refused(name + " has no header row: the first row of the first sheet must name the columns, e.g. name, mobile, email "
                        + "(or 姓名, 手机号, 邮箱)");
            }
            if (!Header.blank(rows.cells, rows.count)) {
                header = Header.of(rows.number, Arrays.asList(rows.cells).subList(0, rows.count), name);
            }
        }
    }

    /** Parses on to the end of the next row in the sheet (blank or not); false at the end of the sheet. */
    private boolean pull() throws IOException {
        if (ended) {
            return false;
        }
        rows.complete = false;
        try {
            while (!rows.complete && xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> handler.startElement(xml.getNamespaceURI(), xml.getLocalName(), qName(), attributes());
                    case XMLStreamConstants.END_ELEMENT -> handler.endElement(xml.getNamespaceURI(), xml.getLocalName(), qName());
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            handler.characters(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    default -> {
                        // comments, processing instructions, the document's start and end: nothing the handler reads
                    }
                }
            }
        } catch (XMLStreamException | SAXException | RuntimeException e) {
            throw refused(name, e);
        }
        if (!rows.complete) {
            ended = true;
        }
        return rows.complete;
    }

    private String qName() {
        String prefix = xml.getPrefix();
        return prefix == null || prefix.isEmpty() ? xml.getLocalName() : prefix + ":" + xml.getLocalName();
    }

    private AttributesImpl attributes() {
        attributes.clear();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String local = xml.getAttributeLocalName(i);
            String prefix = xml.getAttributePrefix(i);
            String q = prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
            String uri = xml.getAttributeNamespace(i);
            attributes.addAttribute(uri == null ? "" : uri, local, q, "CDATA", xml.getAttributeValue(i));
        }
        return attributes;
    }

    private static OPCPackage openPackage(Path file, String name) throws IOException {
        try {
            return OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (ODFNotOfficeXmlFileException e) {
            throw new Refused(name + " is an OpenDocument spreadsheet (.ods); " + FileKind.SAVE_AS, e);
        } catch (OpenXML4JException | RuntimeException e) {
            throw refused(name, e);
        }
    }

    /** Refuses a package that is Office Open XML but not an ordinary workbook (a .docx, an .xlsb, Strict OOXML). */
    private static void checkWorkbook(OPCPackage pkg, String name) throws Refused {
        PackageRelationshipCollection core = pkg.getRelationshipsByType(PackageRelationshipTypes.CORE_DOCUMENT);
        if (core.isEmpty()) {
            if (!pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT).isEmpty()) {
                throw new Refused(name + " is saved as \"Strict Open XML\"; save it as an ordinary Excel workbook (.xlsx) or CSV");
            }
            throw new Refused(name + " is a ZIP archive but not an Excel workbook; " + FileKind.SAVE_AS);
        }
        PackagePart part;
        try {
            part = pkg.getPart(core.getRelationship(0));
        } catch (RuntimeException e) {
            throw new Refused(name + " is a damaged workbook; " + FileKind.SAVE_AS, e);
        }
        String type = part == null ? "" : part.getContentType();
        if (XLSB.equals(type)) {
            throw new Refused(name + " is a binary Excel workbook (.xlsb); " + FileKind.SAVE_AS);
        }
        if (!WORKBOOKS.contains(type)) {
            String kind = type.contains("wordprocessingml") ? "a Word document" : type.contains("presentationml") ? "a PowerPoint file" : "not an Excel workbook";
            throw new Refused(name + " is " + kind + "; " + FileKind.SAVE_AS);
        }
    }

    private static Refused refused(String name, Exception e) {
        String detail = String.valueOf(e.getMessage());
        if (detail.toLowerCase(Locale.ROOT).contains("zip bomb")) {
            return new Refused(name + " unpacks to far more data than its size suggests (a zip bomb?) and was not read; " + FileKind.SAVE_AS, e);
        }
        if (e instanceof POIXMLException && detail.contains("Strict OOXML")) {
            return new Refused(name + " is saved as \"Strict Open XML\"; save it as an ordinary Excel workbook (.xlsx) or CSV", e);
        }
        return new Refused(name + " is not a readable .xlsx workbook (" + e.getClass().getSimpleName() + ": " + detail + "); " + FileKind.SAVE_AS, e);
    }

    private static void closeQuietly(OPCPackage pkg, InputStream sheet) {
        if (sheet != null) {
            try {
                sheet.close();
            } catch (IOException e) {
                // nothing was written; the package is reverted next
            }
        }
        // revert, not close: the package is opened read-only, and close() would try to save it
        pkg.revert();
    }

    /** Collects one row's cells as the handler reports them (only cells that have a value; columns from their reference). */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        String[] cells = new String[16];
        int count;
        int number;
        boolean complete;

        @Override
        public void startRow(int rowNum) {
            Arrays.fill(cells, 0, count, null);
            count = 0;
            number = rowNum + 1;
        }

        @Override
        public void endRow(int rowNum) {
            complete = true;
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            // Excel always writes r="B5"; some generators leave it out, and then cells come in column order
            int column = reference == null ? count : column(reference);
            if (column < 0) {
                column = count;
            }
            if (column >= cells.length) {
                cells = Arrays.copyOf(cells, Math.max(column + 1, cells.length * 2));
            }
            cells[column] = formattedValue;
            count = Math.max(count, column + 1);
        }
    }

    /** The 0-based column of a cell reference such as {@code AB12} (its letters; POI's CellReference is slower). */
    static int column(String reference) {
        int column = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                column = column * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                column = column * 26 + (c - 'a' + 1);
            } else if (c != '$') {
                break;
            }
        }
        return column - 1;
    }

    /** Formats numbers as {@link DataFormatter} does, except that a whole number is its plain digits (see the class doc). */
    static final class PlainNumbers extends DataFormatter {
        PlainNumbers() {
            super(Locale.ROOT);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15 && !DateUtil.isADateFormat(formatIndex, formatString)) {
                return Long.toString((long) value);
            }
            return super.formatRawCellContents(value, formatIndex, formatString);
        }
    }
}

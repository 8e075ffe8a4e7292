package cn.gongkai.hub.review;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.extractor.ExtractorFactory;
import org.apache.poi.extractor.POITextExtractor;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.extractor.ExcelExtractor;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeVisitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the text of an attachment for the confidentiality scan, or says in Chinese why it could not.
 *
 * <p>The type comes from the file's content (magic bytes), helped by its name, never from the Content-Type the
 * client sent: a {@code .doc} uploaded as {@code application/octet-stream} is still a Word file.
 * <ul>
 *   <li>PDF: PDFBox ({@link PDFTextStripper}); an encrypted one that needs a password, or one without any text
 *       layer (a scan), is not read.</li>
 *   <li>Office files: Apache POI's {@link ExtractorFactory}, OOXML ({@code .docx .xlsx .pptx}) and OLE2
 *       ({@code .doc .xls .ppt}, the old formats through poi-scratchpad); spreadsheets are read with POI's
 *       streaming extractors, one cell per line so a cell {@code 机密} stands as a mark. Encrypted files are not
 *       read. Zip bombs are refused by POI's {@link ZipSecureFile} limits, set once here.</li>
 *   <li>XML and HTML: jsoup, one line per element (XML) or per block element (HTML), comments and the attributes a
 *       reader can see ({@code title alt}; every attribute in XML) included, since they are in the published file.</li>
 *   <li>Plain text: decoded by its BOM (UTF-8, UTF-16LE/BE), else by content: UTF-16 when NULs sit at every other
 *       byte or the text decodes cleanly as UTF-16 into CJK and ASCII, then strict UTF-8, then strict GB18030
 *       (which covers GBK and GB2312).</li>
 *   <li>Images, archives, RTF and anything else are not read.</li>
 * </ul>
 * A file larger than {@code maxBytes} is not opened. Text beyond {@code maxChars} is cut off, and the result says
 * that the rest was not scanned. Thread-safe.
 */
final class AttachmentText {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentText.class);

    /**
     * What was read.
     *
     * @param text       the text to scan, or null if none could be read
     * @param notScanned why the file was not read, or not all of it, in Chinese; null if it was read whole
     */
    record Result(String text, String notScanned) {

        static Result text(String text) {
            return new Result(text, null);
        }

        static Result unread(String why) {
            return new Result(null, why);
        }
    }

    /** The type a file's content shows. */
    private enum Kind { PDF, OOXML, OLE2, IMAGE, ARCHIVE, OFD, RTF, OTHER }

    private static final int MIN_TEXT_SCORE_PERCENT = 95;

    static {
        // POI's defaults let one entry inflate to 4 GB; no document part the scan reads is near 256 MB. Its limits on
        // the inflate ratio (1:100) and on extracted text (10 M chars) stay.
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(256L * 1024 * 1024);
        // the streaming spreadsheet extractors keep memory flat for large workbooks
        ExtractorFactory.setAllThreadsPreferEventExtractors(Boolean.TRUE);
    }

    private final long maxBytes;
    private final int maxChars;

    AttachmentText(long maxBytes, int maxChars) {
        this.maxBytes = maxBytes;
        this.maxChars = maxChars;
    }

    /** The text of attachment {@code name} stored at {@code file} (empty if the store has no such file). */
    Result read(String name, Optional<Path> file) {
        if (file.isEmpty()) {
            return Result.unread("附件文件缺失");
        }
        Path path = file.get();
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                return Result.unread("文件超过读取上限 " + megabytes(maxBytes));
            }
            String lower = name.toLowerCase(Locale.ROOT);
            byte[] head = head(path);
            return switch (kind(head, lower)) {
                case PDF -> pdf(path);
                case OOXML, OLE2 -> office(path, head);
                case IMAGE -> Result.unread("图片，无法读取其中的文字，请人工查看");
                case ARCHIVE -> Result.unread("压缩文件，未解压扫描");
                case OFD -> Result.unread("OFD 版式文件，无法读取其中的文字，请人工查看");
                case RTF -> Result.unread("RTF 格式，无法读取其中的文字，请人工查看");
                case OTHER -> text(Files.readAllBytes(path), lower);
            };
        } catch (IOException | RuntimeException e) {
            LOG.info("Attachment {} not scanned: {}", name, e.toString());
            return Result.unread("文件已损坏或无法解析（" + e.getClass().getSimpleName() + "）");
        }
    }

    private static byte[] head(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(1024);
        }
    }

    private static Kind kind(byte[] h, String name) {
        if (starts(h, "%PDF-") || name.endsWith(".pdf") && indexOf(h, "%PDF-") >= 0) {
            return Kind.PDF;
        }
        if (starts(h, 0x50, 0x4B, 0x03, 0x04)) {
            return name.endsWith(".ofd") ? Kind.OFD : name.endsWith(".zip") ? Kind.ARCHIVE : Kind.OOXML;
        }
        if (starts(h, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) {
            return Kind.OLE2;
        }
        if (starts(h, 0xFF, 0xD8, 0xFF) || starts(h, 0x89, 'P', 'N', 'G') || starts(h, "GIF8")
                || starts(h, 'I', 'I', 0x2A, 0x00) || starts(h, 'M', 'M', 0x00, 0x2A)
                || starts(h, "RIFF") && h.length >= 12 && h[8] == 'W' && h[9] == 'E' && h[10] == 'B' && h[11] == 'P'
                || starts(h, "BM") && name.endsWith(".bmp")) {
            return Kind.IMAGE;
        }
        if (starts(h, "Rar!") || starts(h, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C) || starts(h, 0x1F, 0x8B)
                || starts(h, 0x50, 0x4B, 0x05, 0x06)) {
            return Kind.ARCHIVE;
        }
        if (starts(h, "{\\rtf")) {
            return Kind.RTF;
        }
        return Kind.OTHER;
    }

    private Result pdf(Path path) throws IOException {
        // scratch buffers go to a temp file, not the heap, for large PDFs
        try (PDDocument doc = Loader.loadPDF(path.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
            String text = new PDFTextStripper().getText(doc);
            if (text.isBlank()) {
                return Result.unread("PDF 中没有可提取的文字（可能是扫描件），请人工查看");
            }
            return capped(text);
        } catch (InvalidPasswordException e) {
            return Result.unread("PDF 已加密");
        }
    }

    private Result office(Path path, byte[] head) throws IOException {
        if (starts(head, 0xD0, 0xCF, 0x11, 0xE0) && encryptedOoxml(path)) {
            return Result.unread("文件已加密");
        }
        POITextExtractor extractor;
        try {
            extractor = ExtractorFactory.createExtractor(path.toFile());
        } catch (EncryptedDocumentException e) {
            return Result.unread("文件已加密");
        } catch (IOException | RuntimeException e) {
            if (isZipBomb(e)) {
                return Result.unread("解压后过大（疑似压缩炸弹），未读取");
            }
            return Result.unread(starts(head, 0x50, 0x4B) ? "压缩文件或无法识别的 Office 文件，未扫描"
                    : "无法识别的 Office 文件（" + e.getClass().getSimpleName() + "）");
        }
        try (extractor) {
            String text = extractor.getText();
            if (extractor instanceof ExcelExtractor) {
                // one cell per line: the event extractors separate the cells of a row by tabs
                text = text.replace('\t', '\n');
            }
            if (text.isBlank()) {
                return Result.unread("文件中没有可提取的文字，请人工查看");
            }
            return capped(text);
        } catch (EncryptedDocumentException e) {
            return Result.unread("文件已加密");
        } catch (IOException | RuntimeException e) {
            if (isZipBomb(e)) {
                return Result.unread("解压后过大（疑似压缩炸弹），未读取");
            }
            throw e;
        }
    }

    /** An OOXML file encrypted with a password is an OLE2 container holding EncryptionInfo and EncryptedPackage. */
    private static boolean encryptedOoxml(Path path) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem(path.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            return root.hasEntry("EncryptionInfo") || root.hasEntry("EncryptedPackage");
        }
    }

    private static boolean isZipBomb(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Zip bomb") || m.contains("max allowed") || m.contains("exceeds the max"))) {
                return true;
            }
        }
        return false;
    }

    private Result text(byte[] bytes, String name) {
        String text = decode(bytes);
        if (text == null || !looksLikeText(text)) {
            return Result.unread("无法识别的文件类型");
        }
        String start = text.stripLeading();
        boolean xmlName = name.endsWith(".xml") || name.endsWith(".svg");
        boolean htmlName = name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xhtml");
        if (start.startsWith("<?xml") && !htmlName || xmlName && start.startsWith("<")) {
            return markup(Jsoup.parse(text, "", Parser.xmlParser()), true);
        }
        if (htmlName || startsWithIgnoreCase(start, "<!doctype html") || startsWithIgnoreCase(start, "<html")) {
            return markup(Jsoup.parse(text), false);
        }
        return capped(text);
    }

    /** The text a reader of the document can get at, one element (XML) or block element (HTML) per line. */
    private Result markup(Document doc, boolean xml) {
        StringBuilder out = new StringBuilder();
        doc.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.getWholeText());
                } else if (node instanceof Comment c) {
                    out.append('\n').append(c.getData()).append('\n');
                } else if (node instanceof Element e) {
                    if (xml || e.isBlock() || e.normalName().equals("br")) {
                        out.append('\n');
                    }
                    e.attributes().forEach(a -> {
                        if (xml || a.getKey().equals("title") || a.getKey().equals("alt")) {
                            out.append('\n').append(a.getValue()).append('\n');
                        }
                    });
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && (xml || e.isBlock())) {
                    out.append('\n');
                }
            }
        });
        String text = out.toString();
        if (text.isBlank()) {
            return Result.unread("文件中没有可提取的文字，请人工查看");
        }
        return capped(text);
    }

    private Result capped(String text) {
        if (text.length() <= maxChars) {
            return Result.text(text);
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return new Result(text.substring(0, end),
                String.format(Locale.ROOT, "文字超过 %,d 字，只扫描了前 %,d 字", maxChars, maxChars));
    }

    /** The text of {@code bytes}, or null if no supported encoding reads it. */
    static String decode(byte[] b) {
        if (starts(b, 0xEF, 0xBB, 0xBF)) {
            return lenient(b, 3, StandardCharsets.UTF_8);
        }
        if (starts(b, 0xFF, 0xFE)) {
            return lenient(b, 2, StandardCharsets.UTF_16LE);
        }
        if (starts(b, 0xFE, 0xFF)) {
            return lenient(b, 2, StandardCharsets.UTF_16BE);
        }
        Charset utf16 = utf16ByNuls(b);
        if (utf16 != null) {
            return lenient(b, 0, utf16);
        }
        String utf8 = strict(b, StandardCharsets.UTF_8);
        if (utf8 != null) {
            return utf8;
        }
        if (b.length % 2 == 0) {
            for (Charset cs : new Charset[] {StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
                String s = strict(b, cs);
                if (s != null && cjkScore(s) >= MIN_TEXT_SCORE_PERCENT) {
                    return s;
                }
            }
        }
        return strict(b, Charset.forName("GB18030"));
    }

    /**
     * UTF-16 without a BOM but with mostly ASCII (Latin text, digits, markup): every other byte is 0, the odd ones
     * for little-endian, the even ones for big-endian.
     */
    private static Charset utf16ByNuls(byte[] b) {
        int n = Math.min(b.length, 64 * 1024) & ~1;
        if (n < 2) {
            return null;
        }
        int even = 0;
        int odd = 0;
        for (int i = 0; i < n; i += 2) {
            if (b[i] == 0) {
                even++;
            }
            if (b[i + 1] == 0) {
                odd++;
            }
        }
        int pairs = n / 2;
        if (odd * 10 >= pairs * 3 && even * 10 < pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (even * 10 >= pairs * 3 && odd * 10 < pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** Percent of chars that are CJK, ASCII text or common punctuation: high for real UTF-16, low for GBK read as it. */
    private static int cjkScore(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        long texty = s.chars().filter(c -> c >= 0x4E00 && c <= 0x9FFF || c >= 0x20 && c < 0x7F
                || c == '\n' || c == '\r' || c == '\t' || c >= 0x3000 && c <= 0x303F || c >= 0xFF00 && c <= 0xFFEF
                || c >= 0x2000 && c <= 0x206F).count();
        return (int) (texty * 100 / s.length());
    }

    /** Decoded text has almost no control chars (other than tab, line breaks, form feed) and no NULs. */
    private static boolean looksLikeText(String s) {
        long controls = s.chars().limit(1 << 20).filter(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f'
                || c == 0xFFFD).count();
        return controls * 100 <= Math.min(s.length(), 1 << 20);
    }

    private static String strict(byte[] b, Charset cs) {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = d.decode(ByteBuffer.wrap(b));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String lenient(byte[] b, int offset, Charset cs) {
        return new String(b, offset, b.length - offset, cs);
    }

    private static boolean starts(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xFF) != (magic[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean starts(byte[] h, String ascii) {
        return starts(h, ascii.chars().toArray());
    }

    private static int indexOf(byte[] h, String ascii) {
        outer:
        for (int i = 0; i + ascii.length() <= h.length; i++) {
            for (int k = 0; k < ascii.length(); k++) {
                if (h[i + k] != ascii.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : String.format(Locale.ROOT, "%,d 字节", bytes);
    }
}

package cn.gongkai.hub.subscriber;

import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an uploaded file is, from its first bytes: an .xlsx (a ZIP archive; {@link XlsxSubscriberReader} checks that a
 * workbook is inside), CSV text, or something refused with a message that says what to do instead.
 */
enum FileKind {
    XLSX, CSV;

    static final String SAVE_AS = "save it as .xlsx or CSV";
    private static final int SNIFF = 8192;
    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    static FileKind of(Path file, String name) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF);
        }
        if (head.length == 0) {
            throw new SubscriberFileReader.Refused(name + " is empty");
        }
        if (starts(head, 'P', 'K', 3, 4)) {
            return XLSX;
        }
        if (starts(head, 'P', 'K', 5, 6)) {
            throw new SubscriberFileReader.Refused(name + " is an empty ZIP archive, not a workbook; " + SAVE_AS);
        }
        if (starts(head, OLE2)) {
            throw new SubscriberFileReader.Refused(name + oldOffice(file));
        }
        if (starts(head, 0xFF, 0xFE) || starts(head, 0xFE, 0xFF)) {
            throw new SubscriberFileReader.Refused(name + " is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8 (逗号分隔)\" or .xlsx");
        }
        String other = otherKnownKind(head);
        if (other != null) {
            throw new SubscriberFileReader.Refused(name + " is " + other + ", not a list of subscribers; " + SAVE_AS);
        }
        int from = starts(head, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        int first = from;
        while (first < head.length && (head[first] == ' ' || head[first] == '\t' || head[first] == '\r' || head[first] == '\n')) {
            first++;
        }
        if (first < head.length && head[first] == '<') {
            // Several office systems export an HTML table or "XML Spreadsheet 2003" and name it .xls
            throw new SubscriberFileReader.Refused(name + " is a web page or XML file, not a real workbook (some systems save these with an .xls name); "
                    + "open it in Excel or WPS and " + SAVE_AS);
        }
        // Text has no NUL byte and hardly any other control character; one in a name is the row checker's to report.
        int control = 0;
        for (int i = from; i < head.length; i++) {
            int b = head[i] & 0xFF;
            if (b == 0) {
                control = head.length;
                break;
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                control++;
            }
        }
        if (control > Math.max(2, head.length / 100)) {
            throw new SubscriberFileReader.Refused(name + " holds binary data: it is neither a CSV text file nor an .xlsx workbook; " + SAVE_AS);
        }
        return CSV;
    }

    /** Why an OLE2 compound file (.xls, a password-protected .xlsx, .doc ...) is refused. */
    private static String oldOffice(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            DirectoryNode root = fs.getRoot();
            if (root.hasEntry("EncryptionInfo")) {
                return " is protected with a password; save a copy without the password as .xlsx or CSV";
            }
            if (root.hasEntryCaseInsensitive("Workbook") || root.hasEntryCaseInsensitive("Book")) {
                return " is an old binary Excel file (.xls, Excel 97-2003); " + SAVE_AS;
            }
            return " is an old binary Office file (Word or PowerPoint?), not a workbook; " + SAVE_AS;
        } catch (IOException | RuntimeException e) {
            return " looks like an old binary Excel file (.xls) but cannot be opened; " + SAVE_AS;
        }
    }

    private static String otherKnownKind(byte[] head) {
        if (starts(head, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (starts(head, 0x89, 'P', 'N', 'G') || starts(head, 0xFF, 0xD8, 0xFF) || starts(head, 'G', 'I', 'F', '8')) {
            return "an image";
        }
        if (starts(head, 'R', 'a', 'r', '!') || starts(head, '7', 'z', 0xBC, 0xAF) || starts(head, 0x1F, 0x8B)) {
            return "a compressed archive";
        }
        if (starts(head, '{', '\\', 'r', 't', 'f')) {
            return "an RTF document";
        }
        return null;
    }

    private static boolean starts(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != (magic[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean starts(byte[] head, byte[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}

package cn.gongkai.hub.item;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules for an attachment's file name. It becomes a download name, a path segment of the website and a MIME file
 * name in e-mails, so it must be one plain segment that reads as it is: not {@code .} or {@code ..}; no {@code /} or
 * {@code \}; no control characters (C0, DEL, C1); no invisible format characters (bidirectional overrides and
 * isolates that make {@code txt.exe} look like {@code exe.txt}, zero-width characters); no leading or trailing space;
 * at most 255 bytes in UTF-8, what common file systems take.
 */
final class AttachmentName {
    static final int MAX_UTF8_BYTES = 255;

    private AttachmentName() {
    }

    /** What is wrong with {@code name}, one problem per rule it breaks; empty when it is fine. */
    static List<String> problems(String name) {
        List<String> out = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            out.add("needs a file name");
            return out;
        }
        if (name.equals(".") || name.equals("..")) {
            out.add("file name must not be '.' or '..'");
        }
        if (name.contains("/") || name.contains("\\")) {
            out.add("file name must not contain / or \\ (send the name without its folder)");
        }
        name.codePoints().filter(c -> Character.getType(c) == Character.CONTROL).findFirst()
                .ifPresent(c -> out.add("file name must not contain control characters (found " + hex(c) + ")"));
        name.codePoints().filter(c -> Character.getType(c) == Character.FORMAT).findFirst()
                .ifPresent(c -> out.add("file name must not contain invisible format characters such as bidirectional"
                        + " overrides or zero-width characters (found " + hex(c) + ")"));
        if (isSpace(name.codePointAt(0)) || isSpace(name.codePointBefore(name.length()))) {
            out.add("file name must not begin or end with a space");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UTF8_BYTES) {
            out.add("file name is " + bytes + " bytes long in UTF-8; the limit is " + MAX_UTF8_BYTES);
        }
        return out;
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String hex(int c) {
        return String.format("U+%04X", c);
    }
}

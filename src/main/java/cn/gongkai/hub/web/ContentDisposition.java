package cn.gongkai.hub.web;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} values for files with Chinese names (RFC 6266): {@code filename*=UTF-8''…} percent-encoded
 * as RFC 8187 (ex-RFC 5987) says, after a plain ASCII {@code filename} for clients that read only that one.
 */
public final class ContentDisposition {
    // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    private static final String ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ContentDisposition() {
    }

    public static String attachment(String fileName, String asciiFallback) {
        return value("attachment", fileName, asciiFallback);
    }

    public static String inline(String fileName, String asciiFallback) {
        return value("inline", fileName, asciiFallback);
    }

    private static String value(String type, String fileName, String asciiFallback) {
        return type + "; filename=\"" + asciiFallback.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''" + encode(fileName);
    }

    /** The UTF-8 bytes of {@code value}, every byte outside attr-char as %XX. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ATTR_CHAR_PUNCTUATION.indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }
}

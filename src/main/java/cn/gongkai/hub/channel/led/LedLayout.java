package cn.gongkai.hub.channel.led;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays text out for a character LED screen.
 *
 * <p>Widths are counted in columns the way a GBK controller draws them: an ASCII character (U+0000–U+007F) takes one
 * column (an 8×16 half-width cell), every other character two (a 16×16 full-width cell: Chinese characters, full-width
 * punctuation, and, conservatively, anything else). A line never exceeds the screen's columns, so a wide character
 * that would need the last single column moves to the next line instead of being cut in half. Text is wrapped per
 * character (Chinese has no spaces to break at); each paragraph starts a new line; spaces at the start of a wrapped
 * line are dropped.
 *
 * <p>Characters the screen's encoding cannot represent (an emoji or a rare character outside GBK) become {@code ?},
 * and so does a lone surrogate; a surrogate pair is handled as one character and never split.
 */
public final class LedLayout {
    private LedLayout() {
    }

    /** Columns one code point takes. */
    public static int width(int codePoint) {
        return codePoint < 0x80 ? 1 : 2;
    }

    /** Columns a line takes. */
    public static int width(String line) {
        return line.codePoints().map(LedLayout::width).sum();
    }

    /** The text as the screen can show it: unrepresentable characters as '?', control characters as spaces,
     * invisible format characters dropped. */
    public static String encodable(String text, Charset charset) {
        CharsetEncoder enc = charset.newEncoder();
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                sb.append('\n');
            } else if (Character.isISOControl(cp)) {
                sb.append(' ');
            } else if (Character.getType(cp) == Character.FORMAT) {
                // zero-width joiners, soft hyphens, direction marks: nothing a screen can draw
            } else if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                sb.append('?');
            } else {
                String s = new String(Character.toChars(cp));
                sb.append(enc.canEncode(s) ? s : "?");
            }
        });
        return sb.toString();
    }

    /** The paragraphs (separated by line breaks) wrapped to {@code columns}, cut into pages of {@code lines} lines. */
    public static List<List<String>> pages(String text, int columns, int lines, Charset charset) {
        if (columns < 2 || lines < 1) {
            throw new IllegalArgumentException("a screen needs at least 2 columns and 1 line");
        }
        List<String> all = new ArrayList<>();
        for (String paragraph : encodable(text, charset).split("\n")) {
            wrap(paragraph.strip(), columns, all);
        }
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < all.size(); i += lines) {
            pages.add(List.copyOf(all.subList(i, Math.min(all.size(), i + lines))));
        }
        return List.copyOf(pages);
    }

    private static void wrap(String paragraph, int columns, List<String> out) {
        StringBuilder line = new StringBuilder();
        int used = 0;
        for (int i = 0; i < paragraph.length(); ) {
            int cp = paragraph.codePointAt(i);
            i += Character.charCount(cp);
            int w = width(cp);
            if (used + w > columns) {
                out.add(line.toString().stripTrailing());
                line.setLength(0);
                used = 0;
            }
            if (used == 0 && cp == ' ') {
                continue;
            }
            line.appendCodePoint(cp);
            used += w;
        }
        if (used > 0) {
            out.add(line.toString().stripTrailing());
        }
    }
}

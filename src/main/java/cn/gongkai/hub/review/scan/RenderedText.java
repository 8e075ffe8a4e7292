package cn.gongkai.hub.review.scan;

import org.jsoup.nodes.Entities;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Set;

/**
 * The plain text a reader sees when a field is shown as Markdown or HTML, with every char mapped back to the source
 * chars it came from, so that {@code &#26426;&#23494;}, {@code **机**密} or 机密 with a zero-width space inside are
 * read as 机密 and still reported at the offset of the source. A read-only pass finds the lines that rendering can change; those (with
 * their neighbours) are rendered, then blanks are folded in the output:
 * <ol>
 *   <li>HTML character references are decoded: named ({@code &nbsp;}, the HTML5 list of jsoup's {@link Entities}),
 *       decimal ({@code &#26426;}) and hex ({@code &#x673A;}); the decoded chars map to the whole reference and are
 *       literal text, never markup. A Markdown backslash escape ({@code \*}) is the literal char too.</li>
 *   <li>HTML comments are dropped (an unterminated one runs to the end, as in a browser), and so are tags; a tag of
 *       a block element ({@code <p> <br> <td> <li> <h1>…}) becomes a line break, so a table cell stands on its own
 *       line.</li>
 *   <li>Markdown: at a line start, block quote markers {@code >}, a heading's {@code #}…{@code ######} and list
 *       markers {@code - + *} and {@code 1.} {@code 1)} (each followed by a blank) are dropped with the blanks after
 *       them; everywhere, the emphasis and code chars {@code * _ `} and {@code ~} are dropped (a lone {@code ~}
 *       between digits is a range, {@code 1~3}, and stays); a table pipe {@code |} becomes a line break.</li>
 *   <li>Invisible chars are dropped: every format char (Unicode Cf: zero-width space and joiners, word joiner, BOM,
 *       soft hyphen, bidi controls), variation selectors, the combining grapheme joiner and the Hangul fillers.</li>
 *   <li>A run of blanks (spaces, tabs, no-break and ideographic spaces; not line breaks) between two CJK chars is
 *       folded away, so {@code 机 密} reads 机密; {@link ScanText#gapBefore} remembers where, for rules that care
 *       whether a word stood alone ({@code 机密 工作要点}).</li>
 * </ol>
 * This is a hand-written pass, not commonmark or jsoup: both give source positions per node only, and a text node
 * decoded from entities or merged from several runs cannot map each of its chars back to the source. Items are
 * also often plain text (annual-report tables written with {@code |}), and CommonMark's flanking rules leave much
 * emphasis around CJK punctuation unparsed, where dropping the markup chars is what a scan needs.
 */
final class RenderedText {

    private static final Set<String> BLOCK_TAGS = Set.of("address", "article", "aside", "blockquote", "br", "caption",
            "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
            "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
            "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul");
    private static final int MAX_ENTITY_NAME = 32;

    /**
     * Chars worth a second look in the first pass: line breaks, markup, blanks, invisible chars and surrogates
     * (checked by code point). A table, because that pass reads every char of every field.
     */
    private static final boolean[] NOTABLE = new boolean[Character.MAX_VALUE + 1];

    static {
        for (char c : "\n&*_`~|\\<".toCharArray()) {
            NOTABLE[c] = true;
        }
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            NOTABLE[c] |= isBlank((char) c) || Character.isSurrogate((char) c) || isInvisible(c);
        }
    }

    /** A noncharacter: never in a key, a mark or a number, and kept by {@link NormalizedText}. */
    private static final char SEPARATOR = '\uFFFF';

    private final String s;
    /** End of the part of {@code s} being rendered: constructs do not run past it. */
    private int end;
    private char[] chars;
    private int[] from;
    private int[] to;
    private int length;
    private boolean changed;

    private RenderedText(String source) {
        this.s = source;
        this.end = source.length();
        chars = new char[16];
        from = new int[16];
        to = new int[16];
    }

    /**
     * The rendered view of {@code source}, or null if it reads the same as the source. Only the lines that rendering
     * can change are rendered and kept, with one line of context either side (a register title may run over a line
     * break): the rules have read every other line already, as typed. Runs of lines that were not next to each
     * other are separated by a line holding only {@link #SEPARATOR}, which no rule matches across.
     */
    static ScanText of(String source) {
        RenderedText r = new RenderedText(source);
        int[] lineStarts = lineStarts(source);
        boolean[] keep = r.linesToRender(lineStarts);
        int lines = lineStarts.length;
        for (int line = 0; line < lines; ) {
            if (!keep[line]) {
                line++;
                continue;
            }
            int last = line;
            while (last + 1 < lines && keep[last + 1]) {
                last++;
            }
            if (r.length > 0) {
                int breakAt = lineStarts[line] - 1;
                r.append(SEPARATOR, breakAt, breakAt + 1);
                r.append('\n', breakAt, breakAt + 1);
            }
            r.end = last + 1 < lines ? lineStarts[last + 1] : source.length();
            r.render(lineStarts[line]);
            line = last + 1;
        }
        BitSet gaps = r.foldBlanksBetweenCjk();
        if (!r.changed) {
            return null;
        }
        return ScanText.view(source, new String(r.chars, 0, r.length), Arrays.copyOf(r.from, r.length),
                Arrays.copyOf(r.to, r.length), gaps);
    }

    /** Index of the first char of every line. */
    private static int[] lineStarts(String s) {
        int[] starts = new int[16];
        int lines = 1;
        for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
            if (lines == starts.length) {
                starts = Arrays.copyOf(starts, lines * 2);
            }
            starts[lines++] = i + 1;
        }
        return Arrays.copyOf(starts, lines);
    }

    /**
     * A read-only first pass: the lines rendering may change (a markup or invisible char, a block marker, blanks
     * between CJK chars), every line a comment or tag spans, and the neighbours of those lines.
     */
    private boolean[] linesToRender(int[] lineStarts) {
        int lines = lineStarts.length;
        boolean[] changes = new boolean[lines];
        int n = s.length();
        int line = 0;
        boolean any = blockPrefixEnd(0) > 0;
        changes[0] = any;
        // the array, not charAt: the bounds checks of charAt were most of this loop's time
        char[] t = s.toCharArray();
        for (int i = 0; i < n; i++) {
            char c = t[i];
            if (!NOTABLE[c]) {
                continue;
            }
            boolean change = switch (c) {
                case '\n' -> {
                    line++;
                    yield blockPrefixEnd(i + 1) > i + 1;
                }
                case '&', '*', '_', '`', '~', '|', '\\' -> true;
                case '<' -> {
                    int last = lineOf(lineStarts, Math.max(i, markupEnd(i) - 1));
                    for (int k = line + 1; k <= last; k++) {
                        changes[k] = true;
                    }
                    yield true;
                }
                default -> isBlank(c) ? i > 0 && isCjk(s.charAt(i - 1)) && blanksThenCjk(i) : isInvisible(s.codePointAt(i));
            };
            if (change) {
                changes[line] = true;
                any = true;
            }
        }
        boolean[] keep = new boolean[lines];
        if (!any) {
            return keep;
        }
        for (int k = 0; k < lines; k++) {
            if (changes[k]) {
                keep[k] = true;
                keep[Math.max(0, k - 1)] = true;
                keep[Math.min(lines - 1, k + 1)] = true;
            }
        }
        return keep;
    }

    private static int lineOf(int[] lineStarts, int i) {
        int found = Arrays.binarySearch(lineStarts, i);
        return found >= 0 ? found : -found - 2;
    }

    /** Whether the blanks at {@code i} end in a CJK char on the same line. */
    private boolean blanksThenCjk(int i) {
        int j = skipBlanks(i);
        return j < s.length() && isCjk(s.charAt(j));
    }

    /** Where a comment or tag starting at {@code <} index {@code i} ends, or {@code i + 1} if there is none. */
    private int markupEnd(int i) {
        if (s.startsWith("<!--", i)) {
            int close = s.indexOf("-->", i + 4);
            return close < 0 ? s.length() : close + 3;
        }
        int close = tagEnd(i + 1);
        return close < 0 ? i + 1 : close;
    }

    /** Renders {@code s[start, end)}; {@code start} is a line start. */
    private void render(int start) {
        int n = end;
        int i = start;
        boolean lineStart = true;
        while (i < n) {
            if (lineStart) {
                lineStart = false;
                int content = blockPrefixEnd(i);
                if (content > i) {
                    changed = true;
                    i = content;
                    continue;
                }
            }
            char c = s.charAt(i);
            switch (c) {
                case '\n', '\r' -> {
                    keep(i);
                    lineStart = true;
                    i++;
                }
                case '\\' -> {
                    if (i + 1 < n && isAsciiPunctuation(s.charAt(i + 1))) {
                        put(s.charAt(i + 1), i, i + 2);
                        i += 2;
                    } else {
                        keep(i++);
                    }
                }
                case '&' -> i = reference(i);
                case '<' -> i = markup(i);
                case '*', '_', '`' -> {
                    changed = true;
                    i++;
                }
                case '~' -> {
                    boolean range = i > 0 && isAsciiDigit(s.charAt(i - 1)) && i + 1 < n && isAsciiDigit(s.charAt(i + 1));
                    if (range) {
                        keep(i);
                    } else {
                        changed = true;
                    }
                    i++;
                }
                case '|' -> {
                    put('\n', i, i + 1);
                    i++;
                }
                default -> {
                    if (c < '\u00AD' || c >= '\u3400' && c < '\uD800') {
                        // no format char, selector or filler in these ranges (ASCII, Latin-1, CJK)
                        keep(i++);
                        continue;
                    }
                    int cp = s.codePointAt(i);
                    int end = i + Character.charCount(cp);
                    if (isInvisible(cp)) {
                        changed = true;
                    } else {
                        for (int k = i; k < end; k++) {
                            keep(k);
                        }
                    }
                    i = end;
                }
            }
        }
    }

    /**
     * Where the content of the line starting at {@code i} begins once block quote, heading and list markers are
     * dropped; {@code i} if the line has none (its indentation is then kept).
     */
    private int blockPrefixEnd(int i) {
        int n = end;
        int j = skipBlanks(i);
        boolean marker = false;
        while (j < n) {
            char c = s.charAt(j);
            if (c == '>') {
                j = skipBlanks(j + 1);
                marker = true;
            } else if (c == '#') {
                int run = j;
                while (run < n && s.charAt(run) == '#') {
                    run++;
                }
                if (run - j <= 6 && (run == n || isBlank(s.charAt(run)) || isLineBreak(s.charAt(run)))) {
                    j = skipBlanks(run);
                    marker = true;
                }
                break;
            } else if ((c == '-' || c == '+' || c == '*') && j + 1 < n && isBlank(s.charAt(j + 1))) {
                j = skipBlanks(j + 1);
                marker = true;
            } else if (isAsciiDigit(c)) {
                int run = j;
                while (run < n && run - j < 9 && isAsciiDigit(s.charAt(run))) {
                    run++;
                }
                if (run + 1 < n && (s.charAt(run) == '.' || s.charAt(run) == ')') && isBlank(s.charAt(run + 1))) {
                    j = skipBlanks(run + 1);
                    marker = true;
                }
                break;
            } else {
                break;
            }
        }
        return marker ? j : i;
    }

    /** Decodes the character reference at {@code &} index {@code i}, or keeps the {@code &}; returns where to go on. */
    private int reference(int i) {
        int n = end;
        int j = i + 1;
        String decoded = null;
        if (j < n && s.charAt(j) == '#') {
            j++;
            boolean hex = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
            if (hex) {
                j++;
            }
            int digitsFrom = j;
            long cp = 0;
            while (j < n && j - digitsFrom < 8 && Character.digit(s.charAt(j), hex ? 16 : 10) >= 0
                    && s.charAt(j) < 0x80) {
                cp = cp * (hex ? 16 : 10) + Character.digit(s.charAt(j), hex ? 16 : 10);
                j++;
            }
            if (j > digitsFrom && cp > 0 && cp <= Character.MAX_CODE_POINT && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                decoded = new String(Character.toChars((int) cp));
                // browsers decode a numeric reference without its ';' too
                if (j < n && s.charAt(j) == ';') {
                    j++;
                }
            }
        } else {
            while (j < n && j - i <= MAX_ENTITY_NAME && isAsciiLetterOrDigit(s.charAt(j))) {
                j++;
            }
            if (j > i + 1 && j < n && s.charAt(j) == ';' && Entities.isNamedEntity(s.substring(i + 1, j))) {
                decoded = Entities.getByName(s.substring(i + 1, j));
                j++;
            }
        }
        if (decoded == null || decoded.isEmpty()) {
            keep(i);
            return i + 1;
        }
        changed = true;
        for (int k = 0; k < decoded.length(); ) {
            int cp = decoded.codePointAt(k);
            int next = k + Character.charCount(cp);
            if (!isInvisible(cp)) {
                for (int m = k; m < next; m++) {
                    put(decoded.charAt(m), i, j);
                }
            }
            k = next;
        }
        return j;
    }

    /** Drops the comment or tag at {@code <} index {@code i} (a block tag becomes a line break), or keeps the {@code <}. */
    private int markup(int i) {
        int n = end;
        if (s.startsWith("<!--", i)) {
            int close = s.indexOf("-->", i + 4);
            changed = true;
            return close < 0 || close + 3 > n ? n : close + 3;
        }
        int j = i + 1;
        boolean declaration = j < n && (s.charAt(j) == '!' || s.charAt(j) == '?');
        if (j < n && s.charAt(j) == '/') {
            j++;
        }
        int nameFrom = declaration ? j + 1 : j;
        int nameEnd = nameFrom;
        while (nameEnd < n && (isAsciiLetterOrDigit(s.charAt(nameEnd)) || s.charAt(nameEnd) == '-' && nameEnd > nameFrom)) {
            nameEnd++;
        }
        boolean named = nameEnd > nameFrom && isAsciiLetter(s.charAt(nameFrom));
        if (!named || nameEnd < n && !(isBlank(s.charAt(nameEnd)) || isLineBreak(s.charAt(nameEnd))
                || s.charAt(nameEnd) == '>' || s.charAt(nameEnd) == '/')) {
            keep(i);
            return i + 1;
        }
        int close = tagEnd(nameEnd);
        if (close < 0) {
            keep(i);
            return i + 1;
        }
        changed = true;
        if (!declaration && BLOCK_TAGS.contains(s.substring(nameFrom, nameEnd).toLowerCase(Locale.ROOT))) {
            put('\n', i, close);
        }
        return close;
    }

    /** Index after the {@code >} closing a tag whose attributes start at {@code i}, or -1 if there is none. */
    private int tagEnd(int i) {
        char quote = 0;
        for (int j = i; j < end; j++) {
            char c = s.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j + 1;
            } else if (c == '<') {
                return -1;
            }
        }
        return -1;
    }

    /** Second pass, in place: drops blank runs between two CJK chars; returns the text indices that had one before. */
    private BitSet foldBlanksBetweenCjk() {
        BitSet gaps = null;
        int w = 0;
        int r = 0;
        while (r < length) {
            char c = chars[r];
            if (isBlank(c) && w > 0 && isCjk(chars[w - 1])) {
                int run = r;
                while (run < length && isBlank(chars[run])) {
                    run++;
                }
                if (run < length && isCjk(chars[run])) {
                    if (gaps == null) {
                        gaps = new BitSet();
                    }
                    gaps.set(w);
                    changed = true;
                    r = run;
                    continue;
                }
                while (r < run) {
                    move(r++, w++);
                }
                continue;
            }
            move(r++, w++);
        }
        length = w;
        return gaps;
    }

    private void move(int r, int w) {
        if (r != w) {
            chars[w] = chars[r];
            from[w] = from[r];
            to[w] = to[r];
        }
    }

    private void keep(int i) {
        append(s.charAt(i), i, i + 1);
    }

    private void put(char c, int start, int end) {
        changed = true;
        append(c, start, end);
    }

    private void append(char c, int start, int end) {
        if (length == chars.length) {
            chars = Arrays.copyOf(chars, length * 2);
            from = Arrays.copyOf(from, length * 2);
            to = Arrays.copyOf(to, length * 2);
        }
        chars[length] = c;
        from[length] = start;
        to[length] = end;
        length++;
    }

    private int skipBlanks(int i) {
        while (i < end && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Horizontal white space: what a reader does not see between two characters of one line. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u3000' || c == '\u00A0' || c == '\u202F' || c == '\u205F'
                || c >= '\u2000' && c <= '\u200A';
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /** Han characters and CJK / full-width punctuation ({@code 【】（）《》，。}). */
    static boolean isCjk(char c) {
        if (c >= '\u3001' && c <= '\u303F' || c >= '\uFF01' && c <= '\uFF60') {
            return true;
        }
        return c >= '\u2E80' && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** Chars a reader cannot see: format chars (Cf), variation selectors, the grapheme joiner, Hangul fillers. */
    static boolean isInvisible(int cp) {
        return Character.getType(cp) == Character.FORMAT
                || cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF
                || cp == 0x034F || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c > ' ' && c < 0x7F && !isAsciiLetterOrDigit(c);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isAsciiDigit(c);
    }
}

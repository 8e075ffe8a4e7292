package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.render.Texts;

import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fits a text to what a template keyword of one type may hold ({@link TemplateKeyword}), so that
 * {@code message/template/send} does not refuse the whole notice with 47003. Texts are cut to the type's limit, and
 * what the type may not hold is left out (Chinese from a character_string, everything but Chinese from a phrase);
 * a number, an amount, a telephone or a car number is never cut (a cut one would be a different one): one that does
 * not fit gives nothing. Line breaks and control characters become spaces first (WeChat refuses them in every type).
 *
 * <p>Lengths: thing counts UTF-16 units, so an emoji (two units) can never take it over WeChat's 20 whichever way
 * WeChat counts; the Chinese-character limits (phrase, name) count code points, so an ideograph outside the BMP
 * counts once. No cut splits a surrogate pair.
 */
final class TemplateValues {
    static final String ELLIPSIS = "…";
    /** The docs' own examples: {@code 2019年10月1日 15:01} for a time, {@code 2019年10月1日} for a date. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
    private static final Pattern AMOUNT = Pattern.compile("([¥$€£])?\\s*([0-9]+(?:\\.[0-9]+)?)");
    private static final Pattern CAR = Pattern.compile("[\\p{IsHan}A-Z0-9][A-Z0-9]{0,6}[\\p{IsHan}A-Z0-9]?");

    private TemplateValues() {
    }

    /** The value of a keyword of {@code type} made of {@code text}; empty when nothing of it may stand there. */
    static Optional<String> fit(TemplateKeyword type, String text) {
        String s = oneLine(text);
        String v = switch (type) {
            case THING -> s.length() <= type.limit ? s : Texts.cut(s, type.limit - ELLIPSIS.length()).stripTrailing() + ELLIPSIS;
            case CHARACTER_STRING -> Texts.cut(ascii(brackets(nfkc(s)), false), type.limit);
            case LETTER -> Texts.cut(nfkc(s).replaceAll("[^A-Za-z]", ""), type.limit);
            case PHRASE -> chinese(s, type.limit);
            case SYMBOL -> symbols(s, type.limit);
            case NUMBER -> number(nfkc(s), type.limit);
            case AMOUNT -> amount(nfkc(s), type.limit);
            case PHONE_NUMBER -> {
                String p = nfkc(s).replaceAll("[^0-9+\\-]", "");
                yield p.length() <= type.limit && p.matches(".*[0-9].*") ? p : "";
            }
            case CAR_NUMBER -> {
                String c = nfkc(s).toUpperCase(java.util.Locale.ROOT).replaceAll("[\\s·•\\-]", "");
                yield Texts.codePoints(c) <= type.limit && CAR.matcher(c).matches() ? c : "";
            }
            case NAME -> name(s, type.limit);
            case TIME, DATE, CONST -> s;
        };
        return v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** {@code at} as a keyword of {@code type} shows it, in {@code zone}: the docs' time and date formats. */
    static Optional<String> moment(TemplateKeyword type, Instant at, ZoneId zone) {
        return switch (type) {
            case TIME -> Optional.of(TIME.format(at.atZone(zone)));
            case DATE -> Optional.of(DATE.format(at.atZone(zone)));
            default -> fit(type, TIME.format(at.atZone(zone)));
        };
    }

    /** Control and format characters and unpaired surrogates as spaces, whitespace runs as one space, stripped. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return Texts.oneLine(sb.toString());
    }

    private static String nfkc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    /** The brackets of a 文号 (〔2025〕, 【】) as ASCII ones, which a character_string may hold. */
    private static String brackets(String s) {
        return s.replaceAll("[〔【〖［「『]", "[").replaceAll("[〕】〗］」』]", "]");
    }

    /** Printable ASCII only (digits, letters, symbols), with or without spaces. */
    private static String ascii(String s, boolean spaces) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c > 0x20 && c < 0x7f) || (spaces && c == ' ')) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isChinese(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN && Character.isIdeographic(cp);
    }

    private static String chinese(String s, int max) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int i = 0; i < s.length() && n < max; ) {
            int cp = s.codePointAt(i);
            if (isChinese(cp)) {
                sb.appendCodePoint(cp);
                n++;
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String symbols(String s, int max) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (int i = 0; i < s.length() && n < max; ) {
            int cp = s.codePointAt(i);
            if (!Character.isLetterOrDigit(cp) && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !isChinese(cp)) {
                sb.appendCodePoint(cp);
                n++;
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** The first number of the text, when it has at most {@code max} digits. */
    private static String number(String s, int max) {
        Matcher m = NUMBER.matcher(s);
        return m.find() && m.group().replace(".", "").length() <= max ? m.group() : "";
    }

    /** The first amount of the text with its currency sign (¥ when it has none), at most {@code max} digits. */
    private static String amount(String s, int max) {
        Matcher m = AMOUNT.matcher(s);
        if (!m.find() || m.group(2).replace(".", "").length() > max) {
            return "";
        }
        return (m.group(1) == null ? "¥" : m.group(1)) + m.group(2);
    }

    /**
     * A name with Chinese in it keeps its Chinese characters and letters (mixed ones count as Chinese), at most
     * {@code max}; one without keeps letters, spaces and symbols, at most twice that.
     */
    private static String name(String s, int max) {
        StringBuilder sb = new StringBuilder();
        boolean chinese = s.codePoints().anyMatch(TemplateValues::isChinese);
        if (chinese) {
            int n = 0;
            for (int i = 0; i < s.length() && n < max; ) {
                int cp = s.codePointAt(i);
                if (isChinese(cp) || (cp < 0x80 && Character.isLetter(cp))) {
                    sb.appendCodePoint(cp);
                    n++;
                }
                i += Character.charCount(cp);
            }
            return sb.toString();
        }
        String latin = Texts.oneLine(ascii(nfkc(s), true).replaceAll("[0-9]", ""));
        return Texts.cut(latin, 2 * max).strip();
    }
}

package cn.gongkai.hub.review.scan;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal information that must not be published as is (《个人信息保护法》, 条例第十五条): resident ID numbers,
 * mobile numbers, bank card numbers and e-mail addresses. The severity of each kind comes from
 * {@link PersonalInfoSeverities}.
 *
 * <ul>
 *   <li><b>ID number</b> (GB 11643): 17 digits and a check char, the check char equal to
 *       {@code "10X98765432"[Σ digit·weight mod 11]} with weights {@code 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2},
 *       a province code of GB/T 2260 in the first two digits and a birth date in positions 7–14 that exists and lies
 *       between 1900-01-01 and today.</li>
 *   <li><b>Mobile</b>: {@code 1[3-9]} and 9 more digits, optionally after the country code {@code +86} or
 *       {@code 0086} ({@code +86 138 1234 5678}); the finding then starts at the code.</li>
 *   <li><b>Bank card</b>: 16 to 19 digits passing the Luhn check and starting like a payment card (3–6, or
 *       2221–2720), unless they are a valid ID number.</li>
 *   <li><b>E-mail</b>: {@code local@domain.tld}.</li>
 * </ul>
 * Numbers are made of whole digit runs: a candidate that is part of a longer run of digits is not reported. Full-width
 * digits count as digits. Runs joined by one separator (a blank, hyphen or dot) are read together, the longest
 * number first: an ID number in any grouping ({@code 1101051949 1231002X}, {@code 110105.19491231.002X}: its check
 * char and birth date keep chance hits out), a mobile in groups of at least three digits ({@code 138 1234 5678},
 * {@code 138-1234-5678}), a card only as 4-4-4-4 with an optional last group of up to three digits (Luhn alone lets
 * one in ten pass). Markup and invisible chars between digits ({@code 110101**19900307**4573}, zero-width spaces)
 * are gone in the rendered text the {@link Scanner} also passes in, so there the digits are one run.
 *
 * <p>The excerpt of a finding has the middle of the number (or the local part of the address) replaced by
 * {@code *}, so findings stored and shown by the hub do not copy the personal data; the offset locates it.
 */
public final class PersonalInfoRule implements Rule {

    public static final String NAME = "personal-info";

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    /** First two digits of the GB/T 2260 province-level codes; 81–83 are 港澳台居民居住证 numbers. */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23",
            "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
            "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    /** Most digits one reported number has: a 19-digit card. */
    private static final int MAX_DIGITS = 19;

    private final PersonalInfoSeverities severities;

    public PersonalInfoRule(PersonalInfoSeverities severities) {
        this.severities = severities;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void scan(String field, ScanText scanned, List<Finding> out) {
        String text = scanned.text();
        scanNumbers(field, scanned, out);
        if (text.indexOf('@') >= 0) {
            Matcher m = EMAIL.matcher(text);
            while (m.find()) {
                int at = text.indexOf('@', m.start());
                out.add(scanned.masked(NAME, severities.email(), field, m.start(), m.end(), m.start() + 1, at,
                        "发现电子邮箱地址，请确认是公开的办公邮箱，否则删除或作脱敏处理"));
            }
        }
    }

    /** A run of digits {@code [from, to)} of the scanned text. */
    private record Group(int from, int to) {
        int length() {
            return to - from;
        }
    }

    private void scanNumbers(String field, ScanText scanned, List<Finding> out) {
        String text = scanned.text();
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // runs of digits joined by one separator each, starting where no digit precedes
            List<Group> groups = new ArrayList<>();
            int end = i;
            while (true) {
                int groupEnd = end;
                while (groupEnd < text.length() && isDigit(text.charAt(groupEnd))) {
                    groupEnd++;
                }
                groups.add(new Group(end, groupEnd));
                if (groupEnd + 1 < text.length() && isSeparator(text.charAt(groupEnd)) && isDigit(text.charAt(groupEnd + 1))) {
                    end = groupEnd + 1;
                } else {
                    end = groupEnd;
                    break;
                }
            }
            // the longest run of whole groups from each group on that is a number, then on after it
            int g = 0;
            while (g < groups.size()) {
                Finding best = null;
                int bestLast = g;
                int digits = 0;
                for (int h = g; h < groups.size(); h++) {
                    digits += groups.get(h).length();
                    if (digits > MAX_DIGITS) {
                        break;
                    }
                    Finding candidate = number(field, scanned, groups, g, h);
                    if (candidate != null) {
                        best = candidate;
                        bestLast = h;
                    }
                }
                if (best != null) {
                    out.add(best);
                    g = bestLast + 1;
                } else {
                    g++;
                }
            }
            i = end;
        }
    }

    /** The number that groups {@code [g, h]} make together, or null. */
    private Finding number(String field, ScanText scanned, List<Group> groups, int g, int h) {
        String text = scanned.text();
        int from = groups.get(g).from();
        int to = groups.get(h).to();
        String digits = digits(text, from, to);
        int n = digits.length();
        boolean contiguous = g == h;
        if (n == 17 && idCheckCharFollows(text, to) && isIdNumber(digits + 'X')) {
            return idCard(field, scanned, from, to + 1);
        }
        if (n == 18 && isIdNumber(digits)) {
            return idCard(field, scanned, from, to);
        }
        if (n >= 16 && n <= 19 && (contiguous || cardGrouping(groups, g, h)) && isCardNumber(digits)) {
            return finding(severities.bankCard(), field, scanned, from, to, from, 4, n - 4,
                    "发现银行卡号，公开前须删除或作脱敏处理");
        }
        boolean plus = from > 0 && (text.charAt(from - 1) == '+' || text.charAt(from - 1) == '＋');
        int prefix = digits.startsWith("0086") ? 4 : plus && digits.startsWith("86") ? 2 : 0;
        int start = prefix == 2 ? from - 1 : from;
        if (n - prefix == 11 && isMobile(digits.substring(prefix)) && (contiguous || mobileGrouping(groups, g, h, prefix))) {
            return finding(severities.mobile(), field, scanned, start, to, from, prefix + 3, n - 4,
                    "发现手机号码，请确认已获本人同意，否则删除或作脱敏处理");
        }
        return null;
    }

    private Finding idCard(String field, ScanText scanned, int from, int to) {
        return finding(severities.idCard(), field, scanned, from, to, from, 6, 14, "发现居民身份证号码，公开前须删除或作脱敏处理");
    }

    /**
     * A finding for text {@code [from, to)} whose excerpt has digits {@code [maskFrom, maskTo)} (counted from the
     * first digit at {@code digitsFrom}) replaced by {@code *}.
     */
    private static Finding finding(Severity severity, String field, ScanText scanned, int from, int to,
                                   int digitsFrom, int maskFrom, int maskTo, String message) {
        String text = scanned.text();
        int maskStart = -1;
        int maskEnd = -1;
        int k = 0;
        for (int i = digitsFrom; i < to && k < maskTo; i++) {
            if (isDigit(text.charAt(i))) {
                if (k == maskFrom) {
                    maskStart = i;
                }
                k++;
                maskEnd = i + 1;
            }
        }
        if (maskStart < 0) {
            return scanned.finding(NAME, severity, field, from, to, message);
        }
        return scanned.masked(NAME, severity, field, from, to, maskStart, maskEnd, message);
    }

    /** A card written in groups: 4-4-4-4 with an optional last group of up to three digits. */
    private static boolean cardGrouping(List<Group> groups, int g, int h) {
        int count = h - g + 1;
        if (count < 4 || count > 5) {
            return false;
        }
        for (int k = g; k < g + 4; k++) {
            if (groups.get(k).length() != 4) {
                return false;
            }
        }
        return count == 4 || groups.get(h).length() <= 3;
    }

    /**
     * A mobile written in groups after its country code of {@code prefix} digits: the code is a group of its own or
     * runs on into the first group, and every group of the number has at least three digits.
     */
    private static boolean mobileGrouping(List<Group> groups, int g, int h, int prefix) {
        int rest = groups.get(g).length() - prefix;
        if (rest < 0 || rest > 0 && rest < 3) {
            return false;
        }
        for (int k = g + 1; k <= h; k++) {
            if (groups.get(k).length() < 3) {
                return false;
            }
        }
        return true;
    }

    static boolean isIdNumber(String id) {
        if (id.length() != 18 || !PROVINCES.contains(id.substring(0, 2))) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        if (Character.toUpperCase(id.charAt(17)) != CHECK_CHARS.charAt(sum % 11)) {
            return false;
        }
        try {
            LocalDate birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)),
                    Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
            return !birth.isBefore(EARLIEST_BIRTH) && !birth.isAfter(LocalDate.now(CHINA));
        } catch (DateTimeException e) {
            return false;
        }
    }

    static boolean isLuhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean isMobile(String digits) {
        return digits.length() == 11 && digits.charAt(0) == '1' && digits.charAt(1) >= '3' && digits.charAt(1) <= '9';
    }

    /**
     * Luhn, and the first digits of a payment card: 3 (American Express, JCB), 4 (Visa), 5 (Mastercard), 6
     * (UnionPay, Discover) or Mastercard's 2221–2720, so that order and serial numbers that happen to pass Luhn
     * (one in ten does) are not taken for cards.
     */
    static boolean isCardNumber(String digits) {
        char first = digits.charAt(0);
        boolean issuer = first >= '3' && first <= '6';
        if (first == '2') {
            int four = Integer.parseInt(digits.substring(0, 4));
            issuer = four >= 2221 && four <= 2720;
        }
        return issuer && isLuhn(digits);
    }

    /** An X (any width, any case) right after a 17-digit run, itself not followed by a letter or digit. */
    private static boolean idCheckCharFollows(String text, int at) {
        if (at >= text.length() || "XxＸｘ".indexOf(text.charAt(at)) < 0) {
            return false;
        }
        return at + 1 >= text.length() || !isLatinAlnum(text.charAt(at + 1));
    }

    private static boolean isLatinAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '０' && c <= '９' || c >= 'ａ' && c <= 'ｚ' || c >= 'Ａ' && c <= 'Ｚ';
    }

    /** The digits of {@code text[from, to)} as ASCII, separators dropped. */
    private static String digits(String text, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '０' && c <= '９') {
                b.append((char) ('0' + (c - '０')));
            } else if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9' || c >= '０' && c <= '９';
    }

    /** What may stand between two groups of one number: one blank, hyphen or dot. */
    private static boolean isSeparator(char c) {
        return c == '-' || c == '.' || c == '－' || c == '．' || RenderedText.isBlank(c);
    }
}

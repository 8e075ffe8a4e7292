package cn.gongkai.hub.review.scan;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   <li><b>Mobile</b>: {@code 1[3-9]} and 9 more digits.</li>
 *   <li><b>Bank card</b>: 16 to 19 digits passing the Luhn check, unless they are a valid ID number.</li>
 *   <li><b>E-mail</b>: {@code local@domain.tld}.</li>
 * </ul>
 * Numbers are whole digit runs: a candidate that is part of a longer run of digits is not reported. Full-width digits
 * count as digits. Numbers written in groups are recognised in their usual groupings only: a mobile as 3-4-4
 * ({@code 138 1234 5678}, {@code 138-1234-5678}), a card as 4-4-4-4 with an optional last group of up to three digits,
 * an ID as 6-8-4; groups are separated by one space or hyphen.
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

    private final PersonalInfoSeverities severities;

    public PersonalInfoRule(PersonalInfoSeverities severities) {
        this.severities = severities;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void scan(String field, String text, List<Finding> out) {
        scanNumbers(field, text, out);
        if (text.indexOf('@') >= 0) {
            Matcher m = EMAIL.matcher(text);
            while (m.find()) {
                int at = text.indexOf('@', m.start());
                out.add(finding(severities.email(), field, text, m.start(), m.end(), m.start() + 1, at,
                        "发现电子邮箱地址，请确认是公开的办公邮箱，否则删除或作脱敏处理"));
            }
        }
    }

    private void scanNumbers(String field, String text, List<Finding> out) {
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            // groups of digits separated by one space or hyphen, starting where no digit precedes
            List<int[]> groups = new ArrayList<>();
            int end = i;
            while (true) {
                int groupEnd = end;
                while (groupEnd < text.length() && isDigit(text.charAt(groupEnd))) {
                    groupEnd++;
                }
                groups.add(new int[] {end, groupEnd});
                if (groupEnd + 1 < text.length() && isSeparator(text.charAt(groupEnd)) && isDigit(text.charAt(groupEnd + 1))) {
                    end = groupEnd + 1;
                } else {
                    end = groupEnd;
                    break;
                }
            }
            if (groups.size() == 1 || !grouped(field, text, groups, out)) {
                for (int[] g : groups) {
                    single(field, text, g[0], g[1], out);
                }
            }
            i = end;
        }
    }

    /** Reports {@code groups} as one grouped number if they have a usual grouping; false if they do not. */
    private boolean grouped(String field, String text, List<int[]> groups, List<Finding> out) {
        int[] lengths = groups.stream().mapToInt(g -> g[1] - g[0]).toArray();
        int from = groups.get(0)[0];
        int to = groups.get(groups.size() - 1)[1];
        String digits = digits(text, from, to);
        if (matches(lengths, 3, 4, 4) && isMobile(digits)) {
            out.add(mobile(field, text, from, to));
            return true;
        }
        if (matches(lengths, 6, 8, 3) && idCheckCharFollows(text, to) && isIdNumber(digits + 'X')) {
            out.add(idCard(field, text, from, to + 1));
            return true;
        }
        if (matches(lengths, 6, 8, 4) && isIdNumber(digits)) {
            out.add(idCard(field, text, from, to));
            return true;
        }
        boolean cardGrouping = lengths.length >= 4 && lengths.length <= 5
                && lengths[0] == 4 && lengths[1] == 4 && lengths[2] == 4 && lengths[3] == 4
                && (lengths.length == 4 || lengths[4] <= 3);
        if (cardGrouping && isLuhn(digits)) {
            out.add(bankCard(field, text, from, to));
            return true;
        }
        return false;
    }

    /** Reports the digit run {@code [from, to)} if it is a whole ID, mobile or card number. */
    private void single(String field, String text, int from, int to, List<Finding> out) {
        int length = to - from;
        String digits = digits(text, from, to);
        if (length == 17 && idCheckCharFollows(text, to) && isIdNumber(digits + 'X')) {
            out.add(idCard(field, text, from, to + 1));
        } else if (length == 18 && isIdNumber(digits)) {
            out.add(idCard(field, text, from, to));
        } else if (length >= 16 && length <= 19 && isLuhn(digits)) {
            out.add(bankCard(field, text, from, to));
        } else if (length == 11 && isMobile(digits)) {
            out.add(mobile(field, text, from, to));
        }
    }

    private Finding idCard(String field, String text, int from, int to) {
        return finding(severities.idCard(), field, text, from, to, from + 6, to - 4,
                "发现居民身份证号码，公开前须删除或作脱敏处理");
    }

    private Finding mobile(String field, String text, int from, int to) {
        return finding(severities.mobile(), field, text, from, to, from + 3, to - 4,
                "发现手机号码，请确认已获本人同意，否则删除或作脱敏处理");
    }

    private Finding bankCard(String field, String text, int from, int to) {
        return finding(severities.bankCard(), field, text, from, to, from + 4, to - 4,
                "发现银行卡号，公开前须删除或作脱敏处理");
    }

    /** A finding whose excerpt has the digits and letters of {@code [maskFrom, maskTo)} replaced by {@code *}. */
    private static Finding finding(Severity severity, String field, String text, int from, int to,
                                   int maskFrom, int maskTo, String message) {
        Finding plain = Finding.of(NAME, severity, field, text, from, to, message);
        int excerptStart = Math.max(0, from - Finding.CONTEXT);
        if (excerptStart > 0 && Character.isLowSurrogate(text.charAt(excerptStart))) {
            excerptStart--;
        }
        StringBuilder masked = new StringBuilder(plain.excerpt());
        for (int i = maskFrom; i < maskTo; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                masked.setCharAt(i - excerptStart, '*');
            }
        }
        return new Finding(plain.id(), plain.rule(), severity, field, masked.toString(), from, message);
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

    private static boolean matches(int[] lengths, int... expected) {
        return Arrays.equals(lengths, expected);
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

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }
}

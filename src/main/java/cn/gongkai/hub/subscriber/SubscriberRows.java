package cn.gongkai.hub.subscriber;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one row of an import file and normalises it into a {@link SubscriberInput}, or lists every problem of the
 * row at once (a person fixing the file should not have to upload it once per mistake). Pure: no I/O, no state.
 *
 * <ul>
 * <li>{@code name}: required, trimmed, at most 50 characters, no line breaks.</li>
 * <li>At least one address: {@code mobile}, {@code email}, {@code wechatOpenId} or {@code qqNumber}.</li>
 * <li>{@code mobile}: full-width digits folded, spaces and {@code -} removed, a leading {@code +86}, {@code 0086} or
 * {@code 86} dropped; then {@code 1[3-9]} and nine digits (a mainland mobile).</li>
 * <li>{@code email}: one address as Jakarta Mail's strict parser accepts it, without a display name, with a dotted
 * domain; the domain is lower-cased (the local part is the mailbox owner's and stays as written).</li>
 * <li>{@code wechatOpenId}: {@code [A-Za-z0-9_-]{20,64}}; {@code qqNumber}: {@code [1-9]\d{4,11}}.</li>
 * <li>{@code tags}: {@code 维度:值} (or {@code ：}), separated by {@code ;} or {@code ；}; the dimension must be configured,
 * the value non-blank and at most 50 characters; duplicates dropped, written back with {@code :}.</li>
 * <li>{@code preferredChannels}, {@code consent}: channels by {@link Reach#find} (sms, wechat, email, qq, 短信, 微信,
 * 邮件, QQ), separated by {@code ; ； , ，} or {@code 、}; duplicates dropped. A channel the person has no address for
 * is allowed: sending skips it.</li>
 * </ul>
 */
public final class SubscriberRows {
    static final int MAX_NAME = 50;
    static final int MAX_TAG_VALUE = 50;
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern OPEN_ID = Pattern.compile("[A-Za-z0-9_-]{20,64}");
    private static final Pattern QQ = Pattern.compile("[1-9]\\d{4,11}");
    private static final Pattern MOBILE_NOISE = Pattern.compile("[\\s\\u00A0\\u3000-]");
    private static final Pattern TAG_SEPARATOR = Pattern.compile("[;；]");
    // Channel names never hold a comma or 、, and people list them the way they write Chinese: 短信、微信
    private static final Pattern CHANNEL_SEPARATOR = Pattern.compile("[;；,，、]");

    private SubscriberRows() {
    }

    /** The outcome for one row: {@link #input()} when {@link #ok()}, else {@link #errors()}. */
    public record Checked(int row, SubscriberInput input, List<RowError> errors) {
        public Checked {
            errors = List.copyOf(errors);
            if ((input == null) == errors.isEmpty()) {
                throw new IllegalArgumentException("a checked row has either an input or errors");
            }
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * @param dimensions the configured tag dimensions (区域, 群体 ...), in the order messages should list them
     */
    public static Checked check(RawRow raw, Set<String> dimensions) {
        int row = raw.row();
        List<RowError> errors = new ArrayList<>();
        if (!raw.stray().isEmpty()) {
            errors.add(new RowError(row, null, "has values in columns without a header: " + quoted(raw.stray())
                    + " (a comma inside a CSV field needs the field in double quotes)"));
        }
        String name = name(row, cell(raw, SubscriberColumn.NAME), errors);
        String mobile = mobile(row, cell(raw, SubscriberColumn.MOBILE), errors);
        String email = email(row, cell(raw, SubscriberColumn.EMAIL), errors);
        String openId = matching(row, SubscriberColumn.WECHAT_OPEN_ID, cell(raw, SubscriberColumn.WECHAT_OPEN_ID), OPEN_ID,
                "is not a WeChat openid (20 to 64 letters, digits, _ or -)", errors);
        String qq = matching(row, SubscriberColumn.QQ_NUMBER, digits(cell(raw, SubscriberColumn.QQ_NUMBER)), QQ,
                "is not a QQ number (5 to 12 digits, not starting with 0)", errors);
        List<String> tags = tags(row, cell(raw, SubscriberColumn.TAGS), dimensions, errors);
        List<Reach> preferred = channels(row, SubscriberColumn.PREFERRED_CHANNELS, cell(raw, SubscriberColumn.PREFERRED_CHANNELS), errors);
        List<Reach> consent = channels(row, SubscriberColumn.CONSENT, cell(raw, SubscriberColumn.CONSENT), errors);
        boolean anyAddressWritten = !cell(raw, SubscriberColumn.MOBILE).isEmpty() || !cell(raw, SubscriberColumn.EMAIL).isEmpty()
                || !cell(raw, SubscriberColumn.WECHAT_OPEN_ID).isEmpty() || !cell(raw, SubscriberColumn.QQ_NUMBER).isEmpty();
        if (!anyAddressWritten) {
            errors.add(new RowError(row, null, "has no address: give at least one of mobile, email, wechatOpenId or qqNumber"));
        }
        if (!errors.isEmpty()) {
            return new Checked(row, null, errors);
        }
        return new Checked(row, new SubscriberInput(name, mobile, email, openId, qq, tags, preferred, consent), List.of());
    }

    /** The cell trimmed, {@code ""} when absent. */
    private static String cell(RawRow raw, SubscriberColumn column) {
        String v = raw.get(column);
        return v == null ? "" : v.strip();
    }

    private static String name(int row, String name, List<RowError> errors) {
        String column = SubscriberColumn.NAME.header();
        if (name.isEmpty()) {
            errors.add(new RowError(row, column, "is empty: every row needs a name"));
            return null;
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_NAME) {
            errors.add(new RowError(row, column, "\"" + shorten(name) + "\" is longer than " + MAX_NAME + " characters (" + length + ")"));
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new RowError(row, column, "\"" + shorten(name.replaceAll("\\p{Cntrl}", " ")) + "\" holds a line break or a control character"));
        }
        return name;
    }

    /** The mobile as stored ({@code 13812345678}), null when the cell is empty or wrong (then an error is added). */
    static String mobile(int row, String written, List<RowError> errors) {
        if (written.isEmpty()) {
            return null;
        }
        String m = MOBILE_NOISE.matcher(Normalizer.normalize(written, Normalizer.Form.NFKC)).replaceAll("");
        if (m.startsWith("+86")) {
            m = m.substring(3);
        } else if (m.startsWith("0086")) {
            m = m.substring(4);
        } else if (m.startsWith("86") && m.length() == 13) {
            m = m.substring(2);
        }
        if (!MOBILE.matcher(m).matches()) {
            errors.add(new RowError(row, SubscriberColumn.MOBILE.header(), "\"" + shorten(written) + "\" is not an 11-digit mainland mobile number"));
            return null;
        }
        return m;
    }

    /** The address with its domain lower-cased, or null (with an error added when the cell was not empty). */
    static String email(int row, String written, List<RowError> errors) {
        if (written.isEmpty()) {
            return null;
        }
        String column = SubscriberColumn.EMAIL.header();
        InternetAddress address;
        try {
            address = new InternetAddress(written, true);
        } catch (AddressException e) {
            String why = written.indexOf(',') >= 0 || written.indexOf(';') >= 0 || written.indexOf('，') >= 0
                    ? "holds more than one address: one per person"
                    : written.indexOf('@') < 0 ? "is not an e-mail address (it has no @)" : "is not an e-mail address";
            errors.add(new RowError(row, column, "\"" + shorten(written) + "\" " + why));
            return null;
        }
        String bare = address.getAddress();
        if (address.getPersonal() != null || !bare.equals(written)) {
            errors.add(new RowError(row, column, "\"" + shorten(written) + "\" has more than the address: write " + bare + " only"));
            return null;
        }
        int at = bare.lastIndexOf('@');
        String domain = at < 0 ? "" : bare.substring(at + 1);
        if (at <= 0 || domain.indexOf('.') <= 0 || domain.startsWith("[")) {
            errors.add(new RowError(row, column, "\"" + shorten(written) + "\" is not an e-mail address (it needs a domain such as example.cn after the @)"));
            return null;
        }
        return bare.substring(0, at + 1) + domain.toLowerCase(Locale.ROOT);
    }

    private static String matching(int row, SubscriberColumn column, String written, Pattern pattern, String problem, List<RowError> errors) {
        if (written.isEmpty()) {
            return null;
        }
        if (!pattern.matcher(written).matches()) {
            errors.add(new RowError(row, column.header(), "\"" + shorten(written) + "\" " + problem));
            return null;
        }
        return written;
    }

    /** Full-width digits folded to ASCII, spaces removed: how a QQ number is compared. */
    private static String digits(String written) {
        return written.isEmpty() ? written : MOBILE_NOISE.matcher(Normalizer.normalize(written, Normalizer.Form.NFKC)).replaceAll("");
    }

    static List<String> tags(int row, String written, Set<String> dimensions, List<RowError> errors) {
        Set<String> tags = new LinkedHashSet<>();
        String column = SubscriberColumn.TAGS.header();
        for (String part : TAG_SEPARATOR.split(written, -1)) {
            String tag = part.strip();
            if (tag.isEmpty()) {
                continue;
            }
            int colon = firstColon(tag);
            if (colon < 0) {
                errors.add(new RowError(row, column, "\"" + shorten(tag) + "\" is not 维度:值 (e.g. 区域:崇川区)"));
                continue;
            }
            String dimension = tag.substring(0, colon).strip();
            String value = tag.substring(colon + 1).strip();
            if (!dimensions.contains(dimension)) {
                errors.add(new RowError(row, column, "unknown tag dimension '" + dimension + "'; configured: "
                        + (dimensions.isEmpty() ? "(none)" : String.join(", ", dimensions))));
                continue;
            }
            if (value.isEmpty()) {
                errors.add(new RowError(row, column, "\"" + shorten(tag) + "\" has no value after the colon"));
                continue;
            }
            int length = value.codePointCount(0, value.length());
            if (length > MAX_TAG_VALUE) {
                errors.add(new RowError(row, column, "the value of \"" + shorten(tag) + "\" is longer than " + MAX_TAG_VALUE + " characters (" + length + ")"));
                continue;
            }
            tags.add(dimension + ":" + value);
        }
        return List.copyOf(tags);
    }

    private static int firstColon(String tag) {
        int ascii = tag.indexOf(':');
        int wide = tag.indexOf('：');
        return ascii < 0 ? wide : wide < 0 ? ascii : Math.min(ascii, wide);
    }

    static List<Reach> channels(int row, SubscriberColumn column, String written, List<RowError> errors) {
        Set<Reach> channels = new LinkedHashSet<>();
        for (String part : CHANNEL_SEPARATOR.split(written, -1)) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            Optional<Reach> reach = Reach.find(name);
            if (reach.isPresent()) {
                channels.add(reach.get());
            } else {
                errors.add(new RowError(row, column.header(), "unknown channel '" + shorten(name) + "'; one of " + Reach.names() + " (or 短信, 微信, 邮件, QQ)"));
            }
        }
        return List.copyOf(channels);
    }

    private static String quoted(List<String> values) {
        List<String> q = new ArrayList<>(values.size());
        values.forEach(v -> q.add("\"" + shorten(v.strip()) + "\""));
        return String.join(", ", q);
    }

    /** A cell as a message quotes it: at most 60 characters, so one bad cell cannot swell an error report. */
    private static String shorten(String s) {
        return s.codePointCount(0, s.length()) <= 60 ? s : s.substring(0, s.offsetByCodePoints(0, 57)) + "...";
    }
}

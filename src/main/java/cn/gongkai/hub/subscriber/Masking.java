package cn.gongkai.hub.subscriber;

/**
 * How personal data is shown to everyone but ADMIN and written to logs: {@code 138****1234},
 * {@code z***@example.cn}, openids and QQ numbers with their middle hidden.
 */
public final class Masking {
    private Masking() {
    }

    public static String mobile(String m) {
        if (m == null) {
            return null;
        }
        return m.length() < 7 ? "***" : m.substring(0, 3) + "****" + m.substring(m.length() - 4);
    }

    public static String email(String e) {
        if (e == null) {
            return null;
        }
        int at = e.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return e.charAt(0) + "***" + e.substring(at);
    }

    /** An openid, QQ number or anything else: the first and last few characters. */
    public static String other(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() <= 6) {
            return "***";
        }
        int keep = Math.min(4, s.length() / 4);
        return s.substring(0, keep) + "****" + s.substring(s.length() - keep);
    }

    /** Any address as logs show it: an e-mail address by {@link #email}, anything else by {@link #mobile}. */
    public static String address(String a) {
        if (a == null) {
            return "-";
        }
        return a.indexOf('@') > 0 ? email(a) : a.matches("1\\d{10}") ? mobile(a) : other(a);
    }
}

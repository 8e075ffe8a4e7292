package cn.gongkai.hub.subscriber;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A column of a subscriber import or export file, with the header names accepted for it. Headers match ignoring case
 * and surrounding spaces (full-width ones too) and a trailing {@code *} that templates put on required columns. An
 * export writes {@link #header()}; an import accepts it and the Chinese names an office types (姓名, 手机号 ...).
 */
public enum SubscriberColumn {
    NAME("name", "姓名"),
    MOBILE("mobile", "手机号", "手机"),
    EMAIL("email", "邮箱", "电子邮件"),
    WECHAT_OPEN_ID("wechatOpenId", "微信openid", "openid"),
    QQ_NUMBER("qqNumber", "QQ", "QQ号"),
    TAGS("tags", "标签"),
    PREFERRED_CHANNELS("preferredChannels", "首选渠道"),
    CONSENT("consent", "同意渠道");

    private final String header;
    private final List<String> aliases;

    SubscriberColumn(String header, String... aliases) {
        this.header = header;
        this.aliases = List.of(aliases);
    }

    /** The canonical name: the key of {@link RawRow#values()}, the header of an export. */
    public String header() {
        return header;
    }

    /** The Chinese names also accepted in a header row. */
    public List<String> aliases() {
        return aliases;
    }

    /** The column a header cell names, if any. */
    public static Optional<SubscriberColumn> find(String headerCell) {
        String h = normalise(headerCell);
        if (h.isEmpty()) {
            return Optional.empty();
        }
        for (SubscriberColumn c : values()) {
            if (c.header.toLowerCase(Locale.ROOT).equals(h)) {
                return Optional.of(c);
            }
            for (String alias : c.aliases) {
                if (alias.toLowerCase(Locale.ROOT).equals(h)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The header cell as it is compared: no BOM or zero-width characters, trimmed, lower-case, no trailing *. */
    static String normalise(String headerCell) {
        if (headerCell == null) {
            return "";
        }
        // A BOM inside the first cell happens when a file that had one is re-saved by a tool that adds another.
        String h = headerCell.replace("\uFEFF", "").replace("\u200B", "").strip();
        while (h.endsWith("*") || h.endsWith("＊")) {
            h = h.substring(0, h.length() - 1).strip();
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** {@code name, mobile, ...} for messages. */
    static String headers() {
        return Arrays.stream(values()).map(SubscriberColumn::header).collect(Collectors.joining(", "));
    }

    /** {@code 姓名, 手机号, ...} for messages: the first alias of each. */
    static String chineseHeaders() {
        return Arrays.stream(values()).map(c -> c.aliases.get(0)).collect(Collectors.joining(", "));
    }
}

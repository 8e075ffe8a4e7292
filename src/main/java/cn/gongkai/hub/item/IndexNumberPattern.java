package cn.gongkai.hub.item;

import cn.gongkai.hub.channel.ConfigException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hub.index-number} in application.yml: how a new item's 索引号 is written, e.g. {@code {org}/{year}-{seq:5}}
 * → {@code 000014349/2026-00110}. {@code {org}} is the organisation code, {@code {year}} the year the item is created
 * (the year the information is formed, from which the 20 working days of active disclosure run), {@code {seq:N}} its
 * number among the organisation's items of that year, zero-padded to at least N digits. The sequence is counted per
 * organisation and year, so the pattern must hold both {@code {year}} and {@code {seq}} to stay unique.
 *
 * @param organisation the organisation code (统一社会信用代码 or the platform's 组织机构代码, as the office's catalogue uses)
 * @param pattern      the layout, with the placeholders above and any other characters taken literally
 */
@ConfigurationProperties("hub.index-number")
public record IndexNumberPattern(
        @Bindable(defaultValue = "000014349") String organisation,
        @Bindable(defaultValue = "{org}/{year}-{seq:5}") String pattern) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(org|year|seq)(?::([1-9]|1[0-9]))?}");
    private static final Pattern ORGANISATION = Pattern.compile("[0-9A-Za-z-]{1,32}");

    public IndexNumberPattern {
        if (organisation == null || !ORGANISATION.matcher(organisation.strip()).matches()) {
            throw new ConfigException("application.yml: hub.index-number.organisation: must be 1 to 32 letters, digits or '-', got '"
                    + organisation + "'");
        }
        organisation = organisation.strip();
        if (pattern == null || !pattern.contains("{year") || !pattern.contains("{seq")) {
            throw new ConfigException("application.yml: hub.index-number.pattern: must hold {year} and {seq} (the sequence is"
                    + " counted per organisation and year), got '" + pattern + "'");
        }
        String rest = PLACEHOLDER.matcher(pattern).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) {
            throw new ConfigException("application.yml: hub.index-number.pattern: only {org}, {year} and {seq:N} may appear"
                    + " in braces, got '" + pattern + "'");
        }
    }

    /** The 索引号 of the {@code seq}-th item of {@code year}. */
    public String format(int year, long seq) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "org" -> organisation;
                case "year" -> pad(year, m.group(2) == null ? 4 : Integer.parseInt(m.group(2)));
                default -> pad(seq, m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String pad(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}

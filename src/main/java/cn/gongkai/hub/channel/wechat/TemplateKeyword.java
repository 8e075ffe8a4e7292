package cn.gongkai.hub.channel.wechat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a keyword of a WeChat category template (类目模板), read from its name: each keyword is named by its type
 * and a number ({@code thing1}, {@code time2}, {@code character_string12}), and the type decides what the value may
 * hold (the 参数值限制 table of the template-message and subscription-notice docs,
 * {@code doc/service/guide/product/template_message/Template_Message_Interface.html#类目模板消息}):
 * <table>
 *   <tr><td>thing</td><td>20 characters or fewer: Chinese, digits, letters or symbols</td></tr>
 *   <tr><td>number</td><td>32 digits or fewer, a decimal point allowed</td></tr>
 *   <tr><td>letter</td><td>32 letters or fewer</td></tr>
 *   <tr><td>symbol</td><td>5 symbols or fewer</td></tr>
 *   <tr><td>character_string</td><td>32 digits, letters or symbols or fewer (no Chinese)</td></tr>
 *   <tr><td>time</td><td>a 24-hour time, a date before it allowed: {@code 15:01}, {@code 2019年10月1日 15:01}</td></tr>
 *   <tr><td>date</td><td>a date, a 24-hour time after it allowed: {@code 2019年10月1日}</td></tr>
 *   <tr><td>amount</td><td>one currency sign and 10 digits or fewer, decimals allowed, may end in 元</td></tr>
 *   <tr><td>phone_number</td><td>17 digits and symbols or fewer: {@code +86-0766-66888866}</td></tr>
 *   <tr><td>car_number</td><td>8 or fewer; the first and the last may be Chinese, the others letters or digits</td></tr>
 *   <tr><td>name</td><td>10 Chinese characters or fewer (mixed with letters: counted as Chinese), or 20 letters or symbols</td></tr>
 *   <tr><td>phrase</td><td>5 Chinese characters or fewer, nothing else</td></tr>
 *   <tr><td>const</td><td>one of the values the template enumerates</td></tr>
 * </table>
 * A value breaking its type's rule is refused by {@code message/template/send} with 47003 (argument invalid).
 */
enum TemplateKeyword {
    THING("thing", 20),
    NUMBER("number", 32),
    LETTER("letter", 32),
    SYMBOL("symbol", 5),
    CHARACTER_STRING("character_string", 32),
    TIME("time", 0),
    DATE("date", 0),
    AMOUNT("amount", 10),
    PHONE_NUMBER("phone_number", 17),
    CAR_NUMBER("car_number", 8),
    NAME("name", 10),
    PHRASE("phrase", 5),
    CONST("const", 0);

    private static final Pattern KEYWORD = Pattern.compile("([a-z_]+?)(\\d{1,3})");

    /** The type's name as keywords start with it. */
    final String prefix;
    /** The limit the docs give (characters, digits or Chinese characters); 0 where the rule is a format. */
    final int limit;

    TemplateKeyword(String prefix, int limit) {
        this.prefix = prefix;
        this.limit = limit;
    }

    /** The type of {@code thing1}, {@code character_string12}; empty when the name is not {@code <type><number>}. */
    static Optional<TemplateKeyword> of(String keyword) {
        Matcher m = KEYWORD.matcher(keyword == null ? "" : keyword.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.prefix.equals(m.group(1))).findFirst();
    }

    /** The type names in alphabetical order (what a config error lists). */
    static List<String> prefixes() {
        return Arrays.stream(values()).map(t -> t.prefix).sorted(Comparator.naturalOrder()).toList();
    }
}

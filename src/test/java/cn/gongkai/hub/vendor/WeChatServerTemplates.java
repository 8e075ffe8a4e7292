package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /cgi-bin/message/template/send} of {@link WeChatServer} ({@code doc/service/api/notify/template/
 * api_sendtemplatemessage}, the category templates' value rules of {@code Template_Message_Interface.html#类目模板消息}).
 * Checked in this order: {@code touser} shaped like an openid (else 40003); {@code template_id} one the test registered
 * (40037); the openid follows the account (43004) and does not refuse its messages (43101); {@code data} has exactly the
 * template's keywords, each {@code {"value": ...}} non-empty and within its type's rule (47003 "argument invalid!
 * data.thing1.value invalid"). Success: {@code {"errcode":0,"errmsg":"ok","msgid":N}}.
 *
 * <p>{@code client_msg_id}: the docs say one message is sent per openid and client_msg_id within 10 minutes; they do not
 * say what the second call is answered. This server answers it ok with the first call's msgid and sends nothing more
 * (an assumption, kept to that one place).
 *
 * <p>The value rules, by the keyword's type prefix: thing ≤ 20 characters (counted in UTF-16 units, the strict
 * reading); number ≤ 32 digits, a decimal point allowed; letter ≤ 32 letters; symbol ≤ 5 symbols; character_string
 * ≤ 32 printable ASCII characters, no space; time a 24-hour time with an optional date before it, date a date with an
 * optional time after it (y年m月d日, m月d日, y-m-d, y/m/d, y.m.d; a range joined by ~); amount an optional currency sign,
 * ≤ 10 digits, an optional 元; phone_number ≤ 17 digits and symbols; car_number ≤ 8, the first and last may be Chinese,
 * the rest letters or digits; name ≤ 10 Chinese characters and letters, or ≤ 20 letters and symbols; phrase ≤ 5
 * Chinese characters; const non-empty (the enumeration is not known here). No value may hold a control character.
 */
final class WeChatServerTemplates {
    static final Pattern OPENID = Pattern.compile("o[A-Za-z0-9_-]{27}");
    static final Duration CLIENT_MSG_ID_WINDOW = Duration.ofMinutes(10);
    private static final Pattern KEYWORD = Pattern.compile("([a-z_]+?)(\\d{1,3})");
    private static final Set<String> TYPES = Set.of("thing", "number", "letter", "symbol", "character_string", "time", "date",
            "amount", "phone_number", "car_number", "name", "phrase", "const");
    private static final String DATE = "(?:\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}年\\d{1,2}月|\\d{1,2}月\\d{1,2}日"
            + "|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{4}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2})";
    private static final String TIME = "(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?";
    private static final Pattern TIME_VALUE = range("(?:" + DATE + " ?)?" + TIME);
    private static final Pattern DATE_VALUE = range(DATE + "(?: ?" + TIME + ")?");

    private final WeChatServer server;
    final Set<String> followers = ConcurrentHashMap.newKeySet();
    final Set<String> refusing = ConcurrentHashMap.newKeySet();
    final Map<String, List<String>> templates = new ConcurrentHashMap<>();
    final List<WeChatServer.TemplateSend> sends = new CopyOnWriteArrayList<>();
    /** The latest send per follower and client_msg_id (guarded by {@code sends}): a look-up, not a scan of every send. */
    private final Map<String, WeChatServer.TemplateSend> byClientMsgId = new java.util.HashMap<>();

    WeChatServerTemplates(WeChatServer server) {
        this.server = server;
    }

    private static Pattern range(String one) {
        return Pattern.compile(one + "(?: ?~ ?" + one + ")?");
    }

    /** The type of a keyword ({@code thing} of {@code thing1}); null when it is not {@code <type><n>} of a known type. */
    static String type(String keyword) {
        Matcher m = KEYWORD.matcher(keyword);
        return m.matches() && TYPES.contains(m.group(1)) ? m.group(1) : null;
    }

    void template(String id, List<String> keywords) {
        for (String k : keywords) {
            if (type(k) == null) {
                throw new IllegalArgumentException("not a category template keyword: " + k);
            }
        }
        templates.put(id, List.copyOf(new LinkedHashSet<>(keywords)));
    }

    Object send(JsonNode req) throws WeChatServer.Refusal {
        String toUser = text(req, "touser");
        if (toUser == null || !OPENID.matcher(toUser).matches()) {
            throw new WeChatServer.Refusal(40003);
        }
        List<String> keywords = templates.get(String.valueOf(text(req, "template_id")));
        if (keywords == null) {
            throw new WeChatServer.Refusal(40037);
        }
        if (!followers.contains(toUser)) {
            throw new WeChatServer.Refusal(43004);
        }
        if (refusing.contains(toUser)) {
            throw new WeChatServer.Refusal(43101);
        }
        JsonNode data = req.path("data");
        if (!data.isObject()) {
            throw new WeChatServer.Refusal(47003, "data invalid");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
            String k = names.next();
            if (!keywords.contains(k)) {
                throw new WeChatServer.Refusal(47003, "data." + k + " invalid");
            }
        }
        for (String k : keywords) {
            JsonNode v = data.path(k).path("value");
            if (!v.isTextual() && !v.isNumber()) {
                throw new WeChatServer.Refusal(47003, "data." + k + ".value is empty");
            }
            String value = v.asText();
            if (value.isEmpty()) {
                throw new WeChatServer.Refusal(47003, "data." + k + ".value is empty");
            }
            if (!valid(type(k), value)) {
                throw new WeChatServer.Refusal(47003, "data." + k + ".value invalid");
            }
            values.put(k, value);
        }
        String clientMsgId = text(req, "client_msg_id");
        Instant now = server.now();
        synchronized (sends) {
            String key = clientMsgId == null ? null : toUser + "\n" + clientMsgId;
            if (key != null) {
                WeChatServer.TemplateSend earlier = byClientMsgId.get(key);
                if (earlier != null && Duration.between(earlier.at(), now).compareTo(CLIENT_MSG_ID_WINDOW) < 0) {
                    return ok(earlier.msgId());
                }
            }
            WeChatServer.TemplateSend send = new WeChatServer.TemplateSend(server.nextId(), toUser, text(req, "template_id"),
                    text(req, "url"), clientMsgId, Map.copyOf(values), now);
            sends.add(send);
            if (key != null) {
                byClientMsgId.put(key, send);
            }
            server.sent(send);
            return ok(send.msgId());
        }
    }

    private static Map<String, Object> ok(long msgId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", 0);
        body.put("errmsg", "ok");
        body.put("msgid", msgId);
        return body;
    }

    /** Whether {@code value} is within the rule of keyword type {@code type}. */
    static boolean valid(String type, String value) {
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            return false;
        }
        int cps = value.codePointCount(0, value.length());
        return switch (type) {
            case "thing" -> value.length() <= 20 && !value.isBlank();
            case "number" -> value.matches("[0-9]+(\\.[0-9]+)?") && value.replace(".", "").length() <= 32;
            case "letter" -> value.matches("[A-Za-z]{1,32}");
            case "symbol" -> cps <= 5 && value.codePoints().allMatch(cp -> !Character.isLetterOrDigit(cp) && !Character.isWhitespace(cp)
                    && !Character.isSpaceChar(cp) && !chinese(cp));
            case "character_string" -> value.matches("[!-~]{1,32}");
            case "time" -> TIME_VALUE.matcher(value).matches();
            case "date" -> DATE_VALUE.matcher(value).matches();
            case "amount" -> {
                Matcher m = Pattern.compile("[¥$€£]?([0-9]+(?:\\.[0-9]+)?)元?").matcher(value);
                yield m.matches() && m.group(1).replace(".", "").length() <= 10;
            }
            case "phone_number" -> value.matches("[0-9+\\-() ]{1,17}") && value.matches(".*[0-9].*");
            case "car_number" -> cps <= 8 && value.matches("[\\p{IsHan}A-Za-z0-9][A-Za-z0-9]{0,6}[\\p{IsHan}A-Za-z0-9]?");
            case "name" -> value.codePoints().anyMatch(WeChatServerTemplates::chinese)
                    ? cps <= 10 && value.codePoints().allMatch(cp -> chinese(cp) || (cp < 0x80 && Character.isLetter(cp)))
                    : value.length() <= 20 && value.matches("[A-Za-z !-/:-@\\[-`{-~]+");
            case "phrase" -> cps <= 5 && value.codePoints().allMatch(WeChatServerTemplates::chinese);
            case "const" -> value.length() <= 20 && !value.isBlank();
            default -> false;
        };
    }

    static boolean chinese(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN && Character.isIdeographic(cp);
    }

    List<WeChatServer.TemplateSend> sends() {
        return new ArrayList<>(sends);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}

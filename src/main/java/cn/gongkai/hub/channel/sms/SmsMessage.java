package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.item.Action;

import java.util.Map;

/**
 * One rendered SMS, the same for every number of a publication.
 *
 * @param parts    billable parts, computed by {@link SmsSegments}
 * @param encoding the alphabet it goes out in
 * @param fields   the cleared item's values a provider's approved template takes instead of free text
 *                 ({@link TemplateField}: title, url, item-id, …), from the same publication as {@code text}
 * @param action   a publication or a withdrawal: a provider that sends fixed templates needs a template of its own
 *                 for a withdrawal
 */
public record SmsMessage(String text, int parts, SmsEncoding encoding, Map<String, String> fields, Action action) {

    public SmsMessage {
        fields = Map.copyOf(fields);
        action = action == null ? Action.PUBLISH : action;
    }

    public SmsMessage(String text, int parts, SmsEncoding encoding, Map<String, String> fields) {
        this(text, parts, encoding, fields, Action.PUBLISH);
    }

    public static SmsMessage of(String text) {
        return new SmsMessage(text, SmsSegments.parts(text), SmsSegments.encoding(text), Map.of());
    }

    public boolean withdrawal() {
        return action == Action.WITHDRAW;
    }

    SmsMessage with(Map<String, String> f, Action a) {
        return new SmsMessage(text, parts, encoding, f, a);
    }
}

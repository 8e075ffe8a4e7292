package cn.gongkai.hub.channel.sms;

import java.util.Map;

/**
 * One rendered SMS, the same for every number of a publication.
 *
 * @param parts    billable parts, computed by {@link SmsSegments}
 * @param encoding the alphabet it goes out in
 * @param fields   the cleared item's values a provider's approved template takes instead of free text
 *                 ({@link TemplateField}: title, url, item-id, …), from the same publication as {@code text}
 */
public record SmsMessage(String text, int parts, SmsEncoding encoding, Map<String, String> fields) {

    public SmsMessage {
        fields = Map.copyOf(fields);
    }

    public static SmsMessage of(String text) {
        return new SmsMessage(text, SmsSegments.parts(text), SmsSegments.encoding(text), Map.of());
    }

    SmsMessage with(Map<String, String> f) {
        return new SmsMessage(text, parts, encoding, f);
    }
}

package cn.gongkai.hub.channel.sms;

/**
 * One rendered SMS, the same for every number of a publication.
 *
 * @param parts    billable parts, computed by {@link SmsSegments}
 * @param encoding the alphabet it goes out in
 */
public record SmsMessage(String text, int parts, SmsEncoding encoding) {

    public static SmsMessage of(String text) {
        return new SmsMessage(text, SmsSegments.parts(text), SmsSegments.encoding(text));
    }
}

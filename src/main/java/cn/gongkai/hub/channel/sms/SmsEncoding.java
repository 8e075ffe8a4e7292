package cn.gongkai.hub.channel.sms;

/**
 * The two SMS alphabets. GSM-7: 160 septets in a single message, 153 per part of a concatenated one (the
 * concatenation header takes 7). UCS-2: 70 UTF-16 units single, 67 per part.
 */
public enum SmsEncoding {
    GSM7(160, 153),
    UCS2(70, 67);

    private final int single;
    private final int perPart;

    SmsEncoding(int single, int perPart) {
        this.single = single;
        this.perPart = perPart;
    }

    /** Units (septets or UTF-16 code units) that fit one unsplit message. */
    public int single() {
        return single;
    }

    /** Units per part once the message is split. */
    public int perPart() {
        return perPart;
    }
}

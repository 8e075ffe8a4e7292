package cn.gongkai.hub.channel.sms;

import java.util.ArrayList;
import java.util.List;

/**
 * The submit_sm short messages one rendered SMS goes out as: exactly the parts {@link SmsSegments#split} computed (so
 * the count billed is the count the channel reported), in the alphabet it chose. A message of several parts carries a
 * user data header in each (3GPP TS 23.040 §9.2.3.24.1: UDHL 05, IEI 00 concatenation with an 8-bit reference,
 * length 03, reference, total, sequence) and esm_class UDHI (0x40, SMPP 3.4 §5.2.12); all parts of one message share
 * one reference.
 */
final class SmppParts {
    static final byte UDHI = 0x40;
    private static final int UDH_LENGTH = 6;

    /** One submit_sm's esm_class, data_coding and short_message. */
    record Part(int sequence, int total, byte esmClass, byte dataCoding, byte[] shortMessage) {
    }

    private SmppParts() {
    }

    /** @param reference the concatenation reference of this message (only its low 8 bits are sent) */
    static List<Part> of(String text, int reference) {
        SmsEncoding encoding = SmsSegments.encoding(text);
        byte dc = SmppAlphabet.dataCoding(encoding);
        List<String> texts = SmsSegments.split(text);
        if (texts.size() == 1) {
            return List.of(new Part(1, 1, (byte) 0, dc, SmppAlphabet.encode(encoding, text)));
        }
        int total = texts.size();
        List<Part> parts = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            byte[] body = SmppAlphabet.encode(encoding, texts.get(i));
            byte[] sm = new byte[UDH_LENGTH + body.length];
            sm[0] = 0x05;
            sm[1] = 0x00;
            sm[2] = 0x03;
            sm[3] = (byte) reference;
            sm[4] = (byte) total;
            sm[5] = (byte) (i + 1);
            System.arraycopy(body, 0, sm, UDH_LENGTH, body.length);
            parts.add(new Part(i + 1, total, UDHI, dc, sm));
        }
        return List.copyOf(parts);
    }
}

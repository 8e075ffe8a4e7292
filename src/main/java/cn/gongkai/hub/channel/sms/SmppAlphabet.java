package cn.gongkai.hub.channel.sms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The octets of SMPP short messages (SMPP 3.4 §5.2.19 data_coding, 3GPP TS 23.038): UCS2 is UTF-16BE
 * (data_coding 8); the GSM 7-bit default alphabet (data_coding 0) goes one septet per octet, unpacked, as SMPP carries
 * it, an extension-table character as ESC (0x1B) and its code. {@link SmsSegments} decides which alphabet a text takes.
 */
final class SmppAlphabet {
    static final byte GSM7 = 0x00;
    static final byte UCS2 = 0x08;

    /** TS 23.038 §6.2.1, in septet order; 0x1B is the escape to the extension table. */
    private static final String GSM_DEFAULT = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** TS 23.038 §6.2.1.1: the extension table's characters and their codes after ESC. */
    private static final String GSM_EXTENSION = "\f^{}\\[~]|€";
    private static final byte[] GSM_EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    private static final int ESC = 0x1B;

    private SmppAlphabet() {
    }

    /** The data_coding and octets of one part's text in the alphabet {@link SmsSegments#encoding} chose for the message. */
    static byte[] encode(SmsEncoding encoding, String text) {
        return encoding == SmsEncoding.UCS2 ? text.getBytes(StandardCharsets.UTF_16BE) : gsm7(text);
    }

    static byte dataCoding(SmsEncoding encoding) {
        return encoding == SmsEncoding.UCS2 ? UCS2 : GSM7;
    }

    private static byte[] gsm7(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int s = c == ESC ? -1 : GSM_DEFAULT.indexOf(c);
            if (s >= 0) {
                out.write(s);
                continue;
            }
            int e = GSM_EXTENSION.indexOf(c);
            if (e < 0) {
                throw new IllegalArgumentException("'" + c + "' has no GSM 7-bit septet; SmsSegments should have chosen UCS2");
            }
            out.write(ESC);
            out.write(GSM_EXTENSION_CODES[e]);
        }
        return out.toByteArray();
    }

    /**
     * The text of a message the SMSC delivered: UCS2 for data_coding 8 (and the general group's UCS2 codings), Latin-1
     * for 3, ASCII for 1, the GSM default alphabet for 0 and the 0xF0 group. Octets of another coding read as Latin-1.
     */
    static String decode(int dataCoding, byte[] octets) {
        int dc = dataCoding & 0xFF;
        boolean generalGroup = (dc & 0xC0) == 0x00;
        if (dc == 0x08 || generalGroup && ((dc >> 2) & 0x03) == 2) {
            return new String(octets, StandardCharsets.UTF_16BE);
        }
        if (dc == 0x03) {
            return new String(octets, StandardCharsets.ISO_8859_1);
        }
        if (dc == 0x01) {
            return new String(octets, StandardCharsets.US_ASCII);
        }
        if (dc == 0x00 || (dc & 0xF0) == 0xF0 && (dc & 0x04) == 0 || generalGroup && ((dc >> 2) & 0x03) == 0) {
            return fromGsm7(octets);
        }
        return new String(octets, StandardCharsets.ISO_8859_1);
    }

    private static String fromGsm7(byte[] septets) {
        StringBuilder sb = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int s = septets[i] & 0x7F;
            if (s != ESC) {
                sb.append(GSM_DEFAULT.charAt(s));
                continue;
            }
            if (i + 1 >= septets.length) {
                break;
            }
            int code = septets[++i] & 0x7F;
            int e = -1;
            for (int k = 0; k < GSM_EXTENSION_CODES.length; k++) {
                if (GSM_EXTENSION_CODES[k] == code) {
                    e = k;
                }
            }
            // TS 23.038 §6.2.1.1: an unknown extension shows the default alphabet's character
            sb.append(e >= 0 ? GSM_EXTENSION.charAt(e) : GSM_DEFAULT.charAt(code));
        }
        return sb.toString();
    }
}

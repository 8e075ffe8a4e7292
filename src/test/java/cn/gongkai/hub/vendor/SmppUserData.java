package cn.gongkai.hub.vendor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The user data of an SMPP short message read as a handset and a strict SMSC read it: the user data header (3GPP TS
 * 23.040 §9.2.3.24, present when esm_class has UDHI 0x40) and the text in the alphabet data_coding names (3GPP TS
 * 23.038 §4). GSM 7-bit text is unpacked in SMPP, one septet per octet. The alphabet table is written out here on
 * purpose rather than taken from the hub's SMS code: a peer that shared the code under test would agree with its bugs.
 */
public final class SmppUserData {
    /** esm_class bit: the short message starts with a user data header. */
    public static final int UDHI = 0x40;
    /** Octets a single SMS carries over the air (TS 23.040 TP-UDL for 8-bit and UCS2 data). */
    public static final int MAX_OCTETS = 140;
    /** Septets a single SMS carries in the GSM 7-bit default alphabet. */
    public static final int MAX_SEPTETS = 160;

    private static final String GSM_DEFAULT = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final int ESC = 0x1B;

    static {
        if (GSM_DEFAULT.length() != 128) {
            throw new IllegalStateException("GSM 03.38 table has " + GSM_DEFAULT.length() + " entries");
        }
    }

    private SmppUserData() {
    }

    /**
     * A user data header. {@code concatIei} is 0x00 (8-bit reference) or 0x08 (16-bit reference) when the header holds
     * a concatenation element, else -1 and reference/total/sequence are 0.
     */
    public record Udh(byte[] raw, int concatIei, int reference, int total, int sequence) {
        public boolean concatenated() {
            return concatIei >= 0;
        }

        /** Septets the header takes in a GSM 7-bit message, fill bits included (TS 23.040 §9.2.3.24). */
        public int septets() {
            return (raw.length * 8 + 6) / 7;
        }

        @Override
        public String toString() {
            return "Udh[" + HexFormat.of().formatHex(raw) + (concatenated()
                    ? ", iei=" + concatIei + " ref=" + reference + " " + sequence + "/" + total : "") + "]";
        }
    }

    /** The short message split into header and payload; {@code problem} says why it cannot be split, else null. */
    public record Split(Udh udh, byte[] payload, String problem) {
    }

    /** Splits off the header when {@code esmClass} has UDHI; checks that every element fits inside the header. */
    public static Split split(int esmClass, byte[] shortMessage) {
        if ((esmClass & UDHI) == 0) {
            return new Split(null, shortMessage, null);
        }
        if (shortMessage.length == 0) {
            return new Split(null, shortMessage, "esm_class has UDHI but the short message is empty");
        }
        int udhl = shortMessage[0] & 0xFF;
        if (udhl + 1 > shortMessage.length) {
            return new Split(null, shortMessage, "UDHL " + udhl + " runs past the " + shortMessage.length + "-octet message");
        }
        byte[] raw = Arrays.copyOfRange(shortMessage, 0, udhl + 1);
        int iei = -1;
        int ref = 0;
        int total = 0;
        int seq = 0;
        for (int i = 1; i < raw.length; ) {
            if (i + 1 >= raw.length) {
                return new Split(null, shortMessage, "information element at octet " + i + " has no length");
            }
            int id = raw[i] & 0xFF;
            int len = raw[i + 1] & 0xFF;
            if (i + 2 + len > raw.length) {
                return new Split(null, shortMessage, "information element 0x" + Integer.toHexString(id) + " of length " + len
                        + " runs past the header");
            }
            if (id == 0x00 || id == 0x08) {
                int want = id == 0x00 ? 3 : 4;
                if (len != want) {
                    return new Split(null, shortMessage, "concatenation element 0x0" + id + " has length " + len + ", not " + want);
                }
                iei = id;
                int p = i + 2;
                ref = id == 0x00 ? raw[p] & 0xFF : ((raw[p] & 0xFF) << 8) | (raw[p + 1] & 0xFF);
                total = raw[p + want - 2] & 0xFF;
                seq = raw[p + want - 1] & 0xFF;
            }
            i += 2 + len;
        }
        return new Split(new Udh(raw, iei, ref, total, seq), Arrays.copyOfRange(shortMessage, udhl + 1, shortMessage.length), null);
    }

    /** Whether the octets look like a concatenation header, for a message sent without UDHI. */
    public static boolean looksLikeConcatHeader(byte[] m) {
        boolean eightBitRef = m.length > 6 && m[0] == 0x05 && m[1] == 0x00 && m[2] == 0x03
                && (m[4] & 0xFF) >= 2 && m[5] != 0 && (m[5] & 0xFF) <= (m[4] & 0xFF);
        boolean sixteenBitRef = m.length > 7 && m[0] == 0x06 && m[1] == 0x08 && m[2] == 0x04
                && (m[5] & 0xFF) >= 2 && m[6] != 0 && (m[6] & 0xFF) <= (m[5] & 0xFF);
        return eightBitRef || sixteenBitRef;
    }

    /** The alphabet of a data_coding value (TS 23.038 §4, general and 0xF0 groups). */
    public enum Alphabet {
        GSM7, EIGHT_BIT, UCS2, LATIN1, IA5, OTHER
    }

    public static Alphabet alphabet(int dataCoding) {
        int dc = dataCoding & 0xFF;
        switch (dc) {
            case 0x00:
                return Alphabet.GSM7;
            case 0x01:
                return Alphabet.IA5;
            case 0x03:
                return Alphabet.LATIN1;
            case 0x02:
            case 0x04:
                return Alphabet.EIGHT_BIT;
            case 0x08:
                return Alphabet.UCS2;
            default:
                break;
        }
        if ((dc & 0xF0) == 0xF0) {
            return (dc & 0x04) != 0 ? Alphabet.EIGHT_BIT : Alphabet.GSM7;
        }
        if ((dc & 0xC0) == 0x00) { // general data coding group: bits 3..2 name the alphabet
            switch ((dc >> 2) & 0x03) {
                case 0:
                    return Alphabet.GSM7;
                case 1:
                    return Alphabet.EIGHT_BIT;
                case 2:
                    return Alphabet.UCS2;
                default:
                    return Alphabet.OTHER;
            }
        }
        return Alphabet.OTHER;
    }

    /** Why the payload breaks its alphabet's rules (odd UCS2 length, an octet over 0x7F in GSM 7-bit), else null. */
    public static String alphabetProblem(Alphabet alphabet, byte[] payload) {
        if (alphabet == Alphabet.UCS2 && payload.length % 2 != 0) {
            return "UCS2 payload of " + payload.length + " octets is not a whole number of UTF-16 units";
        }
        if (alphabet == Alphabet.GSM7) {
            for (int i = 0; i < payload.length; i++) {
                if ((payload[i] & 0xFF) > 0x7F) {
                    return "octet 0x" + Integer.toHexString(payload[i] & 0xFF) + " at " + i + " is not a GSM 7-bit septet";
                }
            }
        }
        if (alphabet == Alphabet.IA5) {
            for (byte b : payload) {
                if ((b & 0xFF) > 0x7F) {
                    return "octet over 0x7F in IA5 text";
                }
            }
        }
        return null;
    }

    /** Why the whole short message is too long for one SMS over the air, else null. */
    public static String sizeProblem(Alphabet alphabet, Udh udh, byte[] payload) {
        if (alphabet == Alphabet.GSM7) {
            int septets = (udh == null ? 0 : udh.septets()) + payload.length;
            return septets > MAX_SEPTETS ? septets + " septets exceed the " + MAX_SEPTETS + " of one SMS" : null;
        }
        int octets = (udh == null ? 0 : udh.raw().length) + payload.length;
        return octets > MAX_OCTETS ? octets + " octets exceed the " + MAX_OCTETS + " of one SMS" : null;
    }

    /** The text, or null for binary data. Malformed UTF-16 (a surrogate split across parts) decodes to U+FFFD. */
    public static String text(Alphabet alphabet, byte[] payload) {
        switch (alphabet) {
            case GSM7:
                return gsm7(payload);
            case UCS2:
                return new String(payload, StandardCharsets.UTF_16BE);
            case LATIN1:
                return new String(payload, StandardCharsets.ISO_8859_1);
            case IA5:
                return new String(payload, StandardCharsets.US_ASCII);
            default:
                return null;
        }
    }

    /** Strict UTF-16BE: null when the octets are not well-formed UTF-16 (an unpaired surrogate). */
    public static String strictUcs2(byte[] payload) {
        try {
            return StandardCharsets.UTF_16BE.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String gsm7(byte[] septets) {
        StringBuilder sb = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESC) {
                if (i + 1 >= septets.length) {
                    break;
                }
                int e = septets[++i] & 0x7F;
                sb.append(extension(e));
            } else {
                sb.append(GSM_DEFAULT.charAt(s));
            }
        }
        return sb.toString();
    }

    private static char extension(int e) {
        switch (e) {
            case 0x0A:
                return '\f';
            case 0x14:
                return '^';
            case 0x28:
                return '{';
            case 0x29:
                return '}';
            case 0x2F:
                return '\\';
            case 0x3C:
                return '[';
            case 0x3D:
                return '~';
            case 0x3E:
                return ']';
            case 0x40:
                return '|';
            case 0x65:
                return '€';
            default:
                return GSM_DEFAULT.charAt(e); // TS 23.038 §6.2.1.1: an unknown extension shows the default character
        }
    }

    /** The GSM 7-bit septets of {@code text} (unpacked), for MO messages the SMSC sends; null when a character has none. */
    public static byte[] toGsm7(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int s = c == ESC ? -1 : GSM_DEFAULT.indexOf(c);
            if (s >= 0) {
                out.write(s);
                continue;
            }
            int e = "\f^{}\\[~]|€".indexOf(c);
            if (e < 0) {
                return null;
            }
            out.write(ESC);
            out.write(new int[]{0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65}[e]);
        }
        return out.toByteArray();
    }
}

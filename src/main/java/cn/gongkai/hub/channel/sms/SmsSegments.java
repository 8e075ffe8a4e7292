package cn.gongkai.hub.channel.sms;

import java.util.ArrayList;
import java.util.List;

/**
 * How a text goes over the air: which alphabet, and the parts it is split into. GSM-7 when every character is in the
 * GSM 03.38 default alphabet or its extension table (an extension character such as {@code € [ ] { } ~ ^ | \}
 * takes two septets, and the pair is never split across parts); UCS-2 otherwise, counted in UTF-16 code units,
 * never splitting a surrogate pair. The parts are what an SMPP transport sends with a concatenation header.
 */
public final class SmsSegments {
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    public static SmsEncoding encoding(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return SmsEncoding.UCS2;
            }
        }
        return SmsEncoding.GSM7;
    }

    /** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
    public static int units(String text) {
        if (encoding(text) == SmsEncoding.UCS2) {
            return text.length();
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += width(text.charAt(i));
        }
        return n;
    }

    public static int parts(String text) {
        return split(text).size();
    }

    /** The parts the text goes out as; one part when it fits a single message (an empty text is one empty part). */
    public static List<String> split(String text) {
        SmsEncoding enc = encoding(text);
        if (units(text) <= enc.single()) {
            return List.of(text);
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int len = enc == SmsEncoding.UCS2 && Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)) ? 2 : 1;
            int w = enc == SmsEncoding.UCS2 ? len : width(c);
            if (used + w > enc.perPart()) {
                parts.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += w;
            i += len;
        }
        parts.add(text.substring(start));
        return List.copyOf(parts);
    }

    private static int width(char c) {
        return GSM_EXTENSION.indexOf(c) >= 0 ? 2 : 1;
    }
}

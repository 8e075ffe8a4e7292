package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.review.ChannelWarnings;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.Severity;
import jakarta.inject.Singleton;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warns the reviewer of characters the GBK screens cannot show in what they would show of the item (the title, and the
 * summary or else the body's first sentence, as {@link LedRenderer} lays out). GBK controllers carry the GB2312 font
 * (6,763 characters): anything outside GB2312 is drawn as a blank or, outside GBK, sent as {@code ?}. UTF-8 screens are
 * not checked: what their fonts hold is the vendor's.
 */
@Singleton
public class LedCharacterWarnings implements ChannelWarnings {
    static final String RULE = "led-characters";
    private static final Charset GB2312 = Charset.forName("GB2312");

    private final List<String> gbkScreens;

    public LedCharacterWarnings(List<LedScreen> screens) {
        this.gbkScreens = screens.stream().filter(s -> "GBK".equals(s.encoding())).map(LedScreen::id).sorted().toList();
    }

    @Override
    public String channel() {
        return LedChannel.NAME;
    }

    @Override
    public List<Finding> warnings(ItemContent c) {
        if (gbkScreens.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        check("title", c.title(), Texts.oneLine(c.title() == null ? "" : c.title()), out);
        if (!Texts.isBlank(c.summary())) {
            check("summary", c.summary(), c.summary(), out);
        } else if (c.body() != null) {
            check("body", c.body(), Texts.summaryOrFirstSentence(null, c.body()), out);
        }
        return out;
    }

    /** {@code shown} is what the screens get of {@code field}'s text; offsets are looked up in the text as typed. */
    private void check(String field, String text, String shown, List<Finding> out) {
        if (text == null || shown == null) {
            return;
        }
        Set<String> bad = unshowable(shown);
        if (bad.isEmpty()) {
            return;
        }
        String first = bad.iterator().next();
        int offset = Math.max(0, text.indexOf(first));
        StringBuilder list = new StringBuilder();
        for (String ch : bad) {
            if (!list.isEmpty()) {
                list.append('、');
            }
            list.append(ch).append("（U+").append(String.format("%04X", ch.codePointAt(0))).append('）');
        }
        int end = Math.min(text.length(), offset + first.length());
        int from = Math.max(0, offset - 10);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        int to = Math.min(text.length(), end + 10);
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        out.add(new Finding(RULE + ":" + field + ":" + offset, RULE, Severity.WARN, field, text.substring(from, to), offset,
                "LED屏（" + String.join("、", gbkScreens) + "，GBK）显示不了这些字符（不在GB2312字库中）：" + list
                        + "；屏上会是空白或“?”，请改用常用字或删去", false));
    }

    /** The distinct characters of {@code text} outside GB2312, in order of first appearance. */
    static Set<String> unshowable(String text) {
        CharsetEncoder gb2312 = GB2312.newEncoder();
        Set<String> bad = new LinkedHashSet<>();
        text.codePoints().forEach(cp -> {
            if (cp < 0x80 || Character.isWhitespace(cp) || Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                return;
            }
            String s = new String(Character.toChars(cp));
            if (!gb2312.canEncode(s)) {
                bad.add(s);
            }
        });
        return bad;
    }
}

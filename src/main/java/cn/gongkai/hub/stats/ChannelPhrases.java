package cn.gongkai.hub.stats;

import java.util.Map;

/**
 * How the yearly report names each channel: in the paragraph on 政府信息公开平台建设 (门户网站发布 N 条, 向媒体供稿 N 篇) and in
 * the chart's legend. A channel the report does not know yet is named by its configured name.
 */
final class ChannelPhrases {

    /** {@code verb} comes before the count, {@code unit} after it; {@code label} names the channel alone. */
    record Phrase(String label, String verb, String unit) {
    }

    private static final Map<String, Phrase> KNOWN = Map.of(
            "website", new Phrase("门户网站", "门户网站发布", "条"),
            "wechat", new Phrase("微信公众号", "微信公众号推送", "条"),
            "sms", new Phrase("短信", "短信", "条"),
            "qq", new Phrase("QQ群", "QQ群", "条"),
            "led", new Phrase("LED显示屏", "LED显示屏", "条"),
            "press-email", new Phrase("媒体供稿", "向媒体供稿", "篇"));

    private ChannelPhrases() {
    }

    static Phrase of(String channel) {
        Phrase p = KNOWN.get(channel);
        return p != null ? p : new Phrase(channel, channel, "条");
    }
}

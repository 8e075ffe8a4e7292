package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.Texts;

import java.util.function.IntFunction;

/**
 * Renders a publication as one SMS: {@code 【签名】标题: 摘要 链接 回T退订} (the summary, or the body's first sentence
 * when there is none; for a targeted notice without a summary, its whole text), shortened so the whole message takes at most {@code max-parts} parts; a withdrawal as
 * {@code 【签名】【撤回】标题 已撤回。原因: … 回T退订}. The summary is shortened first, then the title; signature,
 * link and opt-out suffix are never cut. A message that cannot fit even then goes out with its true part count.
 */
public final class SmsRenderer {
    private final SmsConfig config;

    public SmsRenderer(SmsConfig config) {
        this.config = config;
    }

    public SmsMessage render(Publication p) {
        return text(p).with(TemplateField.of(p), p.action());
    }

    private SmsMessage text(Publication p) {
        String title = Texts.oneLine(p.content().title());
        String suffix = Texts.isBlank(config.optOutSuffix()) ? "" : " " + config.optOutSuffix().strip();
        if (p.action() == Action.WITHDRAW) {
            String reason = Texts.oneLine(p.reason());
            return fit(title, reason, (t, r) -> config.signature() + "【撤回】" + t + " 已撤回。"
                    + (r.isEmpty() ? "" : "原因: " + r) + suffix);
        }
        // a targeted notice is its text (shortened to fit), an item its summary or first sentence with the link
        String summary = p.content().notice() != null && Texts.isBlank(p.content().summary())
                ? Texts.oneLine(Texts.plain(p.content().body()))
                : Texts.summaryOrFirstSentence(p.content().summary(), p.content().body());
        String link = Texts.isBlank(p.webUrl()) ? "" : " " + p.webUrl().strip();
        return fit(title, summary, (t, s) -> config.signature() + t + (s.isEmpty() ? "" : ": " + s) + link + suffix);
    }

    private interface Layout {
        String text(String title, String detail);
    }

    private SmsMessage fit(String title, String detail, Layout layout) {
        SmsMessage full = SmsMessage.of(layout.text(title, detail));
        if (full.parts() <= config.maxParts()) {
            return full;
        }
        String d = longestFitting(detail, n -> layout.text(title, n));
        if (d != null) {
            return SmsMessage.of(layout.text(title, d));
        }
        SmsMessage noDetail = SmsMessage.of(layout.text(title, ""));
        if (noDetail.parts() <= config.maxParts()) {
            return noDetail;
        }
        String t = longestFitting(title, n -> layout.text(n, ""));
        return t == null ? noDetail : SmsMessage.of(layout.text(t, ""));
    }

    /** The longest shortened {@code s} (at least one character, with an ellipsis) whose text fits; null if none. */
    private String longestFitting(String s, java.util.function.Function<String, String> text) {
        int total = Texts.codePoints(s);
        IntFunction<String> shortened = n -> {
            String head = Texts.codePointPrefix(s, n);
            String ellipsis = SmsSegments.encoding(text.apply(head)) == SmsEncoding.GSM7 ? "..." : "…";
            return head + ellipsis;
        };
        int lo = 1;
        int hi = total - 1;
        String best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            String candidate = shortened.apply(mid);
            if (SmsSegments.parts(text.apply(candidate)) <= config.maxParts()) {
                best = candidate;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }
}

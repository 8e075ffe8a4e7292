package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.Texts;

/**
 * Renders a publication as a plain-text group message, {@code 【标题】\n摘要\n链接} (the summary, or the body's
 * first sentence), at most {@value #MAX_CHARS} UTF-16 units: the summary is shortened first, then the title. A
 * withdrawal is {@code 【撤回】标题\n该信息已撤回。原因：…}.
 */
public final class QqRenderer {
    /** QQ clients cut longer messages; OneBot implementations refuse them. */
    public static final int MAX_CHARS = 4500;

    public QqMessage render(Publication p) {
        String title = Texts.oneLine(p.content().title());
        if (p.action() == Action.WITHDRAW) {
            String reason = Texts.oneLine(p.reason());
            String head = "【撤回】" + Texts.shorten(title, 200, "…") + "\n该信息已撤回。";
            return new QqMessage(Texts.shorten(head + (reason.isEmpty() ? "" : "原因：" + reason), MAX_CHARS, "…"), Action.WITHDRAW);
        }
        String link = Texts.isBlank(p.webUrl()) ? "" : "\n" + p.webUrl().strip();
        String summary = Texts.summaryOrFirstSentence(p.content().summary(), p.content().body());
        String head = "【" + Texts.shorten(title, MAX_CHARS / 4, "…") + "】";
        int room = MAX_CHARS - head.length() - link.length() - 1;
        String middle = summary.isEmpty() ? "" : "\n" + Texts.shorten(summary, Math.max(0, room), "…");
        return new QqMessage(Texts.cut(head + middle + link, MAX_CHARS));
    }
}

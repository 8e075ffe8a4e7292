package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.item.Action;

/**
 * One rendered QQ group message: plain text, at most {@link QqRenderer#MAX_CHARS} characters.
 *
 * @param action a publication, or a withdrawal: the {@code onebot} transport then recalls the published messages
 *               ({@code delete_msg}) instead of posting {@code text}
 */
public record QqMessage(String text, Action action) {

    public QqMessage(String text) {
        this(text, Action.PUBLISH);
    }

    public boolean withdrawal() {
        return action == Action.WITHDRAW;
    }
}

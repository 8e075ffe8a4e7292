package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.item.Action;

/**
 * One rendered QQ group message: plain text, at most {@link QqRenderer#MAX_CHARS} characters.
 *
 * @param action a publication, or a withdrawal: the {@code onebot} transport then recalls the published messages
 *               ({@code delete_msg}) instead of posting {@code text}
 * @param person the target is a person's QQ number (a targeted notice): {@code send_private_msg}, not {@code send_group_msg}
 */
public record QqMessage(String text, Action action, boolean person) {

    public QqMessage(String text) {
        this(text, Action.PUBLISH, false);
    }

    public QqMessage(String text, Action action) {
        this(text, action, false);
    }

    /** The same text to one person ({@code send_private_msg} to a QQ number) instead of a group. */
    public QqMessage toPerson() {
        return new QqMessage(text, action, true);
    }

    public boolean withdrawal() {
        return action == Action.WITHDRAW;
    }
}

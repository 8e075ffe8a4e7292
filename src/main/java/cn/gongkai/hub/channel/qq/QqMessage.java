package cn.gongkai.hub.channel.qq;

/** One rendered QQ group message: plain text, at most {@link QqRenderer#MAX_CHARS} characters. */
public record QqMessage(String text) {
}

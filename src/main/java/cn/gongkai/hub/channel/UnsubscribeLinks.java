package cn.gongkai.hub.channel;

/**
 * The one-click unsubscribe address of a person who gets targeted notices on a channel (a signed link to
 * {@code GET /unsubscribe/{token}} on the hub), for the e-mail that carries it.
 */
public interface UnsubscribeLinks {

    /** @param subscriberId the person (the notice delivery's target id); {@code channel} the hub channel */
    String link(String subscriberId, String channel);
}

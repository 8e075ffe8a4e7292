package cn.gongkai.hub.subscriber;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Who asked to get nothing more on a channel, from any source (an SMS {@code TD} reply, an unsubscribe link, a WeChat
 * unsubscribe, a person's request). Every later send honours them; the history is never deleted.
 */
public interface OptOuts {

    /** Records that {@code address} (a number, an e-mail address, an openid) wants nothing more on {@code channel}. */
    void optOut(String channel, String address, String source, Instant at);

    /** The ones of {@code addresses} that opted out of {@code channel}. */
    Set<String> optedOut(String channel, Collection<String> addresses);
}

package cn.gongkai.hub.subscriber;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Who asked to get nothing more on a channel, from any source (an SMS {@code TD} reply, an unsubscribe link, a WeChat
 * unsubscribe, a person's request). Every later send honours them; the history is never deleted, and an erased
 * person's opt-outs stay honoured under a one-way digest of the address.
 */
public interface OptOuts {

    /** Records that {@code address} (a number, an e-mail address, an openid) wants nothing more on {@code channel}. */
    void optOut(String channel, String address, String source, Instant at);

    /** The ones of {@code addresses} that opted out of {@code channel}. */
    Set<String> optedOut(String channel, Collection<String> addresses);

    /** The ones of {@code addresses} that opted out of {@code channel}, with when. */
    Map<String, Instant> optedOutAt(String channel, Collection<String> addresses);

    /** Keeps an opt-out of {@code address} (if any) under a digest of it only: the person is being erased. */
    void forget(String channel, String address);
}

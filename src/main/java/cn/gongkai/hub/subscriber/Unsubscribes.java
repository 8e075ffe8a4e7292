package cn.gongkai.hub.subscriber;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/** One-click unsubscribing from a signed link ({@link UnsubscribeTokens}): what became of a click. */
@Singleton
public class Unsubscribes {
    private static final Logger LOG = LoggerFactory.getLogger(Unsubscribes.class);

    public enum Result { UNSUBSCRIBED, ALREADY, NO_SUCH_PERSON, INVALID }

    /** @param address the address that was opted out, masked (null unless UNSUBSCRIBED or ALREADY) */
    public record Outcome(Result result, Reach channel, String address) {
    }

    private final UnsubscribeTokens tokens;
    private final SubscriberStore store;
    private final OptOuts optOuts;

    Unsubscribes(UnsubscribeTokens tokens, SubscriberStore store, OptOuts optOuts) {
        this.tokens = tokens;
        this.store = store;
        this.optOuts = optOuts;
    }

    public Outcome unsubscribe(String token) {
        Optional<UnsubscribeTokens.Token> t = tokens.read(token);
        if (t.isEmpty()) {
            LOG.warn("Unsubscribe link refused: the token is malformed or its signature does not match");
            return new Outcome(Result.INVALID, null, null);
        }
        Reach r = t.get().channel();
        Optional<Subscriber> s = store.find(t.get().subscriberId());
        String address = s.map(x -> x.address(r)).orElse(null);
        if (address == null) {
            return new Outcome(Result.NO_SUCH_PERSON, r, null);
        }
        if (!optOuts.optedOut(r.channel(), java.util.List.of(address)).isEmpty()) {
            return new Outcome(Result.ALREADY, r, Masking.address(address));
        }
        optOuts.optOut(r.channel(), address, r.wire() + ":unsubscribe-link", Instant.now());
        return new Outcome(Result.UNSUBSCRIBED, r, Masking.address(address));
    }
}

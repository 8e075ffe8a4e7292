package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.item.Notice;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Which channels of a notice reach one person. A channel can when the person has an address there, gave consent on
 * it, has not opted out of it and is not over its quota. {@code fallback}: the person's preferred channels in their
 * order, then the notice's other channels in the notice's order, and the first that can reach them; {@code all}:
 * every channel of the notice that can. Pure: the caller knows the opt-outs and quotas.
 */
public final class Reachability {
    private Reachability() {
    }

    /** A channel tried and not used, with why. */
    public record Skip(Reach channel, SkipReason reason) {
    }

    /**
     * @param reached  the channels it goes out on
     * @param skipped  the channels looked at and not used, with why
     * @param noneWhy  when {@code reached} is empty: the reason on the person's first channel
     */
    public record Decision(List<Reach> reached, List<Skip> skipped, SkipReason noneWhy) {
    }

    /**
     * @param optedOut  whether the person's address on a channel opted out of it
     * @param overQuota whether one more message to the person's address on a channel would exceed a known quota
     */
    public static Decision decide(Subscriber s, List<Reach> noticeChannels, Notice.Mode mode,
                                  BiPredicate<Reach, String> optedOut, BiPredicate<Reach, String> overQuota) {
        List<Reach> order = order(s, noticeChannels, mode);
        List<Reach> reached = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        for (Reach r : order) {
            Optional<SkipReason> why = why(s, r, optedOut, overQuota);
            if (why.isPresent()) {
                skipped.add(new Skip(r, why.get()));
            } else {
                reached.add(r);
                if (mode == Notice.Mode.FALLBACK) {
                    break;
                }
            }
        }
        return new Decision(reached, skipped, reached.isEmpty() && !skipped.isEmpty() ? skipped.get(0).reason() : null);
    }

    static List<Reach> order(Subscriber s, List<Reach> noticeChannels, Notice.Mode mode) {
        if (mode == Notice.Mode.ALL) {
            return List.copyOf(new LinkedHashSet<>(noticeChannels));
        }
        Set<Reach> out = new LinkedHashSet<>();
        for (Reach r : s.preferredChannels()) {
            if (noticeChannels.contains(r)) {
                out.add(r);
            }
        }
        out.addAll(noticeChannels);
        return List.copyOf(out);
    }

    private static Optional<SkipReason> why(Subscriber s, Reach r, BiPredicate<Reach, String> optedOut, BiPredicate<Reach, String> overQuota) {
        String address = s.address(r);
        if (address == null || address.isBlank()) {
            return Optional.of(SkipReason.NO_ADDRESS);
        }
        if (optedOut.test(r, address)) {
            return Optional.of(SkipReason.OPTED_OUT);
        }
        if (!s.consented(r)) {
            return Optional.of(SkipReason.NO_CONSENT);
        }
        if (overQuota.test(r, address)) {
            return Optional.of(SkipReason.QUOTA);
        }
        return Optional.empty();
    }
}

package cn.gongkai.hub.subscriber;

import java.util.Arrays;
import java.util.List;

/**
 * One row of an export file, the columns of {@link SubscriberColumn} in their order. Null fields are empty cells.
 * {@code consent} lists the channels the person may be sent on now: consent given and not withdrawn by an opt-out
 * (opt-outs themselves stay in {@link OptOuts} and are not exported).
 */
public record SubscriberRowOut(String name, String mobile, String email, String wechatOpenId, String qqNumber,
                               List<String> tags, List<Reach> preferredChannels, List<Reach> consent) {
    public SubscriberRowOut {
        tags = tags == null ? List.of() : List.copyOf(tags);
        preferredChannels = preferredChannels == null ? List.of() : List.copyOf(preferredChannels);
        consent = consent == null ? List.of() : List.copyOf(consent);
    }

    public static SubscriberRowOut of(Subscriber s) {
        List<Reach> consent = Arrays.stream(Reach.values()).filter(r -> s.consented(r) && !s.optedOut().containsKey(r)).toList();
        return new SubscriberRowOut(s.name(), s.mobile(), s.email(), s.wechatOpenId(), s.qqNumber(), s.tags(), s.preferredChannels(), consent);
    }

    public static SubscriberRowOut of(SubscriberInput s) {
        return new SubscriberRowOut(s.name(), s.mobile(), s.email(), s.wechatOpenId(), s.qqNumber(), s.tags(), s.preferredChannels(), s.consent());
    }

    /** The cells in column order, lists joined with {@code ;}, null for an empty cell. */
    String[] cells() {
        return new String[]{name, mobile, email, wechatOpenId, qqNumber, join(tags), joinReach(preferredChannels), joinReach(consent)};
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? null : String.join(";", values);
    }

    private static String joinReach(List<Reach> values) {
        return values.isEmpty() ? null : String.join(";", values.stream().map(Reach::wire).toList());
    }
}

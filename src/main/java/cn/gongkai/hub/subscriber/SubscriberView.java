package cn.gongkai.hub.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscriber as the API shows them: mobile, e-mail, openid and QQ number masked ({@code 138****1234}) for everyone
 * but ADMIN.
 */
public record SubscriberView(String id, String name, String mobile, String email, String wechatOpenId, String qqNumber,
                             List<String> tags, List<Reach> preferredChannels, Map<Reach, Consent> consent,
                             Map<Reach, Instant> optedOut, boolean masked, Instant createdAt, Instant updatedAt) {

    public static SubscriberView of(Subscriber s, boolean full) {
        if (full) {
            return new SubscriberView(s.id(), s.name(), s.mobile(), s.email(), s.wechatOpenId(), s.qqNumber(), s.tags(),
                    s.preferredChannels(), s.consent(), s.optedOut(), false, s.createdAt(), s.updatedAt());
        }
        return new SubscriberView(s.id(), s.name(), Masking.mobile(s.mobile()), Masking.email(s.email()), Masking.other(s.wechatOpenId()),
                Masking.other(s.qqNumber()), s.tags(), s.preferredChannels(), s.consent(), s.optedOut(), true, s.createdAt(), s.updatedAt());
    }
}

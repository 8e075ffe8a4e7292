package cn.gongkai.hub.subscriber;

import java.util.List;

/**
 * A subscriber as an editor writes one (an API body or one row of an import file), already checked and normalised:
 * mobile {@code 1[3-9]xxxxxxxxx} without prefix, e-mail lower-cased, tags {@code 维度:值} of configured dimensions.
 * Null fields are absent; {@code consent} lists the channels the person agreed to.
 */
public record SubscriberInput(String name, String mobile, String email, String wechatOpenId, String qqNumber,
                              List<String> tags, List<Reach> preferredChannels, List<Reach> consent) {
    public SubscriberInput {
        tags = tags == null ? List.of() : List.copyOf(tags);
        preferredChannels = preferredChannels == null ? List.of() : List.copyOf(preferredChannels);
        consent = consent == null ? List.of() : List.copyOf(consent);
    }
}

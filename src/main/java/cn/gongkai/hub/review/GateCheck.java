package cn.gongkai.hub.review;

import cn.gongkai.hub.item.Action;

import java.util.Map;

/**
 * The review gate as seen by routes: may this item version go out on this route? Refusals are recorded by the
 * implementation ({@code {item, version, route, reason, time}}) before it answers.
 */
public interface GateCheck {

    /** @return null when cleared, otherwise the reason it is refused */
    String refusal(String itemId, int version, Action action, String route);

    /**
     * Called for each refused stream entry so that what it carried ends with the reason instead of waiting forever: a
     * delivery entry's deliveries end REFUSED, a publication request takes the item back from PUBLISHING.
     */
    void refused(Map<String, String> entry, String route, String reason);
}

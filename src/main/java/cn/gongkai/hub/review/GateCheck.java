package cn.gongkai.hub.review;

import java.util.Map;

/**
 * The review gate as seen by routes: may this item version go out on this route? Refusals are recorded by the
 * implementation ({@code {item, version, route, reason, time}}) before it answers.
 */
public interface GateCheck {

    /**
     * @param action {@code publish} (default) or {@code withdraw}; a withdrawal only needs the item to be withdrawn
     * @return null when cleared, otherwise the reason it is refused
     */
    String refusal(String itemId, int version, String action, String route);

    /**
     * Called for each refused delivery entry so the delivery ends REFUSED; entries carry {@code deliveryId},
     * {@code channel}, {@code itemId}, {@code version}.
     */
    void refused(Map<String, String> entry, String route, String reason);
}

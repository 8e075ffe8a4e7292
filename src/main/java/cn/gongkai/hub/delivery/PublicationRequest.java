package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request to publish or withdraw an item version on some channels, as it travels on the {@code publish} stream.
 * {@link #fields()} and {@link #of(Map)} are its one codec.
 *
 * @param scheduled    the request was due at a time chosen by a person ({@code publishAt})
 * @param continuation the planner put it back on the stream to plan the next pages of a large publication
 */
public record PublicationRequest(String id, String itemId, int version, Action action, List<String> channels, String requestedBy,
                                 boolean scheduled, boolean continuation) {

    public PublicationRequest {
        channels = List.copyOf(channels);
    }

    public static PublicationRequest create(String itemId, int version, Action action, List<String> channels, String by, boolean scheduled) {
        return new PublicationRequest(UUID.randomUUID().toString(), itemId, version, action, channels, by, scheduled, false);
    }

    /** The same request, to go on planning later pages. */
    public PublicationRequest continued() {
        return new PublicationRequest(id, itemId, version, action, channels, requestedBy, scheduled, true);
    }

    /** The stream entry's fields; {@code itemId}, {@code version} and {@code action} are what the route's gate reads. */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("requestId", id);
        f.put("itemId", itemId);
        f.put("version", Integer.toString(version));
        f.put("action", action.wire());
        f.put("channels", String.join(",", channels));
        f.put("requestedBy", requestedBy);
        f.put("scheduled", Boolean.toString(scheduled));
        f.put("continuation", Boolean.toString(continuation));
        return f;
    }

    public static PublicationRequest of(Map<String, String> f) {
        return new PublicationRequest(f.getOrDefault("requestId", ""), f.get("itemId"), Integer.parseInt(f.get("version")),
                Action.of(f.get("action")),
                Arrays.stream(f.getOrDefault("channels", "").split(",")).filter(s -> !s.isBlank()).toList(),
                f.getOrDefault("requestedBy", ""), Boolean.parseBoolean(f.get("scheduled")), Boolean.parseBoolean(f.get("continuation")));
    }
}

package cn.gongkai.hub.review;

import java.util.List;

/** {@code POST /api/items/{id}/reviews} body. */
public record ReviewRequest(String stage, String decision, String contentHash, String comment, List<WaiverRequest> waivers) {
    public record WaiverRequest(String findingId, String reason) {
    }
}

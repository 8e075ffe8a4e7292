package cn.gongkai.hub.review;

import java.time.Instant;

/** Final sign-off (终审) of one item version, bound to that version's content hash. */
public record Approval(String itemId, int version, String contentHash, String approver, Instant at) {
}

package cn.gongkai.hub.review;

import java.time.Instant;

/** A reviewer's decision that a scan finding may be published anyway, with the reason (a public hotline). */
public record Waiver(String findingId, String reason, String by, Instant at) {
}

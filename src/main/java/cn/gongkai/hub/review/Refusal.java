package cn.gongkai.hub.review;

import java.time.Instant;

/** The gate stopped an exchange: nothing went out for this item version on this route. */
public record Refusal(String itemId, int version, String route, String reason, Instant at) {
}

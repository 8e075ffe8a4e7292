package cn.gongkai.hub.item;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;

/**
 * An item as the API shows it: its current version's content plus its lifecycle.
 *
 * @param publishedVersion the version last put out on channels (0 if none)
 * @param stateReason      why it is in its state (a reviewer's rejection comment, a withdrawal reason, a gate refusal)
 * @param withdrawal       the last withdrawal, if the item was ever withdrawn (a newer version may be live again)
 * @param scheduledAt      when a scheduled publication of the current version is due, or null
 */
public record Item(String id, int version, ItemState state, String contentHash, String indexNumber,
                   @JsonUnwrapped ItemContent content, String categoryName,
                   String createdBy, Instant createdAt, String updatedBy, Instant updatedAt,
                   int publishedVersion, String stateReason, Withdrawal withdrawal, Instant scheduledAt) {
}

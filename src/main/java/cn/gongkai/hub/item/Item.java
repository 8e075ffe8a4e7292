package cn.gongkai.hub.item;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;

/**
 * An item as the API shows it: its current version's content plus its lifecycle.
 *
 * @param publishedVersion the version last put out on channels (0 if none)
 * @param stateReason      why it is in its state (a reviewer's rejection comment, a withdrawal reason)
 */
public record Item(String id, int version, ItemState state, String contentHash, String indexNumber,
                   @JsonUnwrapped ItemContent content, String categoryName,
                   String createdBy, Instant createdAt, String updatedBy, Instant updatedAt,
                   int publishedVersion, String stateReason) {
}

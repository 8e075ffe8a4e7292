package cn.gongkai.hub.redis;

import jakarta.inject.Singleton;

/**
 * Every Redis key the hub uses is built here, under the configured prefix.
 *
 * <p>Keys that one Lua script touches share a hash tag so they stay in one Redis Cluster slot: everything about
 * one channel's deliveries is tagged {@code {ch:<channel>}}, everything about one item {@code {item:<id>}}.
 */
@Singleton
public final class RedisKeys {
    private final String p;

    public RedisKeys(RedisSettings settings) {
        this(settings.keyPrefix());
    }

    public RedisKeys(String prefix) {
        this.p = prefix + ":";
    }

    public String prefix() {
        return p;
    }

    // accounts
    public String user(String username) {
        return p + "user:" + username;
    }

    public String users() {
        return p + "users";
    }

    public String loginFailures(String username) {
        return p + "login-failures:" + username;
    }

    // items
    public String itemSequence() {
        return p + "item-seq";
    }

    public String items() {
        return p + "items";
    }

    public String itemMeta(String itemId) {
        return p + "{item:" + itemId + "}:meta";
    }

    public String itemVersion(String itemId, int version) {
        return p + "{item:" + itemId + "}:v:" + version;
    }

    public String itemReviews(String itemId) {
        return p + "{item:" + itemId + "}:reviews";
    }

    public String approval(String itemId, int version) {
        return p + "{item:" + itemId + "}:approval:" + version;
    }

    public String scan(String itemId, int version) {
        return p + "{item:" + itemId + "}:scan:" + version;
    }

    public String round(String itemId, int version) {
        return p + "{item:" + itemId + "}:round:" + version;
    }

    public String refusals(String itemId) {
        return p + "{item:" + itemId + "}:refusals";
    }

    // review
    public String reviewRecords() {
        return p + "review-records";
    }

    public String restrictedDocuments() {
        return p + "review:restricted-documents";
    }

    public String sensitiveWords() {
        return p + "review:sensitive-words";
    }

    // streams (one per logical name; a channel's stream shares the channel's hash tag)
    public String stream(String name) {
        return p + "{ch:" + name + "}:stream";
    }

    // deliveries, per channel
    public String delivery(String channel, String deliveryId) {
        return p + "{ch:" + channel + "}:d:" + deliveryId;
    }

    public String channelTag(String channel) {
        return p + "{ch:" + channel + "}:";
    }

    public String retries(String channel) {
        return p + "{ch:" + channel + "}:retry";
    }

    public String byState(String channel, String state) {
        return p + "{ch:" + channel + "}:by-state:" + state;
    }

    public String itemDeliveries(String channel, String itemId) {
        return p + "{ch:" + channel + "}:item:" + itemId;
    }

    public String planned(String channel, String itemId, int version, String action) {
        return p + "{ch:" + channel + "}:planned:" + itemId + ":" + version + ":" + action;
    }

    public String counters(String channel, String period) {
        return p + "{ch:" + channel + "}:count:" + period;
    }

    public String progress(String channel, String itemId, int version, String action) {
        return p + "{ch:" + channel + "}:progress:" + itemId + ":" + version + ":" + action;
    }

    // publication requests: the schedule, each request's fields, and the publish stream share one slot
    public String scheduled() {
        return p + "{ch:publish}:schedule";
    }

    public String publishRequest(String requestId) {
        return p + "{ch:publish}:request:" + requestId;
    }
}

package cn.gongkai.hub.redis;

import jakarta.inject.Singleton;

/**
 * Every Redis key the hub uses is built here, under the configured prefix.
 *
 * <p>Keys that one Lua script touches share a hash tag so they stay in one Redis Cluster slot: everything about
 * one channel's deliveries is tagged {@code {ch:<channel>}}, everything about one item {@code {item:<id>}}, the
 * users {@code {users}}.
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

    // accounts: a user's hash and the set of names change together in one script, so both carry {users}
    public String user(String username) {
        return p + "{users}:user:" + username;
    }

    public String users() {
        return p + "{users}:names";
    }

    /** Layout before the {users} tag; read once at start to move those users over. */
    public String legacyUser(String username) {
        return p + "user:" + username;
    }

    public String legacyUsers() {
        return p + "users";
    }

    /**
     * Failed sign-ins of one user from one address. {@code epoch} is the user's sign-in epoch: a password reset
     * raises it, which leaves the old counters to expire unread. {@code user} and {@code address} arrive already
     * bounded (a valid user name or a digest; an IP literal).
     */
    public String signInFailures(String user, long epoch, String address) {
        return p + "sign-in:user:" + user + ":" + epoch + ":" + address;
    }

    /** Failed sign-ins from one address (an IPv6 /64), whatever the user name. */
    public String signInFailuresFrom(String address) {
        return p + "sign-in:from:" + address;
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

    /** The audit log: one stream, appended to and never trimmed; read by XRANGE only. */
    public String auditLog() {
        return p + "audit-log";
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

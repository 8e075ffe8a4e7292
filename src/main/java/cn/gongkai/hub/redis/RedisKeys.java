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

    /** A console sign-in session, by the SHA-256 of its cookie value (the cookie itself is never stored). */
    public String consoleSession(String digest) {
        return p + "console:session:" + digest;
    }

    /** The working-day calendar of one year as an ADMIN entered it (JSON; {@code deadline/RedisCalendarStore}). */
    public String calendar(int year) {
        return p + "calendar:" + year;
    }

    // items
    public String itemSequence() {
        return p + "item-seq";
    }

    /** The 索引号 sequence of one organisation in one year ({@code item/IndexNumberPattern}). */
    public String indexSequence(String organisation, int year) {
        return p + "index-seq:" + organisation + ":" + year;
    }

    // the static disclosure site's index: one tag, so a publication or withdrawal changes all of it in one script
    /** Every item online on the site, scored by the time it first went online (ms). */
    public String siteOnline() {
        return p + "{site}:online";
    }

    /** The items online in one catalogue column, scored as {@link #siteOnline()}. */
    public String siteColumn(String column) {
        return p + "{site}:column:" + column;
    }

    /** What the site shows of one item (JSON). */
    public String siteEntry(String itemId) {
        return p + "{site}:item:" + itemId;
    }

    /** Counts every change of the site's index, so a page written from an older read is written again. */
    public String siteGeneration() {
        return p + "{site}:generation";
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

    /** The publish stream (one key; its schedule and request hashes share its tag). */
    public String stream(String name) {
        return p + "{ch:" + name + "}:stream";
    }

    // deliveries: each channel's are spread over buckets, one hash tag (so one cluster slot) per bucket
    /** The hash tag and prefix of one bucket of one channel: {@code hub:{d:sms:3}:}. */
    public String bucket(String channel, int bucket) {
        return p + "{d:" + channel + ":" + bucket + "}:";
    }

    public String deliveryStream(String channel, int bucket) {
        return bucket(channel, bucket) + "stream";
    }

    public String delivery(String channel, int bucket, String deliveryId) {
        return bucket(channel, bucket) + "d:" + deliveryId;
    }

    public String retries(String channel, int bucket) {
        return bucket(channel, bucket) + "retry";
    }

    /** Deliveries in a state a person looks at, as {@code <13-digit ms>|<id>} members in the order they entered it. */
    public String byState(String channel, int bucket, String state) {
        return bucket(channel, bucket) + "by-state:" + state;
    }

    /** Every delivery of an item in this bucket. */
    public String itemDeliveries(String channel, int bucket, String itemId) {
        return bucket(channel, bucket) + "item:" + itemId;
    }

    /** The item's deliveries in this bucket that are in a state a person looks at (same members as {@link #byState}). */
    public String itemProblems(String channel, int bucket, String itemId) {
        return bucket(channel, bucket) + "problems:" + itemId;
    }

    /** Planned count and one count per terminal state of one publication, in this bucket. */
    public String progress(String channel, int bucket, String itemId, int version, String action) {
        return bucket(channel, bucket) + "progress:" + itemId + ":" + version + ":" + action;
    }

    /** Per-channel counters of one period ({@code 2026}, {@code 2026-11}, {@code 2026-11-22}), in this bucket. */
    public String counters(String channel, int bucket, String period) {
        return bucket(channel, bucket) + "count:" + period;
    }

    /** Items that had a message out on the channel in the period, in this bucket (the union over buckets is the count). */
    public String countedItems(String channel, int bucket, String period) {
        return bucket(channel, bucket) + "counted-items:" + period;
    }

    /** The delivery a vendor's message id belongs to (one key per id, so they spread over a cluster). */
    public String reference(String channel, String transport, String reference) {
        return p + "ref:" + channel + ":" + transport + ":" + reference;
    }

    /** Receipts that came before the hub had recorded the send they report on: reference → receipt (one small hash). */
    public String earlyReceipts(String channel, String transport) {
        return p + "{early-receipts:" + channel + ":" + transport + "}";
    }

    /** A rate limit's state (GCRA), shared by every instance. */
    public String rate(String name) {
        return p + "{rate:" + name + "}";
    }

    /** Addresses that opted out of a channel: address → when and how. */
    public String optOuts(String channel) {
        return p + "{optout:" + channel + "}";
    }

    /** Every opt-out ever recorded, in order (never trimmed). */
    public String optOutLog() {
        return p + "optout-log";
    }

    /** How far the planning of one publication on one channel got (cursor, done); one slot per channel. */
    public String plan(String channel, String itemId, int version, String action) {
        return p + "{plan:" + channel + "}:" + itemId + ":" + version + ":" + action;
    }

    /** The publications (version:action) ever planned for an item on a channel. */
    public String plans(String channel, String itemId) {
        return p + "{plan:" + channel + "}:item:" + itemId;
    }

    /** The bucket count the deliveries were written with; it cannot change under existing data. */
    public String deliveryBuckets() {
        return p + "delivery-buckets";
    }

    // LED screens: one screen's playlist, its pages and its ledger change together in one script, so all carry {led:<screen>}
    /** What a screen shows now: item → its showing (version, title, from, until). */
    public String ledShows(String screen) {
        return p + "{led:" + screen + "}:shows";
    }

    /** The pages of each item a screen shows: item → pages. */
    public String ledPages(String screen) {
        return p + "{led:" + screen + "}:pages";
    }

    /** The showings that ended (expired, withdrawn, replaced), scored by when they ended. */
    public String ledLedger(String screen) {
        return p + "{led:" + screen + "}:ledger";
    }

    // publication requests: the schedule, each request's fields, and the publish stream share one slot
    public String scheduled() {
        return p + "{ch:publish}:schedule";
    }

    public String publishRequest(String requestId) {
        return p + "{ch:publish}:request:" + requestId;
    }

    // the WeChat transport (channel/wechat)
    /** What each step of one WeChat delivery returned (media URLs, media_id, publish_id, msg_id): one hash per delivery. */
    public String wechatSteps(String deliveryId) {
        return p + "{wechat:" + deliveryId + "}:steps";
    }

    /** The publishing deliveries of an item whose steps are recorded, for its withdrawal. */
    public String wechatItem(String itemId) {
        return p + "{wechat-item:" + itemId + "}";
    }

    /** The account's access token, shared by every instance; its refresh lock shares the tag. */
    public String wechatToken(String appId) {
        return p + "{wechat-token:" + appId + "}:token";
    }

    public String wechatTokenLock(String appId) {
        return p + "{wechat-token:" + appId + "}:lock";
    }

    /** Successful mass sends of one Beijing day ({@code 2026-12-02}), to show against WeChat's quota. */
    public String wechatMassSends(String appId, String day) {
        return p + "wechat-mass:" + appId + ":" + day;
    }

    // subscribers: spread over buckets; one bucket's records, its all-set and its tag sets share {sub:<bucket>}, so the
    // set algebra of a segment runs in one script per bucket (one cluster slot)
    /** A subscriber's record (JSON). */
    public String subscriber(int bucket, String id) {
        return p + "{sub:" + bucket + "}:s:" + id;
    }

    /** Every subscriber id of a bucket (sorted set, score 0, read by lex). */
    public String subscribersIn(int bucket) {
        return p + "{sub:" + bucket + "}:all";
    }

    /** The subscriber ids of a bucket with one tag (sorted set, score 0). */
    public String subscriberTag(int bucket, String tag) {
        return p + "{sub:" + bucket + "}:tag:" + tag;
    }

    /** A resolved segment of a bucket (sorted set): {@code name} is a notice publication or a preview. */
    public String segment(int bucket, String name) {
        return p + "{sub:" + bucket + "}:seg:" + name;
    }

    /** Scratch space of the segment script of a bucket. */
    public String segmentScratch(int bucket, String name) {
        return p + "{sub:" + bucket + "}:seg-tmp:" + name;
    }

    /** Which person of a bucket was skipped on which channel for a notice publication (set of {@code id|channel}). */
    public String noticeSkips(int bucket, String publication) {
        return p + "{sub:" + bucket + "}:nskip:" + publication;
    }

    /** Counts of those skips by {@code channel|reason} ({@code *|reason}: reached on no channel). */
    public String noticeSkipCounts(int bucket, String publication) {
        return p + "{sub:" + bucket + "}:nskipc:" + publication;
    }

    /** A notice publication's facts: targeted, when the segment was resolved, how long it took. */
    public String noticeFacts(String publication) {
        return p + "notice:" + publication;
    }

    /** Every notice publication that was planned ({@code <itemId>:<version>}). */
    public String noticePublications() {
        return p + "notices";
    }

    /** Address → subscriber id for one kind of address (mobile, email, wechat, qq). */
    public String subscriberIndex(String kind) {
        return p + "subidx:" + kind;
    }

    public String subscriberSequence() {
        return p + "sub-seq";
    }

    /** Anonymous counts kept of erased subscribers (hash). */
    public String subscriberErasures() {
        return p + "sub-erased";
    }

    /** The tag dimensions as an ADMIN last set them (JSON list); absent: the configured ones. */
    public String subscriberDimensions() {
        return p + "sub-dimensions";
    }

    /** The import jobs' progress (one hash each). */
    public String subscriberImport(String id) {
        return p + "sub-import:" + id;
    }

    /** An import job's refused rows (list of JSON {row, column, problem}, the first ones kept). */
    public String subscriberImportErrors(String id) {
        return p + "sub-import:" + id + ":errors";
    }

    /** Messages sent to one address on one channel on one day (hash: address digest -> count), for quotas. */
    public String dailySends(String channel, String day) {
        return p + "daily-sends:" + channel + ":" + day;
    }

    /** A secret the hub made for itself (signing unsubscribe links, digests of erased addresses) when none is set. */
    public String hubSecret() {
        return p + "hub-secret";
    }

    /** When a targeted notice (one item version) was first sent as a WeChat template message: what its time keywords show. */
    public String wechatNotice(String itemId, int version) {
        return p + "wechat-notice:" + itemId + ":" + version;
    }
}

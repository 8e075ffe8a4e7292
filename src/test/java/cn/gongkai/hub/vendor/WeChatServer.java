package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local WeChat official-account API ({@code api.weixin.qq.com}) for the endpoints the hub publishes through, answering
 * as developers.weixin.qq.com documents them: HTTP 200 with {@code {"errcode":N,"errmsg":"... rid: ..."}} for every
 * refusal, the success bodies of the docs' examples.
 *
 * <p><b>Tokens</b> ({@code doc/service/api/base/api_getaccesstoken}, {@code api_getstableaccesstoken}). The two kinds are
 * isolated from each other, both 7200 s. {@code GET /cgi-bin/token} issues a new token on every call; the previous one
 * stays valid 5 more minutes. {@code POST /cgi-bin/stable_token} (JSON only, else 43002 / 47001) in normal mode returns
 * the current stable token with its remaining {@code expires_in}, and a new one only in its last 5 minutes (the old one
 * then lives out its time, so both work during the hand-over); with {@code force_refresh:true} it issues a new one and
 * the previous one stops working at once (40001), as the docs say; a force refresh less than 30 s after the last one does
 * not refresh (the current token comes back), and the 21st of a day is 45009. Both check {@code grant_type} (40002),
 * {@code appid} (missing 41002, wrong 40013) and {@code secret} (missing 41004, wrong 40125, what WeChat answers today;
 * the older getAccessToken table lists 40001 for a wrong AppSecret).
 *
 * <p><b>Every other call</b> needs {@code ?access_token=}: missing 41001, not a WeChat-shaped token 40014, well-formed
 * but unknown or superseded 40001, past its time 42001. WxJava refreshes and retries once on each of 40001, 40014 and
 * 42001 by itself ({@code BaseWxMpServiceImpl.executeInternal}); see {@link #expireTokensNow()}.
 *
 * <p><b>Media.</b> {@code media/uploadimg} (multipart {@code media}, JPEG or PNG by magic bytes (40005), under 1 MB
 * (40009), none 41005) returns {@code {"url":"http://mmbiz.qpic.cn/..."}}; {@code material/add_material?type=image}
 * (bmp/png/jpeg/gif ≤ 10 MB) and {@code type=thumb} (JPEG ≤ 64 KB) return a permanent {@code media_id} and url; any
 * other type 40004.
 *
 * <p><b>Drafts and publishing.</b> {@code draft/add}: title required and ≤ 32 characters (45003), digest ≤ 128 (45004),
 * content required (44003), under 20,000 characters and 1 MB (45002), {@code thumb_media_id} a permanent material
 * (40007), bad JSON 47001. The docs say the content's scripts are removed and image URLs not from uploadimg are
 * filtered out; with {@link ContentPolicy#REFUSE} (the default, to catch a hub that forgets to upload an image) such
 * content is refused with 45166 "invalid content", with {@link ContentPolicy#FILTER} it is cleaned as the docs say and
 * what was removed is recorded. {@code freepublish/submit} takes a draft's media_id (unknown or already used 40007) and
 * answers {@code publish_id} as a JSON string; a draft that was published or mass-sent leaves the draft box, as the docs
 * say. {@code freepublish/get} answers {@code publish_status} 1 for the first {@link #publishingPolls(int)} polls, then
 * the final status: 0 with {@code article_id} and {@code article_detail.item[].article_url}, or one set by
 * {@link #nextPublicationEnds(int, Integer...)} (2, 3, 4 or 6, with {@code fail_idx}); 5 once every article was deleted.
 * {@code freepublish/delete} takes {@code article_id} (unknown 53600) and {@code index} (1-based, 0 or absent: all).
 *
 * <p><b>Mass send</b> ({@code message/mass/sendall}, {@code doc/service/api/notify/message/api_sendall}): mpnews by
 * {@code filter {is_to_all, tag_id}} (unknown tag 45159) with a draft's media_id (40007). {@code clientmsgid} (≤ 64
 * bytes, else 45067) is checked against the sends of the last 24 h before anything else: within a minute of the first
 * send 45066 "retry too fast", later 45065 with the earlier {@code msg_id} in the reply. A quota of successful sends per
 * Beijing day ({@link #massQuota(int)}, default 1, a subscription account's) answers 45028 once used.
 * {@code mass/get} answers {@code msg_status} (SEND_SUCCESS, DELETE), {@code mass/delete} takes {@code msg_id} and
 * {@code article_idx}. An id these last endpoints do not know is 40097 "invalid args" (the docs list no code for it).
 *
 * <p><b>Template messages</b> ({@code message/template/send}, {@link WeChatServerTemplates}): to followers the test
 * registered ({@link #follower}, {@link #unfollow}) with templates it registered with their keywords ({@link #template});
 * 40003, 40037, 43004, 43101 and 47003 as WeChat answers them; {@code msgid} on success ({@link #templateSends()}).
 *
 * <p><b>The message push</b> ({@link #callback(java.net.URI, String, String)}, {@link WeChatServerCallback}): once a
 * callback is set, {@code subscribe} and {@code unsubscribe} are pushed when a follower comes or goes, and
 * {@code TEMPLATESENDJOBFINISH} ({@code success}, {@code failed:user block} for {@link #blocksTemplateMessages},
 * {@code failed: system failed} for {@link #systemFailsNext}) right after each accepted template message, signed (and
 * in safe mode encrypted) as WeChat does; {@link #pushes()} has what the callback answered.
 *
 * <p>A test moves the server's clock with {@link #advance(Duration)}, switches any documented code on for the next n
 * calls of an endpoint ({@link #failNext}) or until cleared ({@link #failUntilCleared}), and holds calls past a client
 * timeout ({@link #hangNext}, {@link #hang()}). To point WxJava here:
 * {@code WxMpDefaultConfigImpl.setHostConfig(WxMpHostConfig.builder().apiHost(server.baseUrl()).build())}.
 */
public final class WeChatServer extends FakeVendorServer {
    public static final Duration TOKEN_LIFETIME = Duration.ofSeconds(7200);
    public static final Duration TOKEN_OVERLAP = Duration.ofMinutes(5);
    public static final int MAX_CONTENT_CHARS = 20_000;
    public static final int MAX_CONTENT_BYTES = 1024 * 1024;
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final Duration FORCE_REFRESH_INTERVAL = Duration.ofSeconds(30);
    private static final int FORCE_REFRESHES_A_DAY = 20;
    private static final Duration DEDUP_WINDOW = Duration.ofHours(24);
    private static final Duration RETRY_TOO_FAST = Duration.ofMinutes(1);
    private static final long MAX_HANG_SECONDS = 30;
    private static final Pattern TOKEN_SHAPE = Pattern.compile("\\d{2,3}_[A-Za-z0-9_-]{100,}");
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** The endpoints this server speaks. */
    public enum Api {
        TOKEN("/cgi-bin/token"), STABLE_TOKEN("/cgi-bin/stable_token"), UPLOAD_IMG("/cgi-bin/media/uploadimg"),
        ADD_MATERIAL("/cgi-bin/material/add_material"), DRAFT_ADD("/cgi-bin/draft/add"),
        PUBLISH_SUBMIT("/cgi-bin/freepublish/submit"), PUBLISH_GET("/cgi-bin/freepublish/get"),
        PUBLISH_DELETE("/cgi-bin/freepublish/delete"), MASS_SENDALL("/cgi-bin/message/mass/sendall"),
        MASS_GET("/cgi-bin/message/mass/get"), MASS_DELETE("/cgi-bin/message/mass/delete"),
        TEMPLATE_SEND("/cgi-bin/message/template/send");

        public final String path;

        Api(String path) {
            this.path = path;
        }
    }

    /** What {@code draft/add} does with scripts and foreign images in content. */
    public enum ContentPolicy { REFUSE, FILTER }

    /** WeChat's errmsg for each code this server answers with (WeChat appends " rid: ..."). */
    public static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(-1, "system error"),
            Map.entry(40001, "invalid credential, access_token is invalid or not latest"),
            Map.entry(40002, "invalid grant_type"),
            Map.entry(40003, "invalid openid"),
            Map.entry(40004, "invalid media type"),
            Map.entry(40005, "invalid file type"),
            Map.entry(40007, "invalid media_id"),
            Map.entry(40009, "invalid image size"),
            Map.entry(40013, "invalid appid"),
            Map.entry(40014, "invalid access_token"),
            Map.entry(40037, "invalid template_id"),
            Map.entry(40097, "invalid args"),
            Map.entry(40125, "invalid appsecret"),
            Map.entry(41001, "access_token missing"),
            Map.entry(41002, "appid missing"),
            Map.entry(41004, "appsecret missing"),
            Map.entry(41005, "media data missing"),
            Map.entry(42001, "access_token expired"),
            Map.entry(43002, "require POST method"),
            Map.entry(43004, "require subscribe"),
            Map.entry(43101, "user refuse to accept the msg"),
            Map.entry(44002, "empty post data"),
            Map.entry(44003, "empty news data"),
            Map.entry(45002, "content size out of limit"),
            Map.entry(45003, "title size out of limit"),
            Map.entry(45004, "description size out of limit"),
            Map.entry(45009, "reach max api daily quota limit"),
            Map.entry(45011, "api minute-quota reach limit  mustslower  retry next minute"),
            Map.entry(45028, "has no masssend quota"),
            Map.entry(45047, "out of response count limit"),
            Map.entry(45065, "clientmsgid exist"),
            Map.entry(45066, "same clientmsgid retry too fast"),
            Map.entry(45067, "clientmsgid size out of limit"),
            Map.entry(45159, "invalid tag"),
            Map.entry(45166, "invalid content"),
            Map.entry(47001, "data format error"),
            Map.entry(47003, "argument invalid!"),
            Map.entry(53600, "Article ID 无效"));

    /** One multipart part as received. */
    public record Part(String name, String filename, String contentType, byte[] bytes) {
    }

    /**
     * One request, decoded, and what it was answered.
     *
     * @param json     the body as JSON, or null (GET, multipart, not JSON)
     * @param errcode  0 on success
     */
    public record Call(Instant at, Api api, String method, Map<String, String> query, String accessToken, JsonNode json,
                       List<Part> parts, int errcode, String response) {
    }

    /** An article as stored: content after {@link ContentPolicy#FILTER}, the image URLs it shows, what was filtered. */
    public record Article(String title, String author, String digest, String content, String contentSourceUrl,
                          String thumbMediaId, List<String> images, List<String> removed) {
    }

    /** A publish task; {@code articleId}/{@code articleUrls} once it reached 0, {@code deleted} 1-based indices. */
    public record Publication(String publishId, String draftMediaId, List<Article> articles, int status,
                              List<Integer> failIdx, String articleId, List<String> articleUrls, Set<Integer> deleted) {
    }

    /** A successful mass send. {@code tagId} null when to all; {@code status} SEND_SUCCESS or DELETE. */
    public record MassSend(long msgId, long msgDataId, String clientMsgId, boolean toAll, Long tagId, String msgType,
                           String mediaId, List<Article> articles, Instant at, String status) {
    }

    /** A delete call that succeeded: {@code freepublish/delete} of an article or {@code mass/delete} of a msg_id. */
    public record Deletion(Api api, String id, int index, Instant at) {
    }

    /** A template message that was sent ({@code message/template/send} answered 0); {@code data} keyword → value. */
    public record TemplateSend(long msgId, String toUser, String templateId, String url, String clientMsgId, Map<String, String> data,
                               Instant at) {
    }

    /** A push this server made to the account's callback URL, and what the server there answered. */
    public record Pushed(String event, String openid, String msgId, String status, WeChatServerCallback.Reply reply) {
    }

    private record Token(String value, Instant expiresAt) {
    }

    private record Material(String mediaId, String url, String type, byte[] bytes) {
    }

    private record Draft(String mediaId, List<Article> articles) {
    }

    private static final class Task {
        final String publishId;
        final Draft draft;
        final int finalStatus;
        final List<Integer> failIdx;
        final AtomicInteger pollsLeft;
        volatile String articleId;
        volatile List<String> urls = List.of();
        final Set<Integer> deleted = ConcurrentHashMap.newKeySet();

        Task(String publishId, Draft draft, int finalStatus, List<Integer> failIdx, int polls) {
            this.publishId = publishId;
            this.draft = draft;
            this.finalStatus = finalStatus;
            this.failIdx = failIdx;
            this.pollsLeft = new AtomicInteger(polls);
        }
    }

    /** Answered with an errcode: thrown inside a handler, turned into WeChat's error body. */
    static final class Refusal extends Exception {
        final int code;
        /** What WeChat adds to the errmsg ({@code data.thing1.value invalid}), or null. */
        final String detail;

        Refusal(int code) {
            this(code, null);
        }

        Refusal(int code, String detail) {
            super(null, null, false, false);
            this.code = code;
            this.detail = detail;
        }
    }

    private final String appId;
    private final String secret;
    private final SecureRandom random = new SecureRandom();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenIssues = new AtomicInteger();
    private final Map<String, String> images = new ConcurrentHashMap<>();
    private final Map<String, Material> materials = new ConcurrentHashMap<>();
    private final Map<String, Draft> drafts = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final List<Task> taskOrder = new CopyOnWriteArrayList<>();
    private final Map<Long, MassSend> sends = new ConcurrentHashMap<>();
    private final List<Long> sendOrder = new CopyOnWriteArrayList<>();
    private final List<Deletion> deletions = new CopyOnWriteArrayList<>();
    private final Set<Long> tags = ConcurrentHashMap.newKeySet();
    private final Map<Api, Deque<Integer>> failNext = new EnumMap<>(Api.class);
    private final Map<Api, Integer> failSticky = new ConcurrentHashMap<>();
    private final Map<Api, AtomicInteger> hangs = new ConcurrentHashMap<>();
    private final Deque<int[]> publicationEnds = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong(2_247_483_650L);
    private final WeChatServerTemplates templates = new WeChatServerTemplates(this);
    private final Set<String> blocking = ConcurrentHashMap.newKeySet();
    private final AtomicInteger systemFailures = new AtomicInteger();
    private final List<Pushed> pushes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ExecutorService pusher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "WeChatServer-push");
        t.setDaemon(true);
        return t;
    });
    private volatile WeChatServerCallback callback;
    private volatile CountDownLatch apiHang = new CountDownLatch(1);
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile ContentPolicy contentPolicy = ContentPolicy.REFUSE;
    private volatile int publishingPolls = 1;
    private volatile int massQuota = 1;
    private volatile String currentPlain;
    private volatile String currentStable;
    private volatile Instant lastForceRefresh = Instant.EPOCH;
    private final List<Instant> forceRefreshes = new CopyOnWriteArrayList<>();

    private WeChatServer(String appId, String secret) {
        this.appId = appId;
        this.secret = secret;
    }

    /** Starts a server for one official account. */
    public static WeChatServer start(String appId, String secret) {
        return new WeChatServer(appId, secret);
    }

    /** {@code http://127.0.0.1:port}: what {@code WxMpHostConfig.apiHost} takes. */
    public String baseUrl() {
        return "http://" + address();
    }

    // ---- test API: set-up and switches

    /** A tag mass sends may target. */
    public WeChatServer tag(long tagId) {
        tags.add(tagId);
        return this;
    }

    public WeChatServer contentPolicy(ContentPolicy policy) {
        contentPolicy = policy;
        return this;
    }

    /** How many {@code freepublish/get} polls of a task answer 1 (publishing) before its final status. */
    public WeChatServer publishingPolls(int n) {
        publishingPolls = n;
        return this;
    }

    /** Successful mass sends allowed per Beijing day (1 for a subscription account). */
    public WeChatServer massQuota(int perDay) {
        massQuota = perDay;
        return this;
    }

    /** A follower of the account (template messages reach only followers); pushes {@code subscribe} when a callback is set. */
    public WeChatServer follower(String openid) {
        if (!WeChatServerTemplates.OPENID.matcher(openid).matches()) {
            throw new IllegalArgumentException("an openid is 'o' and 27 letters, digits, - or _: " + openid);
        }
        if (templates.followers.add(openid)) {
            pushEvent(openid, "subscribe", Map.of());
        }
        return this;
    }

    /** The follower leaves: template messages to it answer 43004; pushes {@code unsubscribe} when a callback is set. */
    public WeChatServer unfollow(String openid) {
        if (templates.followers.remove(openid)) {
            pushEvent(openid, "unsubscribe", Map.of());
        }
        return this;
    }

    /** The follower refuses the account's messages: template messages to it answer 43101. */
    public WeChatServer refusesMessages(String openid) {
        templates.refusing.add(openid);
        return this;
    }

    /** A template of the account's library with its keywords in order ({@code thing1}, {@code time2}). */
    public WeChatServer template(String templateId, String... keywords) {
        templates.template(templateId, List.of(keywords));
        return this;
    }

    /** Template messages to this follower are accepted, then end {@code failed:user block} in TEMPLATESENDJOBFINISH. */
    public WeChatServer blocksTemplateMessages(String openid) {
        blocking.add(openid);
        return this;
    }

    /** The next {@code n} accepted template messages end {@code failed: system failed} in TEMPLATESENDJOBFINISH. */
    public WeChatServer systemFailsNext(int n) {
        systemFailures.addAndGet(n);
        return this;
    }

    /**
     * The account's server configuration: events (subscribe, unsubscribe, TEMPLATESENDJOBFINISH after each accepted
     * template message) are pushed to {@code url}, signed with {@code token}, encrypted when {@code encodingAesKey} is
     * given (safe mode), else in plaintext.
     */
    public WeChatServer callback(java.net.URI url, String token, String encodingAesKey) {
        callback = new WeChatServerCallback(url, token, encodingAesKey, appId, accountId());
        return this;
    }

    /** What pushes to the configured callback ({@link #callback(java.net.URI, String, String)}), for tests that craft their own. */
    public WeChatServerCallback callback() {
        if (callback == null) {
            throw new IllegalStateException("no callback configured");
        }
        return callback;
    }

    /** The account's original id ({@code gh_} and 12 hex digits, from the AppID): the ToUserName of its events. */
    public String accountId() {
        return "gh_" + VendorHttp.sha256Hex(appId.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    /** An openid of this account for test person {@code n}: the shape WeChat gives them ('o' and 27 characters). */
    public static String openId(int n) {
        return String.format("oTk5Lt0-%020d", n);
    }

    /** The next submitted publication ends in {@code status} (2, 3, 4 or 6) with these 1-based failed articles. */
    public synchronized WeChatServer nextPublicationEnds(int status, Integer... failIdx) {
        if (!Set.of(2, 3, 4, 6).contains(status)) {
            throw new IllegalArgumentException("a failed publication ends in 2, 3, 4 or 6: " + status);
        }
        int[] end = new int[failIdx.length + 1];
        end[0] = status;
        for (int i = 0; i < failIdx.length; i++) {
            end[i + 1] = failIdx[i];
        }
        publicationEnds.add(end);
        return this;
    }

    /** The next {@code times} calls of {@code api} answer {@code errcode} and do nothing else. */
    public WeChatServer failNext(Api api, int errcode, int times) {
        requireKnown(errcode);
        synchronized (failNext) {
            Deque<Integer> q = failNext.computeIfAbsent(api, a -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                q.add(errcode);
            }
        }
        return this;
    }

    /** Every call of {@code api} answers {@code errcode} until {@link #clearFailures()}. */
    public WeChatServer failUntilCleared(Api api, int errcode) {
        requireKnown(errcode);
        failSticky.put(api, errcode);
        return this;
    }

    public WeChatServer clearFailures() {
        synchronized (failNext) {
            failNext.clear();
        }
        failSticky.clear();
        return this;
    }

    /** The next {@code times} calls of {@code api} are held unanswered until {@link #heal()} (at most 30 s). */
    public WeChatServer hangNext(Api api, int times) {
        hangs.computeIfAbsent(api, a -> new AtomicInteger()).addAndGet(times);
        return this;
    }

    @Override
    public void heal() {
        super.heal();
        CountDownLatch h = apiHang;
        apiHang = new CountDownLatch(1);
        hangs.clear();
        h.countDown();
    }

    /** Every token issued so far is past its time now: the next call with one gets 42001. */
    public void expireTokensNow() {
        Instant now = now();
        tokens.replaceAll((v, t) -> new Token(v, now.minusSeconds(1)));
    }

    /** Moves this server's clock (token lifetimes, the 24-hour de-duplication, the daily quota). */
    public void advance(Duration d) {
        clockOffset = clockOffset.plus(d);
    }

    // ---- test API: what happened

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(Api api) {
        return calls.stream().filter(c -> c.api() == api).toList();
    }

    /** Tokens this server created (a normal-mode stable_token call that returns the current one creates none). */
    public int tokenIssues() {
        return tokenIssues.get();
    }

    /** The stable token a normal-mode call would return now, or null. */
    public String currentStableToken() {
        return currentStable;
    }

    public List<Publication> publications() {
        return taskOrder.stream().map(this::publication).toList();
    }

    /** The articles of publications that reached status 0 and are not deleted. */
    public List<Article> publishedArticles() {
        List<Article> out = new ArrayList<>();
        for (Task t : taskOrder) {
            if (t.articleId != null) {
                for (int i = 0; i < t.draft.articles().size(); i++) {
                    if (!t.deleted.contains(i + 1)) {
                        out.add(t.draft.articles().get(i));
                    }
                }
            }
        }
        return out;
    }

    public List<MassSend> massSends() {
        return sendOrder.stream().map(sends::get).toList();
    }

    public List<Deletion> deletions() {
        return List.copyOf(deletions);
    }

    /** Template messages sent, in order. */
    public List<TemplateSend> templateSends() {
        return templates.sends();
    }

    /** Pushes made to the callback, in order, each with what the server there answered. */
    public List<Pushed> pushes() {
        return List.copyOf(pushes);
    }

    /** The image URLs uploadimg and add_material handed out. */
    public Set<String> imageUrls() {
        return Set.copyOf(images.keySet());
    }

    // ---- the API

    @Override
    void answerStatus(HttpExchange exchange, int status) throws IOException {
        VendorHttp.send(exchange, status, "text/html; charset=utf-8",
                ("<html><head><title>" + status + "</title></head><body><h1>" + status + "</h1></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void handle(HttpExchange exchange, byte[] body) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Api api = Arrays.stream(Api.values()).filter(a -> a.path.equals(path)).findFirst().orElse(null);
        Map<String, String> query = VendorHttp.decodeForm(exchange.getRequestURI().getRawQuery());
        if (api == null) {
            // WeChat answers an unknown path under cgi-bin with 48001 api unauthorized; a test only needs it loud
            VendorHttp.send(exchange, 404, "text/plain; charset=utf-8", ("no such WeChat API: " + path).getBytes(StandardCharsets.UTF_8));
            return;
        }
        holdIfAsked(api);
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        List<Part> parts = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                ? Multipart.parse(contentType, body) : List.of();
        JsonNode json = parts.isEmpty() ? parseJson(body) : null;
        Object answer;
        int errcode = 0;
        try {
            answer = answer(api, exchange.getRequestMethod(), query, body, json, parts);
            if (answer instanceof Map<?, ?> m && m.get("errcode") instanceof Integer code) {
                errcode = code;
            }
        } catch (Refusal r) {
            errcode = r.code;
            answer = error(r.code, r.detail);
        }
        byte[] bytes = VendorHttp.JSON.writeValueAsBytes(answer);
        calls.add(new Call(now(), api, exchange.getRequestMethod(), query, query.get("access_token"), json, parts, errcode,
                new String(bytes, StandardCharsets.UTF_8)));
        VendorHttp.send(exchange, 200, "application/json; encoding=utf-8", bytes);
    }

    private Object answer(Api api, String method, Map<String, String> query, byte[] body, JsonNode json, List<Part> parts) throws Refusal {
        if (api == Api.TOKEN || api == Api.STABLE_TOKEN) {
            switched(api);
            return api == Api.TOKEN ? token(query) : stableToken(method, body, json);
        }
        checkToken(query.get("access_token"));
        switched(api);
        return switch (api) {
            case UPLOAD_IMG -> uploadImg(parts);
            case ADD_MATERIAL -> addMaterial(query.get("type"), parts);
            case DRAFT_ADD -> draftAdd(jsonBody(json, body));
            case PUBLISH_SUBMIT -> submit(jsonBody(json, body));
            case PUBLISH_GET -> publishGet(jsonBody(json, body));
            case PUBLISH_DELETE -> publishDelete(jsonBody(json, body));
            case MASS_SENDALL -> sendAll(jsonBody(json, body));
            case MASS_GET -> massGet(jsonBody(json, body));
            case MASS_DELETE -> massDelete(jsonBody(json, body));
            case TEMPLATE_SEND -> templates.send(jsonBody(json, body));
            default -> throw new IllegalStateException(api.name());
        };
    }

    private void switched(Api api) throws Refusal {
        Integer sticky = failSticky.get(api);
        if (sticky != null) {
            throw new Refusal(sticky);
        }
        Integer next;
        synchronized (failNext) {
            Deque<Integer> q = failNext.get(api);
            next = q == null ? null : q.poll();
        }
        if (next != null) {
            throw new Refusal(next);
        }
    }

    private void holdIfAsked(Api api) {
        AtomicInteger n = hangs.get(api);
        if (n != null && n.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            try {
                apiHang.await(MAX_HANG_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- tokens

    private Object token(Map<String, String> query) throws Refusal {
        credentials(query.get("grant_type"), query.get("appid"), query.get("secret"));
        synchronized (tokens) {
            Instant now = now();
            String previous = currentPlain;
            if (previous != null) {
                tokens.computeIfPresent(previous, (v, t) -> t.expiresAt().isAfter(now.plus(TOKEN_OVERLAP)) ? new Token(v, now.plus(TOKEN_OVERLAP)) : t);
            }
            currentPlain = issue(now);
            return tokenBody(currentPlain, TOKEN_LIFETIME.toSeconds());
        }
    }

    private Object stableToken(String method, byte[] body, JsonNode json) throws Refusal {
        if (!"POST".equals(method)) {
            throw new Refusal(43002);
        }
        JsonNode req = jsonBody(json, body);
        credentials(text(req, "grant_type"), text(req, "appid"), text(req, "secret"));
        boolean force = req.path("force_refresh").asBoolean(false);
        synchronized (tokens) {
            Instant now = now();
            Token current = currentStable == null ? null : tokens.get(currentStable);
            if (force && current != null && Duration.between(lastForceRefresh, now).compareTo(FORCE_REFRESH_INTERVAL) < 0) {
                return tokenBody(current.value(), Duration.between(now, current.expiresAt()).toSeconds());
            }
            if (force) {
                LocalDate today = LocalDate.ofInstant(now, BEIJING);
                if (forceRefreshes.stream().filter(t -> LocalDate.ofInstant(t, BEIJING).equals(today)).count() >= FORCE_REFRESHES_A_DAY) {
                    throw new Refusal(45009);
                }
                forceRefreshes.add(now);
                lastForceRefresh = now;
                if (current != null) {
                    tokens.remove(current.value());
                }
            } else if (current != null && Duration.between(now, current.expiresAt()).compareTo(TOKEN_OVERLAP) > 0) {
                return tokenBody(current.value(), Duration.between(now, current.expiresAt()).toSeconds());
            }
            currentStable = issue(now);
            return tokenBody(currentStable, TOKEN_LIFETIME.toSeconds());
        }
    }

    private void credentials(String grantType, String givenAppId, String givenSecret) throws Refusal {
        if (!"client_credential".equals(grantType)) {
            throw new Refusal(40002);
        }
        if (givenAppId == null || givenAppId.isEmpty()) {
            throw new Refusal(41002);
        }
        if (!appId.equals(givenAppId)) {
            throw new Refusal(40013);
        }
        if (givenSecret == null || givenSecret.isEmpty()) {
            throw new Refusal(41004);
        }
        if (!VendorHttp.sameSignature(secret, givenSecret)) {
            throw new Refusal(40125);
        }
    }

    private String issue(Instant now) {
        // the shape of a real one: "<2-3 digits>_" then ~150 base64url-ish characters
        String value = "97_" + randomText(150);
        tokens.put(value, new Token(value, now.plus(TOKEN_LIFETIME)));
        tokenIssues.incrementAndGet();
        return value;
    }

    private void checkToken(String value) throws Refusal {
        if (value == null || value.isEmpty()) {
            throw new Refusal(41001);
        }
        Token t = tokens.get(value);
        if (t == null) {
            throw new Refusal(TOKEN_SHAPE.matcher(value).matches() ? 40001 : 40014);
        }
        if (!now().isBefore(t.expiresAt())) {
            throw new Refusal(42001);
        }
    }

    private static Map<String, Object> tokenBody(String token, long expiresIn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("expires_in", expiresIn);
        return body;
    }

    // ---- media

    private Object uploadImg(List<Part> parts) throws Refusal {
        Part media = media(parts);
        String kind = Images.kind(media.bytes());
        if (!"jpeg".equals(kind) && !"png".equals(kind)) {
            throw new Refusal(40005);
        }
        if (media.bytes().length >= 1024 * 1024) {
            throw new Refusal(40009);
        }
        String url = imageUrl(kind);
        images.put(url, url);
        return Map.of("url", url);
    }

    private Object addMaterial(String type, List<Part> parts) throws Refusal {
        if (!"image".equals(type) && !"thumb".equals(type)) {
            throw new Refusal(40004);
        }
        Part media = media(parts);
        String kind = Images.kind(media.bytes());
        boolean image = "image".equals(type);
        if (kind == null || (!image && !"jpeg".equals(kind))) {
            throw new Refusal(40005);
        }
        if (media.bytes().length > (image ? 10 * 1024 * 1024 : 64 * 1024)) {
            throw new Refusal(40009);
        }
        String mediaId = randomText(64);
        String url = imageUrl(kind) + "?wx_fmt=" + kind;
        materials.put(mediaId, new Material(mediaId, url, type, media.bytes()));
        images.put(url, url);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("media_id", mediaId);
        body.put("url", url);
        body.put("item", List.of());
        return body;
    }

    private static Part media(List<Part> parts) throws Refusal {
        return parts.stream().filter(p -> "media".equals(p.name()) && p.bytes().length > 0).findFirst()
                .orElseThrow(() -> new Refusal(41005));
    }

    private String imageUrl(String kind) {
        return "http://mmbiz.qpic.cn/sz_mmbiz_" + ("jpeg".equals(kind) ? "jpg" : kind) + "/" + randomText(86) + "/0";
    }

    // ---- drafts and publishing

    private Object draftAdd(JsonNode req) throws Refusal {
        JsonNode list = req.path("articles");
        if (!list.isArray() || list.isEmpty()) {
            throw new Refusal(44003);
        }
        List<Article> articles = new ArrayList<>();
        for (JsonNode a : list) {
            articles.add(article(a));
        }
        String mediaId = randomText(64);
        drafts.put(mediaId, new Draft(mediaId, List.copyOf(articles)));
        return Map.of("media_id", mediaId);
    }

    private Article article(JsonNode a) throws Refusal {
        String title = text(a, "title");
        if (title == null || title.isEmpty() || title.codePointCount(0, title.length()) > 32) {
            throw new Refusal(45003);
        }
        String digest = text(a, "digest");
        if (digest != null && digest.codePointCount(0, digest.length()) > 128) {
            throw new Refusal(45004);
        }
        String content = text(a, "content");
        if (content == null || content.isBlank()) {
            throw new Refusal(44003);
        }
        if (content.length() >= MAX_CONTENT_CHARS || content.getBytes(StandardCharsets.UTF_8).length >= MAX_CONTENT_BYTES) {
            throw new Refusal(45002);
        }
        String thumb = text(a, "thumb_media_id");
        if (thumb == null || !materials.containsKey(thumb)) {
            throw new Refusal(40007);
        }
        Document doc = Jsoup.parseBodyFragment(content);
        List<String> removed = new ArrayList<>();
        for (Element script : doc.select("script")) {
            removed.add(script.outerHtml());
            script.remove();
        }
        for (Element e : doc.getAllElements()) {
            for (var attr : List.copyOf(e.attributes().asList())) {
                if (attr.getKey().toLowerCase(Locale.ROOT).startsWith("on") || attr.getValue().trim().toLowerCase(Locale.ROOT).startsWith("javascript:")) {
                    removed.add(e.tagName() + "@" + attr.getKey());
                    e.removeAttr(attr.getKey());
                }
            }
        }
        List<String> shown = new ArrayList<>();
        for (Element img : doc.select("img")) {
            String src = img.hasAttr("data-src") ? img.attr("data-src") : img.attr("src");
            if (images.containsKey(src)) {
                shown.add(src);
            } else {
                removed.add(img.outerHtml());
                img.remove();
            }
        }
        if (!removed.isEmpty() && contentPolicy == ContentPolicy.REFUSE) {
            throw new Refusal(45166);
        }
        String stored = removed.isEmpty() ? content : doc.body().html();
        return new Article(title, text(a, "author"), digest, stored, text(a, "content_source_url"), thumb, List.copyOf(shown), List.copyOf(removed));
    }

    private Object submit(JsonNode req) throws Refusal {
        Draft draft = drafts.remove(String.valueOf(text(req, "media_id")));
        if (draft == null) {
            throw new Refusal(40007);
        }
        int[] end;
        synchronized (this) {
            end = publicationEnds.poll();
        }
        String publishId = String.valueOf(ids.incrementAndGet());
        List<Integer> failIdx = new ArrayList<>();
        if (end != null) {
            for (int i = 1; i < end.length; i++) {
                failIdx.add(end[i]);
            }
        }
        Task task = new Task(publishId, draft, end == null ? 0 : end[0], List.copyOf(failIdx), publishingPolls);
        tasks.put(publishId, task);
        taskOrder.add(task);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", 0);
        body.put("errmsg", "ok");
        body.put("publish_id", publishId);
        body.put("msg_data_id", ids.incrementAndGet());
        return body;
    }

    private Object publishGet(JsonNode req) throws Refusal {
        Task task = tasks.get(String.valueOf(text(req, "publish_id")));
        if (task == null) {
            throw new Refusal(40097);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("publish_id", task.publishId);
        if (task.pollsLeft.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0) {
            body.put("publish_status", 1);
            body.put("fail_idx", List.of());
            return body;
        }
        if (task.finalStatus != 0) {
            if (task.finalStatus == 6 && task.articleId == null) {
                reach(task);
            }
            body.put("publish_status", task.finalStatus);
            if (task.finalStatus == 6) {
                body.put("article_id", task.articleId);
            }
            body.put("fail_idx", task.failIdx);
            return body;
        }
        if (task.articleId == null) {
            reach(task);
        }
        boolean allDeleted = task.deleted.size() == task.draft.articles().size();
        body.put("publish_status", allDeleted ? 5 : 0);
        body.put("article_id", task.articleId);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < task.urls.size(); i++) {
            items.add(Map.of("idx", i + 1, "article_url", task.urls.get(i)));
        }
        body.put("article_detail", Map.of("count", items.size(), "item", items));
        body.put("fail_idx", List.of());
        return body;
    }

    private synchronized void reach(Task task) {
        if (task.articleId != null) {
            return;
        }
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < task.draft.articles().size(); i++) {
            urls.add("https://mp.weixin.qq.com/s/" + randomText(22));
        }
        task.urls = List.copyOf(urls);
        task.articleId = randomText(43);
    }

    private Object publishDelete(JsonNode req) throws Refusal {
        String articleId = text(req, "article_id");
        Task task = taskOrder.stream().filter(t -> articleId != null && articleId.equals(t.articleId)).findFirst()
                .orElseThrow(() -> new Refusal(53600));
        int index = req.path("index").asInt(0);
        int count = task.draft.articles().size();
        if (index < 0 || index > count) {
            throw new Refusal(40097);
        }
        if (index == 0) {
            for (int i = 1; i <= count; i++) {
                task.deleted.add(i);
            }
        } else {
            task.deleted.add(index);
        }
        deletions.add(new Deletion(Api.PUBLISH_DELETE, articleId, index, now()));
        return ok();
    }

    // ---- mass send

    private Object sendAll(JsonNode req) throws Refusal {
        JsonNode filter = req.path("filter");
        String msgType = text(req, "msgtype");
        if (!filter.isObject() || msgType == null) {
            throw new Refusal(40097);
        }
        String clientMsgId = text(req, "clientmsgid");
        if (clientMsgId != null && clientMsgId.getBytes(StandardCharsets.UTF_8).length > 64) {
            throw new Refusal(45067);
        }
        boolean toAll = filter.path("is_to_all").asBoolean(false);
        Long tagId = toAll || !filter.hasNonNull("tag_id") ? null : filter.path("tag_id").asLong();
        String mediaId = text(req.path(msgType), "media_id");
        synchronized (sends) {
            Instant now = now();
            if (clientMsgId != null) {
                for (Long id : sendOrder) {
                    MassSend earlier = sends.get(id);
                    if (clientMsgId.equals(earlier.clientMsgId()) && Duration.between(earlier.at(), now).compareTo(DEDUP_WINDOW) < 0) {
                        if (Duration.between(earlier.at(), now).compareTo(RETRY_TOO_FAST) < 0) {
                            throw new Refusal(45066);
                        }
                        // an error that carries data: the earlier send's msg_id, as WeChat documents it
                        Map<String, Object> body = error(45065);
                        body.put("msg_id", earlier.msgId());
                        return body;
                    }
                }
            }
            if (!toAll && (tagId == null || !tags.contains(tagId))) {
                throw new Refusal(45159);
            }
            LocalDate today = LocalDate.ofInstant(now, BEIJING);
            long usedToday = sends.values().stream().filter(s -> LocalDate.ofInstant(s.at(), BEIJING).equals(today)).count();
            if (usedToday >= massQuota) {
                throw new Refusal(45028);
            }
            if (!"mpnews".equals(msgType)) {
                throw new Refusal(40097);
            }
            Draft draft = mediaId == null ? null : drafts.remove(mediaId);
            if (draft == null) {
                throw new Refusal(40007);
            }
            long msgId = ids.incrementAndGet();
            long msgDataId = ids.incrementAndGet();
            sends.put(msgId, new MassSend(msgId, msgDataId, clientMsgId, toAll, tagId, msgType, mediaId, draft.articles(), now, "SEND_SUCCESS"));
            sendOrder.add(msgId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errcode", 0);
            body.put("errmsg", "send job submission success");
            body.put("msg_id", msgId);
            body.put("msg_data_id", msgDataId);
            return body;
        }
    }

    private Object massGet(JsonNode req) throws Refusal {
        MassSend send = sends.get(longOf(req.path("msg_id")));
        if (send == null) {
            throw new Refusal(40097);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg_id", send.msgId());
        body.put("msg_status", send.status());
        return body;
    }

    private Object massDelete(JsonNode req) throws Refusal {
        long msgId = longOf(req.path("msg_id"));
        MassSend send = sends.get(msgId);
        int index = req.path("article_idx").asInt(0);
        if (send == null || index < 0 || index > send.articles().size()) {
            throw new Refusal(40097);
        }
        if (index == 0 || send.articles().size() == 1) {
            sends.put(msgId, new MassSend(send.msgId(), send.msgDataId(), send.clientMsgId(), send.toAll(), send.tagId(),
                    send.msgType(), send.mediaId(), send.articles(), send.at(), "DELETE"));
        }
        deletions.add(new Deletion(Api.MASS_DELETE, String.valueOf(msgId), index, now()));
        return ok();
    }

    // ---- template messages: what follows an accepted one

    long nextId() {
        return ids.incrementAndGet();
    }

    /** An accepted template message: its TEMPLATESENDJOBFINISH is pushed soon after, as WeChat does. */
    void sent(TemplateSend send) {
        if (callback == null) {
            return;
        }
        String status = blocking.contains(send.toUser()) ? "failed:user block"
                : systemFailures.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0 ? "failed: system failed" : "success";
        pusher.submit(() -> pushEvent(send.toUser(), "TEMPLATESENDJOBFINISH", Map.of("MsgID", String.valueOf(send.msgId()), "Status", status)));
    }

    /** Pushes one event to the callback (when one is configured) and records the answer. */
    private void pushEvent(String openid, String event, Map<String, String> more) {
        WeChatServerCallback c = callback;
        if (c == null) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (more.containsKey("MsgID")) {
            fields.put("MsgID", more.get("MsgID"));
        }
        more.forEach(fields::putIfAbsent);
        WeChatServerCallback.Reply reply;
        try {
            reply = c.post(c.event(openid, now(), event, fields));
        } catch (RuntimeException e) {
            reply = new WeChatServerCallback.Reply(-1, String.valueOf(e));
        }
        pushes.add(new Pushed(event, openid, fields.get("MsgID"), fields.get("Status"), reply));
    }

    @Override
    public void close() {
        super.close();
        pusher.shutdownNow();
    }

    // ---- helpers

    private Publication publication(Task t) {
        int status;
        if (t.articleId == null) {
            status = t.pollsLeft.get() > 0 || t.finalStatus == 0 ? 1 : t.finalStatus;
        } else if (t.finalStatus != 0) {
            status = t.finalStatus;
        } else {
            status = t.deleted.size() == t.draft.articles().size() ? 5 : 0;
        }
        return new Publication(t.publishId, t.draft.mediaId(), t.draft.articles(), status, t.failIdx, t.articleId, t.urls, Set.copyOf(t.deleted));
    }

    Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private JsonNode jsonBody(JsonNode json, byte[] body) throws Refusal {
        if (body.length == 0) {
            throw new Refusal(44002);
        }
        if (json == null || !json.isObject()) {
            throw new Refusal(47001);
        }
        return json;
    }

    private static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return VendorHttp.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** msg_id as WxJava sends it (a number) or as the docs' examples do (a string of digits); -1 when neither. */
    private static long longOf(JsonNode v) {
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return Long.parseLong(v.asText());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Map<String, Object> ok() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", 0);
        body.put("errmsg", "ok");
        return body;
    }

    private Map<String, Object> error(int code) {
        return error(code, null);
    }

    private Map<String, Object> error(int code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", code);
        body.put("errmsg", ERRORS.get(code) + (detail == null ? "" : " " + detail) + " rid: " + rid());
        return body;
    }

    private String rid() {
        return String.format("%08x-%08x-%08x", random.nextInt(), random.nextInt(), random.nextInt());
    }

    private String randomText(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(B64.charAt(random.nextInt(B64.length())));
        }
        return b.toString();
    }

    private static void requireKnown(int code) {
        if (!ERRORS.containsKey(code)) {
            throw new IllegalArgumentException("not a WeChat code this server knows: " + code);
        }
    }

    /** Image kinds by magic bytes, as WeChat checks them (the filename and Content-Type say nothing). */
    static final class Images {
        private Images() {
        }

        static String kind(byte[] b) {
            if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
                return "jpeg";
            }
            if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                    && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
                return "png";
            }
            if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
                return "gif";
            }
            if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
                return "bmp";
            }
            return null;
        }
    }

    /** multipart/form-data (RFC 7578) as Apache HttpMime writes it, RFC 6532 mode: raw UTF-8 filenames. */
    static final class Multipart {
        private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
        private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
        private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

        private Multipart() {
        }

        static List<Part> parse(String contentType, byte[] body) {
            Matcher m = BOUNDARY.matcher(contentType);
            if (!m.find()) {
                return List.of();
            }
            // Latin-1 maps each byte to one char, so indices in the string are indices in the bytes
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String delimiter = "--" + m.group(1);
            List<Part> parts = new ArrayList<>();
            int at = text.indexOf(delimiter);
            while (at >= 0) {
                int start = at + delimiter.length();
                if (text.startsWith("--", start)) {
                    break;
                }
                start = text.indexOf("\r\n", start) + 2;
                int next = text.indexOf("\r\n" + delimiter, start);
                if (start < 2 || next < 0) {
                    break;
                }
                int headersEnd = text.indexOf("\r\n\r\n", start);
                if (headersEnd < 0 || headersEnd > next) {
                    break;
                }
                String headers = new String(Arrays.copyOfRange(body, start, headersEnd), StandardCharsets.UTF_8);
                String name = null;
                String filename = null;
                String type = null;
                for (String line : headers.split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-disposition:")) {
                        Matcher n = NAME.matcher(line);
                        name = n.find() ? n.group(1) : null;
                        Matcher f = FILENAME.matcher(line);
                        filename = f.find() ? f.group(1) : null;
                    } else if (lower.startsWith("content-type:")) {
                        type = line.substring(line.indexOf(':') + 1).trim();
                    }
                }
                parts.add(new Part(name, filename, type, Arrays.copyOfRange(body, headersEnd + 4, next)));
                at = next + 2;
            }
            return Collections.unmodifiableList(parts);
        }
    }
}

package cn.gongkai.hub.vendor;

import cn.gongkai.hub.vendor.CqCode.Segment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A OneBot 11 implementation's HTTP API (botuniverse/onebot-11: {@code communication/http.md},
 * {@code communication/authorization.md}, {@code api/README.md}, {@code api/public.md}) on a free loopback port, for the
 * QQ transport's tests. What it does as the spec says:
 * <ul>
 *   <li>{@code /:action} (or {@code /:action/}) by GET or POST, parameters from the query, an urlencoded form or a JSON
 *       body; a POST in another Content-Type is 406, a malformed JSON body 400, an unknown action 404.</li>
 *   <li>the access token as {@code Authorization: Bearer <token>} or {@code ?access_token=}: missing is 401, wrong 403.</li>
 *   <li>{@code _async} and {@code _rate_limited} suffixes answer {@code {"status":"async","retcode":1,"data":null}} at
 *       once; the call still runs, {@code _rate_limited} ones one every {@link #rateLimitInterval(Duration)} (500 ms,
 *       the spec's {@code api.rate_limit_interval}). A client cannot learn their outcome: a retry after an async answer
 *       sends the message twice, as with a real implementation.</li>
 *   <li>a string {@code message} is read as CQ codes unless {@code auto_escape} is true; segment arrays and objects are
 *       taken as they are ({@link CqCode}). Both the raw parameter and the segments understood are recorded.</li>
 * </ul>
 * Failures look like go-cqhttp's ({@code coolq/api.go} {@code Failed}): {@code {"status":"failed","retcode":100,
 * "data":null,"msg":"GROUP_NOT_FOUND","wording":"群聊不存在","message":"群聊不存在"}}; retcodes per the CQHTTP v4 table
 * OneBot 11 inherited: 100 bad or missing parameter, 102 invalid data/no permission, 103 operation failed, 104
 * credentials expired, 201 no worker pool; negative values are the QQ client's own codes. A recall of a message older
 * than the recall window (QQ allows 2 minutes) fails with 100 RECALL_API_ERROR. message_id is a signed int32, negative
 * as often as not, as go-cqhttp's hashed ids are. Unlike this server, go-cqhttp runs {@code _async} calls
 * synchronously and answers an unknown action with HTTP 200 and retcode 404.
 */
public final class OneBotServer implements AutoCloseable {
    public static final int OK = 0;
    public static final int ASYNC = 1;
    public static final int BAD_PARAM = 100;
    public static final int INVALID_DATA = 102;
    public static final int OPERATION_FAILED = 103;
    public static final int CREDENTIALS_EXPIRED = 104;
    public static final int BAD_THREAD_POOL = 201;

    public static final long SELF_ID = 3_300_000_001L;
    static final Set<String> ACTIONS = Set.of("send_group_msg", "send_private_msg", "send_msg", "delete_msg", "get_msg",
            "get_login_info");
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Target {
        GROUP, PRIVATE
    }

    public enum Mode {
        SYNC, ASYNC, RATE_LIMITED
    }

    /**
     * A message that went out. {@code raw} is the {@code message} parameter exactly as received (JSON text when it was
     * an array or object), {@code segments} what the implementation understood, {@code plainText} their text.
     */
    public record Sent(int messageId, Target target, long targetId, String action, Mode mode, String raw, boolean autoEscape,
                       List<Segment> segments, String plainText, Instant time, Instant recalledAt) {
        public boolean recalled() {
            return recalledAt != null;
        }

        /** True when the implementation saw nothing but the text it was given: no CQ code, no unescaping. */
        public boolean readAsPlainText() {
            return segments.size() == 1 && segments.get(0).isText() && raw.equals(plainText);
        }
    }

    /** An HTTP request and the answer it got. {@code authorization} is the header as sent, or null. */
    public record Request(String method, String path, String query, String contentType, String authorization,
                          String body, int httpStatus, String response, Instant at) {
    }

    /** An action that ran (at once, or later for {@code _async}/{@code _rate_limited}) and its result. */
    public record Call(String action, Mode mode, int retcode, String msg, Integer messageId, Instant at) {
    }

    private record Result(String status, int retcode, Object data, String msg, String wording) {
        static Result ok(Object data) {
            return new Result("ok", OK, data, null, null);
        }

        static Result failed(int retcode, String msg, String wording) {
            return new Result("failed", retcode, null, msg, wording);
        }
    }

    private record Failure(int retcode, String msg, String wording) {
    }

    private final String accessToken;
    private final HttpServer http;
    private final ExecutorService handlers = Executors.newCachedThreadPool(Smsc.daemon("onebot-http"));
    private final ExecutorService async = Executors.newSingleThreadExecutor(Smsc.daemon("onebot-async"));
    private final ScheduledExecutorService limited = Executors.newSingleThreadScheduledExecutor(Smsc.daemon("onebot-rate-limited"));
    private final Set<Long> groups = ConcurrentHashMap.newKeySet();
    private final Set<Long> friends = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Stored> stored = new ConcurrentHashMap<>();
    private final List<Stored> order = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<Long, Failure> groupFailures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Integer> httpFailures = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Duration> stallsBefore = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Duration> stallsAfter = new ConcurrentLinkedDeque<>();
    private final SplittableRandom ids = new SplittableRandom(20_260_101L);
    private final Set<Integer> usedIds = Collections.synchronizedSet(new HashSet<>());
    private volatile Duration recallWindow = Duration.ofMinutes(2);
    private volatile Duration rateLimitInterval = Duration.ofMillis(500);
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile Instant nextRateLimitedSlot = Instant.EPOCH;

    private OneBotServer(String accessToken) throws IOException {
        this.accessToken = accessToken == null ? "" : accessToken;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Starts a server logged in as {@link #SELF_ID}, in the given groups; an empty token turns authorization off. */
    public static OneBotServer start(String accessToken, long... joinedGroups) {
        try {
            OneBotServer s = new OneBotServer(accessToken);
            for (long g : joinedGroups) {
                s.groups.add(g);
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("OneBot server cannot listen on loopback", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public OneBotServer joinGroup(long groupId) {
        groups.add(groupId);
        return this;
    }

    public OneBotServer addFriend(long userId) {
        friends.add(userId);
        return this;
    }

    /** The next {@code n} requests get HTTP {@code status} (a 502 from a reverse proxy, a 500) and run no action. */
    public OneBotServer failNextRequests(int n, int status) {
        for (int i = 0; i < n; i++) {
            httpFailures.add(status);
        }
        return this;
    }

    /**
     * The next {@code n} requests wait {@code d} before their action runs, as a hung implementation does: a client that
     * timed out has sent nothing yet, but the message still goes out when the stall ends.
     */
    public OneBotServer stallBeforeSending(int n, Duration d) {
        for (int i = 0; i < n; i++) {
            stallsBefore.add(d);
        }
        return this;
    }

    /** The next {@code n} requests run at once but answer {@code d} later: the message is out, the answer late. */
    public OneBotServer stallAfterSending(int n, Duration d) {
        for (int i = 0; i < n; i++) {
            stallsAfter.add(d);
        }
        return this;
    }

    /** Sends to {@code groupId} fail with this retcode, e.g. 100 GROUP_NOT_FOUND or a muted bot's -34. */
    public OneBotServer failGroup(long groupId, int retcode, String msg, String wording) {
        groupFailures.put(groupId, new Failure(retcode, msg, wording));
        return this;
    }

    public OneBotServer healGroup(long groupId) {
        groupFailures.remove(groupId);
        return this;
    }

    /** How long after sending a message delete_msg still recalls it (default 2 minutes, QQ's limit). */
    public OneBotServer recallWindow(Duration d) {
        recallWindow = d;
        return this;
    }

    public OneBotServer rateLimitInterval(Duration d) {
        rateLimitInterval = d;
        return this;
    }

    /** Moves the server's clock forward, for the recall window without waiting two minutes. */
    public OneBotServer passTime(Duration d) {
        clockOffset = clockOffset.plus(d);
        return this;
    }

    /** Makes one message as old as {@code ago}, so only it falls outside the recall window. */
    public OneBotServer sentAgo(int messageId, Duration ago) {
        Stored s = stored.get(messageId);
        if (s == null) {
            throw new IllegalArgumentException("no message " + messageId);
        }
        s.time = now().minus(ago);
        return this;
    }

    /** Every message sent, in order, with recalled ones marked. */
    public List<Sent> sent() {
        return order.stream().map(Stored::snapshot).toList();
    }

    public List<Sent> groupMessages(long groupId) {
        return sent().stream().filter(s -> s.target() == Target.GROUP && s.targetId() == groupId).toList();
    }

    /** Messages of the group still showing (not recalled). */
    public List<Sent> visibleIn(long groupId) {
        return groupMessages(groupId).stream().filter(s -> !s.recalled()).toList();
    }

    public List<Sent> recalled() {
        return sent().stream().filter(Sent::recalled).toList();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        http.stop(0);
        handlers.shutdownNow();
        async.shutdownNow();
        limited.shutdownNow();
    }

    private Instant now() {
        return Clock.systemUTC().instant().plus(clockOffset);
    }

    private void handle(HttpExchange ex) {
        try {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Answer a = answer(method, path, rawQuery, contentType, auth, body);
            requests.add(new Request(method, path, rawQuery, contentType, auth, body, a.status, a.body, Instant.now()));
            if (a.stallAfter != null) {
                pause(a.stallAfter);
            }
            byte[] bytes = a.body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", a.status == 200 ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
            ex.sendResponseHeaders(a.status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the client gave up (a timeout): nothing to answer
        } finally {
            ex.close();
        }
    }

    private record Answer(int status, String body, Duration stallAfter) {
    }

    private Answer answer(String method, String path, String rawQuery, String contentType, String auth, String body) {
        Integer fail = httpFailures.poll();
        if (fail != null) {
            return new Answer(fail, fail + " " + (fail == 502 ? "Bad Gateway" : "Server Error"), null);
        }
        Duration before = stallsBefore.poll();
        if (before != null) {
            pause(before);
        }
        Map<String, String> query = form(rawQuery);
        int authStatus = checkAuth(auth, query.get("access_token"));
        if (authStatus != 200) {
            return new Answer(authStatus, "", null);
        }
        if (!"GET".equals(method) && !"POST".equals(method)) {
            return new Answer(404, "", null);
        }
        JsonNode json = null;
        Map<String, String> form = Map.of();
        if ("POST".equals(method)) {
            String ct = contentType == null ? "" : contentType.toLowerCase();
            if (ct.startsWith("application/json")) {
                try {
                    json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    return new Answer(400, "", null);
                }
                if (!json.isObject()) {
                    return new Answer(400, "", null);
                }
            } else if (ct.startsWith("application/x-www-form-urlencoded")) {
                form = form(body);
            } else {
                return new Answer(406, "", null);
            }
        }
        String action = path.replaceAll("^/+", "").replaceAll("/+$", "");
        Mode mode = Mode.SYNC;
        if (action.endsWith("_async")) {
            mode = Mode.ASYNC;
            action = action.substring(0, action.length() - "_async".length());
        } else if (action.endsWith("_rate_limited")) {
            mode = Mode.RATE_LIMITED;
            action = action.substring(0, action.length() - "_rate_limited".length());
        }
        if (!ACTIONS.contains(action)) {
            return new Answer(404, "", null);
        }
        Params p = new Params(json, form, query);
        JsonNode echo = p.get("echo");
        String name = action;
        Result r;
        if (mode == Mode.ASYNC) {
            Mode m = mode;
            async.execute(() -> run(name, m, p));
            r = new Result("async", ASYNC, null, null, null);
        } else if (mode == Mode.RATE_LIMITED) {
            Mode m = mode;
            limited.schedule(() -> run(name, m, p), rateLimitedDelay(), TimeUnit.MILLISECONDS);
            r = new Result("async", ASYNC, null, null, null);
        } else {
            r = run(action, mode, p);
        }
        return new Answer(200, render(r, echo), stallsAfter.poll());
    }

    private synchronized long rateLimitedDelay() {
        Instant now = Instant.now();
        Instant slot = nextRateLimitedSlot.isAfter(now) ? nextRateLimitedSlot : now;
        nextRateLimitedSlot = slot.plus(rateLimitInterval);
        return Duration.between(now, slot).toMillis();
    }

    private int checkAuth(String header, String queryToken) {
        if (accessToken.isEmpty()) {
            return 200;
        }
        String given;
        if (header != null) {
            given = header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : header;
        } else {
            given = queryToken;
        }
        if (given == null || given.isEmpty()) {
            return 401;
        }
        return accessToken.equals(given) ? 200 : 403;
    }

    private Result run(String action, Mode mode, Params p) {
        Result r;
        switch (action) {
            case "send_group_msg":
                r = send(Target.GROUP, p.longParam("group_id"), action, mode, p);
                break;
            case "send_private_msg":
                r = send(Target.PRIVATE, p.longParam("user_id"), action, mode, p);
                break;
            case "send_msg": {
                String type = p.text("message_type");
                boolean group = type == null ? p.get("group_id") != null : type.equals("group");
                r = group ? send(Target.GROUP, p.longParam("group_id"), action, mode, p)
                        : send(Target.PRIVATE, p.longParam("user_id"), action, mode, p);
                break;
            }
            case "delete_msg":
                r = delete(p.intParam("message_id"));
                break;
            case "get_msg":
                r = get(p.intParam("message_id"));
                break;
            case "get_login_info":
                r = Result.ok(Map.of("user_id", SELF_ID, "nickname", "公开办"));
                break;
            default:
                r = Result.failed(BAD_PARAM, "API_NOT_FOUND", "API不存在");
        }
        Integer id = r.data instanceof Map<?, ?> m && m.get("message_id") instanceof Integer i ? i : null;
        calls.add(new Call(action, mode, r.retcode, r.msg, id, Instant.now()));
        return r;
    }

    private Result send(Target target, Long id, String action, Mode mode, Params p) {
        if (target == Target.GROUP) {
            if (id == null || !groups.contains(id)) {
                return Result.failed(BAD_PARAM, "GROUP_NOT_FOUND", "群聊不存在");
            }
            Failure f = groupFailures.get(id);
            if (f != null) {
                return Result.failed(f.retcode, f.msg, f.wording);
            }
        } else if (id == null || !friends.contains(id)) {
            return Result.failed(BAD_PARAM, "FRIEND_NOT_FOUND", "好友不存在");
        }
        JsonNode message = p.get("message");
        boolean autoEscape = p.bool("auto_escape");
        String raw;
        List<Segment> segments;
        if (message == null || message.isNull() || message.isTextual() && message.asText().isEmpty()) {
            return Result.failed(BAD_PARAM, "EMPTY_MSG_ERROR", "消息为空");
        }
        if (message.isTextual()) {
            raw = message.asText();
            segments = autoEscape ? List.of(Segment.text(raw)) : CqCode.parse(raw);
        } else {
            raw = message.toString();
            segments = segments(message);
            if (segments == null) {
                return Result.failed(BAD_PARAM, "INVALID_MESSAGE", "消息段格式错误");
            }
            if (segments.isEmpty()) {
                return Result.failed(BAD_PARAM, "EMPTY_MSG_ERROR", "消息为空");
            }
        }
        int messageId = newId();
        Stored s = new Stored(messageId, target, id, action, mode, raw, autoEscape, List.copyOf(segments), now());
        stored.put(messageId, s);
        order.add(s);
        return Result.ok(Map.of("message_id", messageId));
    }

    private static List<Segment> segments(JsonNode message) {
        List<JsonNode> nodes = new ArrayList<>();
        if (message.isArray()) {
            message.forEach(nodes::add);
        } else if (message.isObject()) {
            nodes.add(message);
        } else {
            return null;
        }
        List<Segment> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            JsonNode type = n.get("type");
            JsonNode data = n.get("data");
            if (type == null || !type.isTextual() || data != null && !data.isObject() && !data.isNull()) {
                return null;
            }
            Map<String, String> d = new LinkedHashMap<>();
            if (data != null && data.isObject()) {
                data.fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            }
            out.add(new Segment(type.asText(), d));
        }
        return out;
    }

    private Result delete(Integer messageId) {
        Stored s = messageId == null ? null : stored.get(messageId);
        if (s == null) {
            return Result.failed(BAD_PARAM, "MESSAGE_NOT_FOUND", "消息不存在");
        }
        synchronized (s) {
            if (s.recalledAt != null) {
                return Result.failed(BAD_PARAM, "RECALL_API_ERROR", "消息已撤回");
            }
            if (Duration.between(s.time, now()).compareTo(recallWindow) > 0) {
                return Result.failed(BAD_PARAM, "RECALL_API_ERROR", "recall error: message is older than "
                        + recallWindow.toSeconds() + " seconds");
            }
            s.recalledAt = now();
        }
        return Result.ok(null);
    }

    private Result get(Integer messageId) {
        Stored s = messageId == null ? null : stored.get(messageId);
        if (s == null) {
            return Result.failed(BAD_PARAM, "MESSAGE_NOT_FOUND", "消息不存在");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", s.time.getEpochSecond());
        data.put("message_type", s.target == Target.GROUP ? "group" : "private");
        data.put("message_id", s.messageId);
        data.put("real_id", s.messageId);
        if (s.target == Target.GROUP) {
            data.put("group_id", s.targetId);
        }
        data.put("sender", Map.of("user_id", SELF_ID, "nickname", "公开办"));
        data.put("message", s.segments.stream().map(seg -> Map.of("type", seg.type(), "data", seg.data())).toList());
        return Result.ok(data);
    }

    private synchronized int newId() {
        while (true) {
            int id = ids.nextInt();
            if (id != 0 && usedIds.add(id)) {
                return id;
            }
        }
    }

    private static String render(Result r, JsonNode echo) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status);
        out.put("retcode", r.retcode);
        out.put("data", r.data);
        if ("failed".equals(r.status)) {
            out.put("msg", r.msg);
            out.put("wording", r.wording);
            out.put("message", r.wording);
        } else {
            out.put("message", "");
        }
        if (echo != null) {
            out.put("echo", echo);
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static void pause(Duration d) {
        try {
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS))
                    .get(d.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a stall is best effort
        }
    }

    /** Parameters the way go-cqhttp's httpCtx looks them up: JSON body, then form, then query; form and query strings
     * that hold JSON are read as JSON (a message array sent as a form field). */
    private record Params(JsonNode json, Map<String, String> form, Map<String, String> query) {
        JsonNode get(String name) {
            if (json != null && json.has(name)) {
                return json.get(name);
            }
            String v = form.containsKey(name) ? form.get(name) : query.get(name);
            if (v == null) {
                return null;
            }
            if (v.startsWith("{") || v.startsWith("[")) {
                try {
                    return JSON.readTree(v);
                } catch (JsonProcessingException e) {
                    return TextNode.valueOf(v);
                }
            }
            return TextNode.valueOf(v);
        }

        String text(String name) {
            JsonNode n = get(name);
            return n == null || n.isNull() ? null : n.asText();
        }

        Long longParam(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber()) {
                return n.asLong();
            }
            if (n.isTextual() && n.asText().matches("\\d{1,19}")) {
                return Long.parseLong(n.asText());
            }
            return null;
        }

        Integer intParam(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber() && n.canConvertToInt()) {
                return n.asInt();
            }
            if (n.isTextual() && n.asText().matches("-?\\d{1,10}")) {
                try {
                    return Integer.parseInt(n.asText());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        boolean bool(String name) {
            JsonNode n = get(name);
            if (n == null || n.isNull()) {
                return false;
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            if (n.isNumber()) {
                return n.asInt() != 0;
            }
            String t = n.asText();
            return t.equalsIgnoreCase("true") || t.equals("1");
        }
    }

    private static final class Stored {
        final int messageId;
        final Target target;
        final long targetId;
        final String action;
        final Mode mode;
        final String raw;
        final boolean autoEscape;
        final List<Segment> segments;
        volatile Instant time;
        volatile Instant recalledAt;

        Stored(int messageId, Target target, long targetId, String action, Mode mode, String raw, boolean autoEscape,
               List<Segment> segments, Instant time) {
            this.messageId = messageId;
            this.target = target;
            this.targetId = targetId;
            this.action = action;
            this.mode = mode;
            this.raw = raw;
            this.autoEscape = autoEscape;
            this.segments = segments;
            this.time = time;
        }

        Sent snapshot() {
            return new Sent(messageId, target, targetId, action, mode, raw, autoEscape, segments,
                    CqCode.plainText(segments), time, recalledAt);
        }
    }
}

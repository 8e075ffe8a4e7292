package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.delivery.DeliveryRecord;
import cn.gongkai.hub.delivery.DeliveryState;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.Action;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * QQ group messages through a OneBot 11 implementation's HTTP API ({@code POST /send_group_msg}, botuniverse/onebot-11
 * {@code api/public.md}, {@code communication/http.md}), and targeted notices to one person's QQ number
 * ({@code POST /send_private_msg}, {@code user_id}), with the JDK's HTTP client: one JSON call per group or person, the
 * access token as {@code Authorization: Bearer}, {@code auto_escape: true} so item text is never read as CQ codes.
 * The {@code message_id} answered is the delivery's reference (for {@code delete_msg} when an item is withdrawn).
 *
 * <p>What each answer means, for a message that must never reach a group twice without a person knowing:
 * <ul>
 *   <li>{@code status: ok}, retcode 0 → SENT.</li>
 *   <li>{@code status: failed} with a retcode → FAILED with the implementation's {@code msg}/{@code wording} (group not
 *       found, bot muted: a person must act); except 201 (no worker free), which is retried, and 104 (the QQ login
 *       expired), which stops the whole transport until someone logs the bot in.</li>
 *   <li>HTTP 5xx (the implementation's QQ client is offline, a proxy's 502), connection refused, a connect timeout →
 *       not sent: retried later.</li>
 *   <li>HTTP 401/403 (token missing or wrong), 404 (not a OneBot API at that address) → the transport cannot work until
 *       someone fixes the config: the whole batch waits and is retried.</li>
 *   <li>No answer in time after the request went, or {@code status: async} (the implementation queued the message for
 *       later and gives no id) → IN_DOUBT: it most likely reaches the group; resending would post it twice, so a person
 *       decides. The issue asked for a retry here; OneBot runs an async action anyway, so a retry is a duplicate.</li>
 * </ul>
 *
 * <p><b>Withdrawal</b>: {@code POST /delete_msg {message_id}} for each message this transport posted to the group for
 * the withdrawn versions (the {@code message_id} recorded as the publish delivery's reference). QQ recalls a message
 * only within {@link #RECALL_WINDOW} of sending and implementations answer {@code status: failed} after it: such a
 * message stays in the group and the withdrawal ends FAILED "too old to recall" for a person to post a correction.
 * Any other failed answer ends FAILED with the implementation's words; HTTP 5xx, a refused connection or a timeout is
 * retried (a recall is harmless to repeat: at worst the retry is told the message is already gone); a publication
 * still being sent makes the recall wait for it. A publication IN_DOUBT or sent through another transport has no
 * {@code message_id}: FAILED, saying so.
 */
@Singleton
@Named("onebot")
@Requires(property = "hub.channels.qq.selected.onebot", value = "true")
public class OneBotTransport implements QqTransport {
    private static final Logger LOG = LoggerFactory.getLogger(OneBotTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** go-cqhttp's "no worker pool free": nothing was done, try again. */
    static final int RETCODE_BUSY = 201;
    /** The QQ client's login expired: nothing goes to any group until someone logs the bot in again. */
    static final int RETCODE_CREDENTIALS_EXPIRED = 104;

    /** How long after sending QQ still lets the sender recall a message. */
    static final Duration RECALL_WINDOW = Duration.ofMinutes(2);

    private final OneBotConfig config;
    private final DeliveryStore deliveries;
    private final URI sendGroupMsg;
    private final URI sendPrivateMsg;
    private final URI deleteMsg;
    private final HttpClient http;
    private final AtomicBoolean down = new AtomicBoolean();

    public OneBotTransport(OneBotConfig config, DeliveryStore deliveries) {
        this.config = config;
        this.deliveries = deliveries;
        this.sendGroupMsg = URI.create(config.url().replaceAll("/+$", "") + "/send_group_msg");
        this.sendPrivateMsg = URI.create(config.url().replaceAll("/+$", "") + "/send_private_msg");
        this.deleteMsg = URI.create(config.url().replaceAll("/+$", "") + "/delete_msg");
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "onebot";
    }

    @Override
    public boolean resendSafe() {
        return false;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<QqMessage>> batch) throws ChannelUnavailableException {
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        int sent = 0;
        for (int i = 0; i < batch.size(); i++) {
            Addressed<QqMessage> a = batch.get(i);
            String id = a.delivery().id();
            long groupId;
            try {
                groupId = Long.parseLong(a.delivery().target().address());
            } catch (NumberFormatException e) {
                out.add(DeliveryOutcome.rejected(id, "target " + a.delivery().target().id() + ": group id '"
                        + a.delivery().target().address() + "' is not a number"));
                continue;
            }
            try {
                DeliveryOutcome o = a.message().withdrawal() ? recall(a.delivery(), groupId) : sendOne(id, groupId, a.message());
                out.add(o);
                if (o.isSent()) {
                    sent++;
                }
            } catch (ChannelUnavailableException e) {
                if (out.stream().noneMatch(o -> o.isSent() || o.kind() == DeliveryOutcome.Kind.IN_DOUBT)) {
                    throw e;
                }
                // some went out: the rest of the batch waits for the next try
                for (int j = i; j < batch.size(); j++) {
                    out.add(DeliveryOutcome.unavailable(batch.get(j).delivery().id(), e.getMessage()));
                }
                break;
            }
        }
        if (down.compareAndSet(true, false)) {
            LOG.info("OneBot at {} answers again", config.url());
        }
        LOG.info("qq via onebot: {} of {} group {} done", sent, batch.size(),
                !batch.isEmpty() && batch.get(0).message().withdrawal() ? "recalls" : "messages");
        return out;
    }

    private DeliveryOutcome sendOne(String deliveryId, long groupId, QqMessage message) throws ChannelUnavailableException {
        Map<String, Object> params = new LinkedHashMap<>();
        // a targeted notice goes to one person (send_private_msg, user_id); the number is then a QQ number, not a group
        params.put(message.person() ? "user_id" : "group_id", groupId);
        params.put("message", message.text());
        params.put("auto_escape", true);
        HttpRequest.Builder req = request(message.person() ? sendPrivateMsg : sendGroupMsg);
        String api = message.person() ? "send_private_msg" : "send_group_msg";
        // a person's QQ number is personal data: reasons and logs do not carry it
        String where = message.person() ? "the subscriber's QQ" : "group " + groupId;
        HttpResponse<String> res;
        try {
            res = http.send(req.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(params))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unavailable("cannot connect to OneBot at " + config.url() + " (" + e.getClass().getSimpleName() + ")");
        } catch (HttpTimeoutException e) {
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot did not answer " + api + " within " + config.timeout().toSeconds()
                    + " s after the request was sent: the message may be in group " + groupId + "; not resent");
        } catch (IOException e) {
            // the connection broke: whether the implementation read the request cannot be known
            return DeliveryOutcome.inDoubt(deliveryId, "the connection to OneBot broke during " + api + " (" + e.getMessage()
                    + "): the message may be in group " + groupId + "; not resent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.inDoubt(deliveryId, "interrupted while OneBot was sending to " + where);
        }
        int status = res.statusCode();
        if (status == 401 || status == 403) {
            throw unavailable("OneBot at " + config.url() + " refused the access token (HTTP " + status + "): set ONEBOT_ACCESS_TOKEN"
                    + " to the implementation's access_token");
        }
        if (status == 404 || status == 405 || status == 406) {
            throw unavailable("OneBot at " + config.url() + " answered HTTP " + status + " to send_group_msg: is qq.yml onebot.url"
                    + " the implementation's HTTP API address?");
        }
        if (status >= 500) {
            return DeliveryOutcome.unavailable(deliveryId, "OneBot answered HTTP " + status + " (its QQ client may be offline)");
        }
        if (status != 200) {
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot answered HTTP " + status + " to " + api + " for " + where);
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (IOException e) {
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot's answer is not JSON: " + abbreviate(res.body()));
        }
        String st = body.path("status").asText("");
        int retcode = body.path("retcode").asInt(-1);
        if ("ok".equals(st) && retcode == 0) {
            JsonNode mid = body.path("data").path("message_id");
            if (mid.isMissingNode() || mid.isNull()) {
                return DeliveryOutcome.inDoubt(deliveryId, "OneBot answered ok without a message_id for " + where);
            }
            return DeliveryOutcome.sent(new Receipt(deliveryId, 1, 1, mid.asText()));
        }
        if ("async".equals(st)) {
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot queued the message for later (status async) and gave no message_id:"
                    + " it most likely reaches " + where + "; not resent");
        }
        String why = "retcode " + retcode + describe(body);
        if (retcode == RETCODE_CREDENTIALS_EXPIRED) {
            throw unavailable("OneBot's QQ login has expired (" + why + "): log the bot's QQ account in again");
        }
        if (retcode == RETCODE_BUSY) {
            return DeliveryOutcome.unavailable(deliveryId, "OneBot is busy (" + why + ")");
        }
        return DeliveryOutcome.rejected(deliveryId, "OneBot refused " + api + " to " + where + ": " + why);
    }

    private DeliveryOutcome recall(Delivery d, long groupId) throws ChannelUnavailableException {
        List<DeliveryRecord> published = new ArrayList<>();
        for (int v = d.version(); v >= 1; v--) {
            deliveries.find(DeliveryStore.deliveryId(QqChannel.NAME, d.itemId(), v, Action.PUBLISH.wire(), d.target().id()))
                    .ifPresent(published::add);
        }
        for (DeliveryRecord r : published) {
            if (!r.state().terminal()) {
                return DeliveryOutcome.unavailable(d.id(), "the publication of v" + r.version() + " to group " + groupId
                        + " is still " + r.state() + ": the recall waits for it");
            }
        }
        List<String> recalled = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DeliveryRecord r : published) {
            if (r.state() == DeliveryState.IN_DOUBT) {
                problems.add("the publication of v" + r.version() + " is in doubt and has no message_id: look in group " + groupId
                        + " and recall it by hand");
            } else if (r.state() == DeliveryState.SENT && (!name().equals(r.transport()) || !isMessageId(r.reference()))) {
                problems.add("v" + r.version() + " went out through " + r.transport() + ", not OneBot: no message_id to recall");
            } else if (r.state() == DeliveryState.SENT) {
                String problem = deleteOne(d.id(), groupId, r);
                if (problem == null) {
                    recalled.add(r.reference());
                } else {
                    problems.add(problem);
                }
            }
        }
        if (recalled.isEmpty() && problems.isEmpty()) {
            return DeliveryOutcome.rejected(d.id(), "no message of this item was posted to group " + groupId + ": nothing to recall");
        }
        if (!problems.isEmpty()) {
            return DeliveryOutcome.rejected(d.id(), String.join("; ", problems)
                    + (recalled.isEmpty() ? "" : "; recalled message " + String.join(", ", recalled)));
        }
        return DeliveryOutcome.sent(new Receipt(d.id(), 1, recalled.size(), "recalled " + String.join(",", recalled)));
    }

    /** One {@code delete_msg}: null when recalled, else why not. */
    private String deleteOne(String deliveryId, long groupId, DeliveryRecord published) throws ChannelUnavailableException {
        long messageId = Long.parseLong(published.reference());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("message_id", messageId);
        params.put("echo", deliveryId);
        HttpResponse<String> res;
        try {
            res = http.send(request(deleteMsg).POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(params))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unavailable("cannot connect to OneBot at " + config.url() + " (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new ChannelUnavailableException("OneBot did not answer delete_msg of message " + messageId + " ("
                    + e.getClass().getSimpleName() + "): the recall is tried again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableException("interrupted while OneBot was recalling message " + messageId);
        }
        int status = res.statusCode();
        if (status == 401 || status == 403) {
            throw unavailable("OneBot at " + config.url() + " refused the access token (HTTP " + status + "): set ONEBOT_ACCESS_TOKEN"
                    + " to the implementation's access_token");
        }
        if (status != 200) {
            throw new ChannelUnavailableException("OneBot answered HTTP " + status + " to delete_msg of message " + messageId);
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (IOException e) {
            throw new ChannelUnavailableException("OneBot's answer to delete_msg is not JSON: " + abbreviate(res.body()));
        }
        int retcode = body.path("retcode").asInt(-1);
        if ("ok".equals(body.path("status").asText("")) && retcode == 0) {
            return null;
        }
        String why = "retcode " + retcode + describe(body);
        if (retcode == RETCODE_CREDENTIALS_EXPIRED) {
            throw unavailable("OneBot's QQ login has expired (" + why + "): log the bot's QQ account in again");
        }
        if (retcode == RETCODE_BUSY || "async".equals(body.path("status").asText(""))) {
            throw new ChannelUnavailableException("OneBot did not run delete_msg now (" + why + ")");
        }
        Instant sentAt = instant(published.sentAt());
        if (sentAt == null || Duration.between(sentAt, Instant.now()).compareTo(RECALL_WINDOW) > 0) {
            return "message " + messageId + " in group " + groupId + " is too old to recall (sent " + published.sentAt()
                    + "; QQ recalls within " + RECALL_WINDOW.toMinutes() + " minutes; OneBot: " + why + "): post a correction";
        }
        return "OneBot could not recall message " + messageId + " in group " + groupId + ": " + why;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8");
        if (config.accessToken() != null && !config.accessToken().isBlank()) {
            req.header("Authorization", "Bearer " + config.accessToken().strip());
        }
        return req;
    }

    private static boolean isMessageId(String reference) {
        return reference != null && reference.matches("-?[0-9]{1,19}");
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private ChannelUnavailableException unavailable(String reason) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("QQ messages wait: {}", reason);
        }
        return new ChannelUnavailableException(reason);
    }

    private static String describe(JsonNode body) {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("msg", "wording")) {
            String v = body.path(f).asText("");
            if (!v.isBlank() && sb.indexOf(v) < 0) {
                sb.append(' ').append(v);
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}

package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * QQ group messages through a OneBot 11 implementation's HTTP API ({@code POST /send_group_msg}, botuniverse/onebot-11
 * {@code api/public.md}, {@code communication/http.md}), with the JDK's HTTP client: one JSON call per group, the
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

    private final OneBotConfig config;
    private final URI sendGroupMsg;
    private final HttpClient http;
    private final AtomicBoolean down = new AtomicBoolean();

    public OneBotTransport(OneBotConfig config) {
        this.config = config;
        this.sendGroupMsg = URI.create(config.url().replaceAll("/+$", "") + "/send_group_msg");
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
                DeliveryOutcome o = sendOne(id, groupId, a.message());
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
        LOG.info("qq via onebot: {} of {} group messages sent", sent, batch.size());
        return out;
    }

    private DeliveryOutcome sendOne(String deliveryId, long groupId, QqMessage message) throws ChannelUnavailableException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("group_id", groupId);
        params.put("message", message.text());
        params.put("auto_escape", true);
        HttpRequest.Builder req = HttpRequest.newBuilder(sendGroupMsg).timeout(config.timeout())
                .header("Content-Type", "application/json; charset=utf-8");
        if (config.accessToken() != null && !config.accessToken().isBlank()) {
            req.header("Authorization", "Bearer " + config.accessToken().strip());
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(params))).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unavailable("cannot connect to OneBot at " + config.url() + " (" + e.getClass().getSimpleName() + ")");
        } catch (HttpTimeoutException e) {
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot did not answer send_group_msg within " + config.timeout().toSeconds()
                    + " s after the request was sent: the message may be in group " + groupId + "; not resent");
        } catch (IOException e) {
            // the connection broke: whether the implementation read the request cannot be known
            return DeliveryOutcome.inDoubt(deliveryId, "the connection to OneBot broke during send_group_msg (" + e.getMessage()
                    + "): the message may be in group " + groupId + "; not resent");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.inDoubt(deliveryId, "interrupted while OneBot was sending to group " + groupId);
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
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot answered HTTP " + status + " to send_group_msg for group " + groupId);
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
                return DeliveryOutcome.inDoubt(deliveryId, "OneBot answered ok without a message_id for group " + groupId);
            }
            return DeliveryOutcome.sent(new Receipt(deliveryId, 1, 1, mid.asText()));
        }
        if ("async".equals(st)) {
            return DeliveryOutcome.inDoubt(deliveryId, "OneBot queued the message for later (status async) and gave no message_id:"
                    + " it most likely reaches group " + groupId + "; not resent");
        }
        String why = "retcode " + retcode + describe(body);
        if (retcode == RETCODE_CREDENTIALS_EXPIRED) {
            throw unavailable("OneBot's QQ login has expired (" + why + "): log the bot's QQ account in again");
        }
        if (retcode == RETCODE_BUSY) {
            return DeliveryOutcome.unavailable(deliveryId, "OneBot is busy (" + why + ")");
        }
        return DeliveryOutcome.rejected(deliveryId, "OneBot refused send_group_msg to group " + groupId + ": " + why);
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

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.delivery.Receipts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vendor's batch push of delivery receipts (a JSON array, one report per message), recorded on the deliveries the
 * reports name through {@link Receipts}. Anyone can POST to the callback URL, so when the vendor's
 * {@code callback-token} is set a push must carry it as {@code ?token=}; the comparison takes the same time whatever
 * the token given. The answer is always in the vendor's own shape: the vendor reads its zero code as "received" and
 * pushes again otherwise.
 */
public abstract class SmsReceiptPush {
    private static final Logger LOG = LoggerFactory.getLogger(SmsReceiptPush.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Both vendors date reports in Beijing time, {@code yyyy-MM-dd HH:mm:ss}. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What the callback answers: an HTTP status and the vendor's reply body. */
    public record Answer(int status, Map<String, Object> body) {
    }

    /** One report: the reference of the message it is about and what it says. */
    record Report(String reference, DeliveryReceipt receipt) {
    }

    private final String transport;
    private final String token;
    private final Receipts receipts;

    SmsReceiptPush(String transport, String token, Receipts receipts) {
        this.transport = transport;
        this.token = token == null ? "" : token;
        this.receipts = receipts;
    }

    /** One report of the batch, or null when it lacks what names a message. */
    abstract Report report(JsonNode entry);

    /** The vendor's reply: {@code code} 0 means received. */
    abstract Map<String, Object> reply(int code, String message);

    /**
     * Takes one push.
     *
     * @param givenToken the {@code token} query parameter, or null
     * @param from       the sender's address, for the log
     */
    public Answer receive(String givenToken, byte[] body, String from) {
        if (!token.isEmpty() && !sameToken(token, givenToken)) {
            LOG.warn("Refused a {} receipt push from {}: {}", transport, from,
                    givenToken == null || givenToken.isEmpty() ? "no ?token= given" : "wrong ?token=");
            return new Answer(403, reply(403, "token required: the callback URL must carry ?token=<callback-token>"));
        }
        JsonNode batch;
        try {
            batch = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            batch = null;
        }
        if (batch == null || !batch.isArray()) {
            LOG.warn("Refused a {} receipt push from {}: the body is not a JSON array of reports", transport, from);
            return new Answer(400, reply(400, "the body must be a JSON array of reports"));
        }
        int recorded = 0;
        int early = 0;
        int unreadable = 0;
        for (JsonNode entry : batch) {
            Report r = entry.isObject() ? report(entry) : null;
            if (r == null) {
                unreadable++;
                continue;
            }
            if (receipts.report(SmsChannel.NAME, transport, r.reference(), r.receipt()) == Receipts.Recorded.RECORDED) {
                recorded++;
            } else {
                early++;
            }
        }
        if (unreadable > 0) {
            LOG.warn("{} receipt push from {}: {} of {} reports name no message and were skipped", transport, from, unreadable, batch.size());
        }
        LOG.info("{} receipts: {} recorded, {} kept until their send is recorded", transport, recorded, early);
        return new Answer(200, reply(0, null));
    }

    /** Equal tokens, compared as SHA-256 digests so neither the content nor the length shows in the time taken. */
    static boolean sameToken(String expected, String given) {
        if (given == null) {
            return false;
        }
        try {
            MessageDigest a = MessageDigest.getInstance("SHA-256");
            MessageDigest b = MessageDigest.getInstance("SHA-256");
            return MessageDigest.isEqual(a.digest(expected.getBytes(StandardCharsets.UTF_8)), b.digest(given.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in Beijing time; now when absent or unreadable. */
    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return Instant.now();
        }
        try {
            return LocalDateTime.parse(text.strip(), TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    static String text(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Map<String, Object> body(String codeField, int code, String messageField, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(codeField, code);
        out.put(messageField, message);
        return out;
    }
}

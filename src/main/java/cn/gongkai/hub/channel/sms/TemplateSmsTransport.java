package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;

/**
 * What the two template-SMS APIs (Aliyun, Tencent Cloud) share: the batch is cut into calls of at most the vendor's
 * numbers per call, each number at most once per call (so a per-number answer names one delivery); each call's answer
 * becomes one outcome per delivery by the vendor's code table ({@link ProviderCode}).
 *
 * <ul>
 *   <li>A call refused with a number-kind code (a bad number, a number over its daily limit) sent nothing; when it held
 *       several numbers it is split in halves and sent again until the call that fails holds only the number at fault
 *       (Aliyun answers for the whole call, never saying which number it was).</li>
 *   <li>A call that may have gone out without an answer (a read timeout) leaves its deliveries IN_DOUBT: never resent,
 *       never given to the next provider. The calls after it are not made: their deliveries come back unavailable, so
 *       a failover list hands them to the next provider.</li>
 *   <li>Throttling, HTTP 5xx, a refused connection, or a provider that cannot send as configured (credentials, sign,
 *       template, balance): the call's deliveries and the rest of the batch are unavailable; when that is the whole
 *       batch, {@link ChannelUnavailableException}. Logged at WARN once per outage.</li>
 * </ul>
 *
 * <p>Not resend-safe: neither API de-duplicates a SendSms (Aliyun's OutId and Tencent's SessionContext are only echoed).
 */
abstract class TemplateSmsTransport implements SmsTransport {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateSmsTransport.class);

    /** What one vendor call answered. */
    sealed interface Answer permits Accepted, Refused, NotSent, Unknown {
    }

    /** The call was taken; what became of each number (national form, as the delivery's address). */
    record Accepted(Map<String, NumberStatus> byNumber) implements Answer {
    }

    /**
     * One number of an accepted call.
     *
     * @param reference the vendor's id of the message (null when the number failed)
     * @param code      null when sent, else the vendor's per-number code
     */
    record NumberStatus(String reference, int parts, String code, String message) {
        static NumberStatus sent(String reference, int parts) {
            return new NumberStatus(reference, parts, null, null);
        }

        static NumberStatus failed(String code, String message) {
            return new NumberStatus(null, 0, code, message);
        }
    }

    /** The vendor refused the whole call with a code: nothing of it went out. */
    record Refused(String code, String message) implements Answer {
    }

    /** Certainly not sent (no connection, HTTP 5xx): retry, or the next provider. */
    record NotSent(String reason) implements Answer {
    }

    /** The request went out and no usable answer came: it may have been sent. */
    record Unknown(String reason) implements Answer {
    }

    private final AtomicReference<String> outage = new AtomicReference<>();

    /** Most numbers one call takes. */
    abstract int maxNumbersPerCall();

    /** The vendor's code table. */
    abstract ProviderCode code(String code);

    /** For a withdrawal: null when the vendor's config names a withdrawal template, else the key to set. */
    abstract String missingWithdrawalTemplate();

    /**
     * One SendSms call for {@code deliveries} (distinct numbers, at most {@link #maxNumbersPerCall()}).
     *
     * @param key what the vendor echoes back (Aliyun OutId, Tencent SessionContext): {@link #key}
     */
    abstract Answer call(List<Delivery> deliveries, SmsMessage message, String key);

    @Override
    public boolean resendSafe() {
        return false;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<SmsMessage>> batch) throws ChannelUnavailableException {
        Map<SmsMessage, List<Delivery>> byMessage = new LinkedHashMap<>();
        batch.forEach(a -> byMessage.computeIfAbsent(a.message(), m -> new ArrayList<>()).add(a.delivery()));
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        int[] calls = {0};
        String stop = null;
        for (Map.Entry<SmsMessage, List<Delivery>> e : byMessage.entrySet()) {
            SmsMessage message = e.getKey();
            String missing = message.withdrawal() ? missingWithdrawalTemplate() : null;
            if (missing != null) {
                String reason = name() + " sends approved templates only, and a withdrawal needs a template of its own: set "
                        + missing + " in channel-config/sms.yml";
                e.getValue().forEach(d -> out.add(DeliveryOutcome.rejected(d.id(), reason)));
                continue;
            }
            for (List<Delivery> chunk : chunks(e.getValue(), maxNumbersPerCall())) {
                if (stop != null) {
                    unavailable(chunk, stop, out);
                } else {
                    stop = sendCall(chunk, message, out, calls);
                }
            }
        }
        log(out, calls[0]);
        if (!out.isEmpty() && out.stream().allMatch(DeliveryOutcome::isUnavailable)) {
            throw new ChannelUnavailableException(out.get(0).reason());
        }
        return out;
    }

    /** Sends one call (splitting it on a number-kind refusal); returns why the batch should stop, or null. */
    private String sendCall(List<Delivery> chunk, SmsMessage message, List<DeliveryOutcome> out, int[] calls) {
        calls[0]++;
        Answer answer = call(chunk, message, key(chunk));
        if (answer instanceof Accepted a) {
            boolean any = false;
            for (Delivery d : chunk) {
                NumberStatus s = a.byNumber().get(d.target().address());
                if (s == null) {
                    out.add(DeliveryOutcome.inDoubt(d.id(), name() + " took the call but its answer does not mention this number"));
                } else if (s.code() == null) {
                    any = true;
                    out.add(DeliveryOutcome.sent(new Receipt(d.id(), 1, Math.max(1, s.parts()), s.reference())));
                } else {
                    out.add(outcome(d, s.code(), s.message()));
                }
            }
            if (any) {
                up();
            }
            return null;
        }
        if (answer instanceof Refused r) {
            ProviderCode c = code(r.code());
            String reason = reason(r.code(), r.message(), c);
            if (c.kind() == ProviderCode.Kind.NUMBER) {
                if (chunk.size() == 1) {
                    out.add(DeliveryOutcome.rejected(chunk.get(0).id(), reason));
                    return null;
                }
                // the call sent nothing and one of its numbers is at fault: find which, sending the others
                List<Delivery> first = chunk.subList(0, chunk.size() / 2);
                List<Delivery> second = chunk.subList(chunk.size() / 2, chunk.size());
                String stop = sendCall(first, message, out, calls);
                if (stop != null) {
                    unavailable(second, stop, out);
                    return stop;
                }
                return sendCall(second, message, out, calls);
            }
            if (c.kind() == ProviderCode.Kind.CONTENT) {
                chunk.forEach(d -> out.add(DeliveryOutcome.rejected(d.id(), reason)));
                return null;
            }
            String why = c.kind() == ProviderCode.Kind.UNUSABLE ? name() + " cannot send: " + reason : reason;
            down(why);
            unavailable(chunk, why, out);
            return why;
        }
        if (answer instanceof NotSent n) {
            String why = name() + ": " + n.reason();
            down(why);
            unavailable(chunk, why, out);
            return why;
        }
        String why = name() + ": " + ((Unknown) answer).reason() + "; it may have been sent: check the provider's send records before resending";
        down(why);
        chunk.forEach(d -> out.add(DeliveryOutcome.inDoubt(d.id(), why)));
        return name() + " did not answer a call that went out, so the rest of the batch was not sent";
    }

    /** One number's failure in an accepted call. */
    private DeliveryOutcome outcome(Delivery d, String code, String message) {
        ProviderCode c = code(code);
        String reason = reason(code, message, c);
        return switch (c.kind()) {
            case NUMBER, CONTENT -> DeliveryOutcome.rejected(d.id(), reason);
            case RETRY -> DeliveryOutcome.unavailable(d.id(), reason);
            case UNUSABLE -> {
                String why = name() + " cannot send: " + reason;
                down(why);
                yield DeliveryOutcome.unavailable(d.id(), why);
            }
        };
    }

    private String reason(String code, String message, ProviderCode c) {
        String text = message == null || message.isBlank() ? "" : ": " + message.strip();
        return name() + " " + code + text + (c.hint().isEmpty() ? "" : " (" + c.hint() + ")");
    }

    private static void unavailable(List<Delivery> chunk, String reason, List<DeliveryOutcome> out) {
        chunk.forEach(d -> out.add(DeliveryOutcome.unavailable(d.id(), reason)));
    }

    private void down(String reason) {
        if (outage.getAndSet(reason) == null) {
            LOG.warn("SMS provider {} is unavailable: {}", name(), reason);
        }
    }

    private void up() {
        String was = outage.getAndSet(null);
        if (was != null) {
            LOG.info("SMS provider {} sends again", name());
        }
    }

    private void log(List<DeliveryOutcome> out, int calls) {
        int sent = 0;
        int failed = 0;
        int retry = 0;
        int inDoubt = 0;
        for (DeliveryOutcome o : out) {
            switch (o.kind()) {
                case SENT -> sent++;
                case REJECTED -> failed++;
                case UNAVAILABLE -> retry++;
                default -> inDoubt++;
            }
        }
        LOG.info("sms via {}: {} sent, {} failed, {} to retry, {} in doubt ({} calls)", name(), sent, failed, retry, inDoubt, calls);
    }

    /**
     * The deliveries in calls of at most {@code max}, each number at most once per call: two lists holding one number
     * make two deliveries, and a vendor's per-number answer (or receipt) must name exactly one of them.
     */
    static List<List<Delivery>> chunks(List<Delivery> deliveries, int max) {
        List<List<Delivery>> chunks = new ArrayList<>();
        List<Set<String>> numbers = new ArrayList<>();
        int open = 0;
        for (Delivery d : deliveries) {
            String n = d.target().address();
            int i = open;
            while (i < chunks.size() && (chunks.get(i).size() >= max || numbers.get(i).contains(n))) {
                i++;
            }
            if (i == chunks.size()) {
                chunks.add(new ArrayList<>());
                numbers.add(new HashSet<>());
            }
            chunks.get(i).add(d);
            numbers.get(i).add(n);
            while (open < chunks.size() && chunks.get(open).size() >= max) {
                open++;
            }
        }
        return chunks;
    }

    /** What the vendor echoes for a call: the delivery id for one delivery, else the first one's and how many more. */
    static String key(List<Delivery> chunk) {
        return chunk.size() == 1 ? chunk.get(0).id() : chunk.get(0).id() + "+" + (chunk.size() - 1);
    }

    /**
     * Whether an I/O failure certainly happened before the request was sent: the connection was never made (refused,
     * no route, unknown host, connect timeout, TLS handshake). Anything else (a read timeout, a reset) may have come
     * after the vendor took the request.
     */
    static boolean beforeSending(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException || t instanceof SSLHandshakeException) {
                return true;
            }
            if (t instanceof SocketTimeoutException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
                return true;
            }
        }
        return false;
    }

    /** The first {@link IOException} in {@code e}'s causes, or null. */
    static IOException io(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}

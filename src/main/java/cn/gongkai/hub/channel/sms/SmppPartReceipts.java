package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.sms.SmppInbound.Report;
import cn.gongkai.hub.delivery.DeliveryReceipt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The receipt of a message sent in several parts is its worst part's: each part has its own SMSC message id and
 * receipt, and a handset that got two parts of three shows nothing useful. A part that is not delivered (UNDELIV,
 * EXPIRED, REJECTD, DELETED, UNKNOWN) is reported at once for the whole message, and later receipts of its other parts
 * are dropped; DELIVRD is reported once every part reported DELIVRD, or — when some parts never report —
 * {@link #WAIT_FOR_PARTS} after the first part's receipt, saying how many did. ENROUTE and ACCEPTD (intermediate)
 * receipts of a part are not reported. Reports go under the first part's id (the delivery's reference).
 *
 * <p>Known only to the hub instance that sent the message, in memory: a receipt for a part this instance does not know
 * (sent before a restart, or by another instance bound to the same account) is reported as it is, under its own id
 * (the engine finds the delivery by any part's id), so there the latest part's receipt wins.
 */
final class SmppPartReceipts {
    /** How long DELIVRD parts wait for the receipts of the other parts. */
    static final Duration WAIT_FOR_PARTS = Duration.ofMinutes(10);
    /** How long a long message's parts are remembered for receipts (SMSCs keep a message 48 to 72 hours). */
    static final Duration REMEMBER = Duration.ofDays(3);
    private static final Set<String> INTERMEDIATE = Set.of("ENROUTE", "ACCEPTD");

    private final int capacity;
    /** By first part's id, oldest sent first. */
    private final LinkedHashMap<String, Message> messages = new LinkedHashMap<>();
    private final Map<String, Message> byPart = new HashMap<>();

    private static final class Message {
        final List<String> ids;
        final Instant sent;
        final Map<String, DeliveryReceipt> delivered = new HashMap<>();
        final Set<String> reported = new java.util.HashSet<>();
        Instant firstReceipt;
        boolean failed;

        Message(List<String> ids, Instant sent) {
            this.ids = ids;
            this.sent = sent;
        }

        String reference() {
            return ids.get(0);
        }
    }

    /** @param capacity most messages remembered; the oldest is let go (and its known receipt reported) beyond it */
    SmppPartReceipts(int capacity) {
        this.capacity = capacity;
    }

    /** Remembers the parts' message ids of one message sent, in part order (nothing to do for a single part). */
    synchronized List<Report> sent(List<String> ids, Instant at) {
        if (ids.size() < 2) {
            return List.of();
        }
        Message m = new Message(List.copyOf(ids), at);
        messages.put(m.reference(), m);
        ids.forEach(id -> byPart.put(id, m));
        List<Report> out = new ArrayList<>();
        while (messages.size() > capacity) {
            Iterator<Message> oldest = messages.values().iterator();
            Message gone = oldest.next();
            oldest.remove();
            forget(gone);
            deliveredSoFar(gone).ifPresent(out::add);
        }
        return out;
    }

    /** What to record for a receipt of message {@code id}: a report, or empty while the other parts are awaited. */
    synchronized Optional<Report> receipt(String id, DeliveryReceipt r, Instant now) {
        Message m = byPart.get(id);
        if (m == null) {
            return Optional.of(new Report(id, r));
        }
        if (m.firstReceipt == null) {
            m.firstReceipt = now;
        }
        if (m.failed) {
            done(m, id);
            return Optional.empty();
        }
        if (INTERMEDIATE.contains(r.status())) {
            return Optional.empty();
        }
        int part = m.ids.indexOf(id) + 1;
        if (!r.delivered()) {
            m.failed = true;
            done(m, id);
            return Optional.of(new Report(m.reference(), new DeliveryReceipt(r.status(), r.at(),
                    detail(r) + " (part " + part + " of " + m.ids.size() + ")")));
        }
        m.delivered.put(id, r);
        if (m.delivered.size() < m.ids.size()) {
            return Optional.empty();
        }
        forget(m);
        messages.remove(m.reference());
        return Optional.of(new Report(m.reference(), latest(m)));
    }

    /**
     * Lets go of messages whose parts stopped reporting: those with DELIVRD parts {@link #WAIT_FOR_PARTS} after their
     * first receipt (reported DELIVRD with how many parts said so), and any {@link #REMEMBER} after it was sent.
     */
    synchronized List<Report> expire(Instant now) {
        List<Report> out = new ArrayList<>();
        Iterator<Message> it = messages.values().iterator();
        while (it.hasNext()) {
            Message m = it.next();
            boolean waitedForParts = m.firstReceipt != null && !m.failed && !m.delivered.isEmpty()
                    && !now.isBefore(m.firstReceipt.plus(WAIT_FOR_PARTS));
            if (waitedForParts || !now.isBefore(m.sent.plus(REMEMBER))) {
                it.remove();
                forget(m);
                deliveredSoFar(m).ifPresent(out::add);
            }
        }
        return out;
    }

    synchronized int remembered() {
        return messages.size();
    }

    /** After a part failed: once every part has reported, nothing more is awaited. */
    private void done(Message m, String id) {
        m.reported.add(id);
        m.delivered.remove(id);
        if (m.reported.size() + m.delivered.size() >= m.ids.size()) {
            forget(m);
            messages.remove(m.reference());
        }
    }

    private Optional<Report> deliveredSoFar(Message m) {
        if (m.failed || m.delivered.isEmpty()) {
            return Optional.empty();
        }
        DeliveryReceipt last = latest(m);
        return Optional.of(new Report(m.reference(), new DeliveryReceipt(last.status(), last.at(),
                detail(last) + " (" + m.delivered.size() + " of " + m.ids.size() + " parts reported DELIVRD)")));
    }

    private static DeliveryReceipt latest(Message m) {
        return m.delivered.values().stream().max(java.util.Comparator.comparing(DeliveryReceipt::at)).orElseThrow();
    }

    private static String detail(DeliveryReceipt r) {
        return r.detail() == null ? "" : r.detail();
    }

    private void forget(Message m) {
        m.ids.forEach(byPart::remove);
    }
}

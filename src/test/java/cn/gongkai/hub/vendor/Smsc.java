package cn.gongkai.hub.vendor;

import cn.gongkai.hub.vendor.SmppUserData.Alphabet;
import cn.gongkai.hub.vendor.SmppUserData.Udh;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMSC that speaks SMPP 3.4 (the SMPP Forum's v3.4 Issue 1.2 specification) on a free loopback port, built on
 * jSMPP's server side ({@link SMPPServerSessionListener}, {@link ServerMessageReceiverListener}), for the SMS
 * transport's tests. It is as strict as a carrier gateway where the hub can get things wrong:
 * <ul>
 *   <li>bind_transmitter, bind_transceiver and bind_receiver with one system_id/password: a wrong system_id is answered
 *       ESME_RINVSYSID (0x0F), a wrong password ESME_RINVPASWD (0x0E); while binds are refused, ESME_RBINDFAIL (0x0D).
 *       jSMPP itself answers a submit_sm on a receiver session with ESME_RINVBNDSTS.</li>
 *   <li>every submit_sm is decoded and recorded ({@link #submits()}): addresses, esm_class, data_coding,
 *       registered_delivery, the user data header ({@link SmppUserData}) and the text (UTF-16BE for data_coding 8,
 *       GSM 7-bit unpacked for 0). It is rejected with ESME_RINVMSGLEN (0x01) when data_coding 8 carries an odd
 *       number of octets or a part exceeds one SMS (140 octets, or 160 septets for GSM 7-bit, header included), with
 *       ESME_RINVESMCLASS (0x43) when UDHI is set but the header does not parse, with ESME_RSUBMITFAIL (0x45) for an
 *       octet over 0x7F in GSM 7-bit text. Each rejection is also a {@link Violation}.</li>
 *   <li>concatenated parts (IEI 0x00 or 0x08) are assembled as a handset does, by source, destination and reference,
 *       when the last part is accepted: {@link #messages()}. A set whose parts disagree on the total, repeat a
 *       sequence number, mix data codings, or reuse the reference of an earlier message to the same number is
 *       recorded as a {@link Violation}; parts that never complete (a message sent with more than one reference) stay
 *       in {@link #incompleteSets()}.</li>
 *   <li>the window: {@link #maxOutstanding()} is the highest number of submit_sm seen at once without a response.
 *       Hold or delay the responses ({@link #holdResponses()}, {@link #delayResponses(Duration)}) to observe it;
 *       up to {@value #PDU_THREADS} are measured. {@link #windowLimit(int)} throttles (and records) submits beyond a
 *       limit.</li>
 *   <li>receipts and MO messages go out as deliver_sm on a receiver or transceiver session of the account, queued
 *       while none is bound and retried when the ESME answers with an error ({@link #deliveries()}).</li>
 * </ul>
 * Message ids are 8 upper-case hex digits, the same string in submit_sm_resp and in the receipt. Not implemented:
 * submit_multi, data_sm, query_sm, replace_sm, cancel_sm (answered ESME_RINVCMDID) and the SAR TLVs (recorded as
 * sent, not assembled).
 */
public final class Smsc implements AutoCloseable {
    /** The system_id the SMSC answers binds with. */
    public static final String SMSC_SYSTEM_ID = "gk-smsc";
    /** {@link Submit#commandStatus()} of a submit_sm that never got a response (its session was dropped). */
    public static final int UNANSWERED = -1;
    /** Submits processed at once; the window measurement is exact up to this many in flight. */
    public static final int PDU_THREADS = 64;

    /** What a strict SMSC or the handset would object to. */
    public enum Kind {
        ODD_UCS2_LENGTH, PART_TOO_LONG, BAD_UDH, NOT_GSM7, UDH_WITHOUT_UDHI, TOTAL_MISMATCH, BAD_SEQUENCE,
        DUPLICATE_PART, MIXED_DATA_CODING, REFERENCE_REUSED, WINDOW_EXCEEDED
    }

    public record Violation(Kind kind, String detail, Submit submit) {
    }

    /** A bind attempt and how it was answered (0 = bound). */
    public record Bind(String sessionId, BindType type, String systemId, String password, String systemType,
                       int interfaceVersion, int commandStatus, Instant at) {
        public boolean accepted() {
            return commandStatus == 0;
        }
    }

    /**
     * One submit_sm as received. {@code payload} is the short message without its header ({@code udh}, null when
     * esm_class has no UDHI), {@code text} its decoding (null for binary data), {@code messageId} null unless
     * accepted, {@code problem} why it was rejected or null.
     */
    public record Submit(int index, String sessionId, String systemId, String messageId, int commandStatus, String problem,
                         String serviceType, String source, int sourceTon, int sourceNpi, String destination, int destTon,
                         int destNpi, int esmClass, int dataCoding, int registeredDelivery, Udh udh, byte[] shortMessage,
                         byte[] payload, String text, Instant at) {
        public boolean accepted() {
            return commandStatus == 0;
        }

        /** registered_delivery asks for an SMSC delivery receipt (bits 1..0 = 01 or 10). */
        public boolean receiptRequested() {
            return (registeredDelivery & 0x03) != 0;
        }
    }

    /** A message as the handset shows it: one accepted submit, or an accepted concatenated set in sequence order. */
    public record Message(String systemId, String source, String destination, int dataCoding, String text, List<Submit> parts) {
        public List<String> messageIds() {
            return parts.stream().map(Submit::messageId).toList();
        }
    }

    /** Parts of a concatenated message that arrived (accepted) but never completed. */
    public record IncompleteSet(String source, String destination, int concatIei, int reference, int total, List<Submit> parts) {
    }

    public enum DeliveryKind {
        RECEIPT, MO
    }

    public enum DeliveryState {
        PENDING, DELIVERED, FAILED
    }

    /**
     * A deliver_sm the SMSC sends: a receipt (esm_class 0x04, text in the SMPP 3.4 Appendix B format, TLVs
     * receipted_message_id and message_state) or an MO message. {@code commandStatus} is the ESME's last
     * deliver_sm_resp status, null before any answer.
     */
    public record Delivery(long id, DeliveryKind kind, String source, String destination, int esmClass, int dataCoding,
                           String text, String receiptedMessageId, String stat, int attempts, Integer commandStatus,
                           DeliveryState state) {
    }

    private final String systemId;
    private final String password;
    private final Loopback connections = new Loopback();
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("smsc-session"));
    private final ScheduledExecutorService dispatcher = Executors.newSingleThreadScheduledExecutor(daemon("smsc-deliver"));
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final List<Bind> binds = new CopyOnWriteArrayList<>();
    // guarded by themselves (record, snapshot): a CopyOnWriteArrayList copies the whole list on every submit, which at
    // 100,000 submits of a benchmark costs more than the SMSC's work and caps it at some thousand submits a second
    private final List<Submit> submits = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<Violation> violations = new CopyOnWriteArrayList<>();
    private final List<Outbound> outbound = new CopyOnWriteArrayList<>();
    private final Map<String, Submit> byMessageId = new ConcurrentHashMap<>();
    private final Map<SetKey, TreeMap<Integer, Submit>> openSets = new HashMap<>();
    private final Map<String, Deque<Integer>> completedRefs = new HashMap<>();
    private final AtomicInteger submitIndex = new AtomicInteger();
    private final AtomicLong nextMessageId = new AtomicLong(0x3E8A0000L);
    private final AtomicLong nextDeliveryId = new AtomicLong(1);
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();
    private final AtomicInteger enquireLinks = new AtomicInteger();
    private final AtomicInteger unbinds = new AtomicInteger();

    private final Deque<Integer> forcedAnswers = new ConcurrentLinkedDeque<>();
    private final Set<String> invalidDestinations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refuseNextBinds = new AtomicInteger();
    private final Object dropLock = new Object();
    private int dropAfter = -1;
    private volatile boolean refuseBinds;
    private volatile CompletableFuture<Void> hold;
    private volatile Duration delay = Duration.ZERO;
    private volatile int windowLimit;
    private volatile Duration redeliverAfter = Duration.ofMillis(500);
    private volatile int maxDeliveryAttempts = 10;
    private volatile String serviceNumber;
    private volatile SMPPServerSessionListener listener;
    private volatile boolean closed;

    private Smsc(String systemId, String password) {
        this.systemId = systemId;
        this.password = password;
    }

    /** Starts an SMSC on a free loopback port that binds {@code systemId} (≤ 15 characters) with {@code password} (≤ 8). */
    public static Smsc start(String systemId, String password) {
        Smsc smsc = new Smsc(systemId, password);
        smsc.listen(0);
        return smsc;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return connections.port;
    }

    /** The next {@code n} submit_sm are answered ESME_RTHROTTLED (0x58), before any other check. */
    public Smsc throttleNext(int n) {
        return answerNext(n, SMPPConstant.STAT_ESME_RTHROTTLED);
    }

    /** The next {@code n} submit_sm are answered ESME_RMSGQFUL (0x14, message queue full). */
    public Smsc queueFullNext(int n) {
        return answerNext(n, SMPPConstant.STAT_ESME_RMSGQFUL);
    }

    /** The next {@code n} submit_sm are answered with {@code commandStatus}, before any other check. */
    public Smsc answerNext(int n, int commandStatus) {
        for (int i = 0; i < n; i++) {
            forcedAnswers.add(commandStatus);
        }
        return this;
    }

    /** submit_sm to these numbers are answered ESME_RINVDSTADR (0x0B). */
    public Smsc rejectDestinations(String... numbers) {
        invalidDestinations.addAll(List.of(numbers));
        return this;
    }

    /**
     * After {@code n} more accepted submit_sm, the session that carried the n-th is dropped: its socket is closed,
     * without unbind, once that response is written and the ESME sent another submit_sm on the session — at once for
     * an ESME with several in flight, at its next submit for one that sends one at a time. That submit and any others
     * read on the session stay unanswered ({@link #UNANSWERED}). Not right behind the n-th response: jSMPP's client
     * loses a response it reads just before the socket closes when its PDU threads are busy (it handles the response
     * after it saw the close), and the n-th answer is meant to arrive. Later binds are served normally.
     */
    public Smsc dropSessionAfter(int n) {
        synchronized (dropLock) {
            dropAfter = n;
        }
        return this;
    }

    /** Refuse every bind with ESME_RBINDFAIL until {@link #acceptBinds()}: the gateway is up but will not serve. */
    public Smsc refuseBinds() {
        refuseBinds = true;
        return this;
    }

    public Smsc acceptBinds() {
        refuseBinds = false;
        refuseNextBinds.set(0);
        return this;
    }

    /** Refuse the next {@code n} binds with ESME_RBINDFAIL, then accept again. */
    public Smsc refuseNextBinds(int n) {
        refuseNextBinds.set(n);
        return this;
    }

    /** submit_sm wait for {@link #releaseResponses()} before they are answered. */
    public synchronized Smsc holdResponses() {
        if (hold == null) {
            hold = new CompletableFuture<>();
        }
        return this;
    }

    public synchronized Smsc releaseResponses() {
        CompletableFuture<Void> h = hold;
        hold = null;
        if (h != null) {
            h.complete(null);
        }
        return this;
    }

    /** Every submit_sm_resp goes out {@code d} after its submit_sm arrived. */
    public Smsc delayResponses(Duration d) {
        delay = d;
        return this;
    }

    /** More than {@code n} submit_sm outstanding at once are answered ESME_RTHROTTLED and recorded (0 = no limit). */
    public Smsc windowLimit(int n) {
        windowLimit = n;
        return this;
    }

    /** How long a deliver_sm the ESME refused or did not answer waits before it is sent again (default 500 ms). */
    public Smsc redeliverAfter(Duration d) {
        redeliverAfter = d;
        return this;
    }

    /** deliver_sm attempts before a delivery is given up as {@link DeliveryState#FAILED} (default 10). */
    public Smsc maxDeliveryAttempts(int n) {
        maxDeliveryAttempts = n;
        return this;
    }

    /** The number MO messages are addressed to; by default the source of the last accepted submit_sm. */
    public Smsc serviceNumber(String number) {
        serviceNumber = number;
        return this;
    }

    /** Connection refused from now on; bound sessions are dropped (sockets closed, no unbind). */
    public synchronized Smsc down() {
        SMPPServerSessionListener l = listener;
        listener = null;
        if (l != null) {
            try {
                l.close();
            } catch (IOException e) {
                // closing a listening socket that is already gone
            }
        }
        dropSessions();
        return this;
    }

    /** Listens again on the same port after {@link #down()}. */
    public synchronized Smsc up() {
        if (listener == null) {
            listen(connections.port);
        }
        return this;
    }

    /** Closes every session's socket at once, without unbind, as a gateway restart or a NAT timeout does. */
    public Smsc dropSessions() {
        for (Live l : live.values()) {
            l.session.close();
        }
        return this;
    }

    public List<Bind> binds() {
        return List.copyOf(binds);
    }

    public List<Submit> submits() {
        return snapshot(submits);
    }

    public List<Submit> accepted() {
        return snapshot(submits).stream().filter(Submit::accepted).toList();
    }

    public List<Message> messages() {
        return snapshot(messages);
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public synchronized List<IncompleteSet> incompleteSets() {
        List<IncompleteSet> out = new ArrayList<>();
        openSets.forEach((k, parts) -> out.add(new IncompleteSet(k.source, k.destination, k.iei, k.reference,
                parts.firstEntry().getValue().udh().total(), List.copyOf(parts.values()))));
        return out;
    }

    public List<Delivery> deliveries() {
        return outbound.stream().map(Outbound::snapshot).toList();
    }

    /** submit_sm currently waiting for their response. */
    public int outstanding() {
        return outstanding.get();
    }

    /** The most submit_sm that were outstanding at once since the start (or {@link #resetWindow()}). */
    public int maxOutstanding() {
        return maxOutstanding.get();
    }

    public Smsc resetWindow() {
        maxOutstanding.set(outstanding.get());
        return this;
    }

    /** enquire_link requests the ESME sent. */
    public int enquireLinks() {
        return enquireLinks.get();
    }

    /** unbind requests the ESME sent. */
    public int unbinds() {
        return unbinds.get();
    }

    /** Sessions bound right now. */
    public List<BindType> boundSessions() {
        return live.values().stream().filter(l -> l.type != null && l.session.getSessionState().isBound()).map(l -> l.type).toList();
    }

    public Submit submit(String messageId) {
        Submit s = byMessageId.get(messageId);
        if (s == null) {
            throw new IllegalArgumentException("no accepted submit_sm has message id " + messageId);
        }
        return s;
    }

    /** A delivery receipt for {@code messageId} with {@code stat} (DELIVRD, UNDELIV, EXPIRED, REJECTD, ...), err 000. */
    public Delivery sendReceipt(String messageId, String stat) {
        return sendReceipt(messageId, stat, "000");
    }

    /**
     * Queues a receipt: deliver_sm from the handset to the submit's source, esm_class 0x04, data_coding 0,
     * {@code id:<id> sub:001 dlvrd:00x submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:<stat> err:<err> text:<first 20>}
     * with the TLVs receipted_message_id (0x001E) and message_state (0x0427). Refused when the submit did not ask for
     * a receipt: an SMSC sends none then.
     */
    public Delivery sendReceipt(String messageId, String stat, String err) {
        Submit s = submit(messageId);
        if (!s.receiptRequested()) {
            throw new IllegalStateException("submit_sm " + messageId + " asked for no receipt (registered_delivery="
                    + s.registeredDelivery() + "); an SMSC would send none");
        }
        DeliveryReceiptState state = DeliveryReceiptState.valueOf(stat);
        String head = s.text() == null ? "" : s.text();
        String text = head.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? head : "";
        String body = new DeliveryReceipt(messageId, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                Date.from(s.at()), new Date(), state, err, text).toString();
        OptionalParameter[] tlvs = {
                new OptionalParameter.Receipted_message_id(messageId),
                // SMPP 3.4 numbers message_state from ENROUTE = 1; jSMPP's DeliveryReceiptState starts at 0
                new OptionalParameter.Message_state((byte) (state.value() + 1))
        };
        Outbound o = new Outbound(DeliveryKind.RECEIPT, s.systemId(), s.destination(), s.destTon(), s.destNpi(),
                s.source(), s.sourceTon(), s.sourceNpi(), 0x04, 0x00, body.getBytes(StandardCharsets.US_ASCII), body,
                messageId, stat, tlvs);
        return enqueue(o);
    }

    /**
     * Queues an MO message from {@code from} to the service number: data_coding 0 (GSM 7-bit) when every character
     * has a septet ("TD", "T"), else 8 (UCS2, "退订").
     */
    public Delivery sendInbound(String from, String text) {
        String to = serviceNumber;
        if (to == null) {
            to = snapshot(submits).stream().filter(Submit::accepted).reduce((a, b) -> b).map(Submit::source)
                    .orElseThrow(() -> new IllegalStateException("no service number: set serviceNumber() or submit first"));
        }
        byte[] gsm = SmppUserData.toGsm7(text);
        int dc = gsm != null ? 0x00 : 0x08;
        byte[] sm = gsm != null ? gsm : text.getBytes(StandardCharsets.UTF_16BE);
        if (sm.length > SmppUserData.MAX_OCTETS) {
            throw new IllegalArgumentException("an MO message of " + sm.length + " octets does not fit one SMS");
        }
        Outbound o = new Outbound(DeliveryKind.MO, systemId, from, TypeOfNumber.UNKNOWN.value(),
                NumberingPlanIndicator.ISDN.value(), to, TypeOfNumber.UNKNOWN.value(), NumberingPlanIndicator.ISDN.value(),
                0x00, dc, sm, text, null, null, new OptionalParameter[0]);
        return enqueue(o);
    }

    @Override
    public void close() {
        closed = true;
        releaseResponses();
        down();
        dispatcher.shutdownNow();
        workers.shutdownNow();
    }

    private void listen(int port) {
        try {
            SMPPServerSessionListener l = new SMPPServerSessionListener(port, connections);
            l.setPduProcessorDegree(PDU_THREADS);
            l.setMessageReceiverListener(new Receiver());
            l.setResponseDeliveryListener(new ResponseSent());
            l.setSessionStateListener(this::stateChanged);
            listener = l;
            Thread t = daemon("smsc-accept").newThread(() -> acceptLoop(l));
            t.start();
        } catch (IOException e) {
            throw new IllegalStateException("SMSC cannot listen on loopback port " + port, e);
        }
    }

    private void acceptLoop(SMPPServerSessionListener l) {
        while (!closed && listener == l) {
            try {
                SMPPServerSession session = l.accept();
                live.put(session.getSessionId(), new Live(session));
                workers.execute(() -> handshake(session));
            } catch (IOException e) {
                return; // the listening socket was closed by down() or close()
            }
        }
    }

    private void handshake(SMPPServerSession session) {
        BindRequest req;
        try {
            req = session.waitForBind(5000);
        } catch (TimeoutException | IllegalStateException e) {
            live.remove(session.getSessionId());
            return;
        }
        int status;
        if (refuseBinds || refuseNextBinds.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            status = SMPPConstant.STAT_ESME_RBINDFAIL;
        } else if (!systemId.equals(req.getSystemId())) {
            status = SMPPConstant.STAT_ESME_RINVSYSID;
        } else if (!password.equals(req.getPassword())) {
            status = SMPPConstant.STAT_ESME_RINVPASWD;
        } else {
            status = 0;
        }
        binds.add(new Bind(session.getSessionId(), req.getBindType(), req.getSystemId(), req.getPassword(),
                req.getSystemType(), req.getInterfaceVersion() == null ? 0 : req.getInterfaceVersion().value() & 0xFF,
                status, Instant.now()));
        try {
            if (status == 0) {
                Live l = live.get(session.getSessionId());
                if (l != null) {
                    l.type = req.getBindType();
                    l.systemId = req.getSystemId();
                }
                req.accept(SMSC_SYSTEM_ID, InterfaceVersion.IF_34);
                dispatcher.execute(this::flushPending);
            } else {
                req.reject(status);
                // jSMPP's client loses a negative bind_resp when the socket closes right behind it, and an ESME
                // closes on a refused bind anyway: only a connection left hanging is closed here
                CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS, workers).execute(session::close);
            }
        } catch (PDUException | IOException e) {
            session.close();
        }
    }

    private void stateChanged(SessionState now, SessionState before, Session source) {
        if (now == SessionState.UNBOUND) {
            unbinds.incrementAndGet();
        }
        if (now == SessionState.CLOSED) {
            Live l = live.remove(source.getSessionId());
            if (l != null) {
                l.closed.countDown();
            }
        }
    }

    private SubmitSmResult onSubmit(SubmitSm sm, SMPPServerSession source) throws ProcessRequestException {
        int now = outstanding.incrementAndGet();
        maxOutstanding.accumulateAndGet(now, Math::max);
        try {
            return decide(sm, source, now);
        } finally {
            outstanding.decrementAndGet();
        }
    }

    private SubmitSmResult decide(SubmitSm sm, SMPPServerSession source, int inFlight) throws ProcessRequestException {
        Live l = live.get(source.getSessionId());
        if (l != null && l.dropping) {
            throw unanswered(l, sm, source);
        }
        awaitGate();
        int limit = windowLimit;
        if (limit > 0 && inFlight > limit) {
            Submit s = record(sm, source, SMPPConstant.STAT_ESME_RTHROTTLED, inFlight + " submit_sm outstanding, window is " + limit, null);
            violations.add(new Violation(Kind.WINDOW_EXCEEDED, s.problem(), s));
            throw new ProcessRequestException(s.problem(), SMPPConstant.STAT_ESME_RTHROTTLED);
        }
        Integer forced = forcedAnswers.poll();
        if (forced != null) {
            record(sm, source, forced, "answered 0x" + Integer.toHexString(forced) + " by the test", null);
            throw new ProcessRequestException("forced answer", forced);
        }
        Rejection r = validate(sm);
        if (r != null) {
            Submit s = record(sm, source, r.status, r.detail, null);
            violations.add(new Violation(r.kind, r.detail, s));
            throw new ProcessRequestException(r.detail, r.status);
        }
        if (invalidDestinations.contains(sm.getDestAddress())) {
            record(sm, source, SMPPConstant.STAT_ESME_RINVDSTADR, "destination " + sm.getDestAddress() + " is invalid", null);
            throw new ProcessRequestException("invalid destination", SMPPConstant.STAT_ESME_RINVDSTADR);
        }
        boolean dropAfterThis;
        boolean droppingAlready;
        synchronized (dropLock) {
            droppingAlready = l != null && l.dropping;
            dropAfterThis = !droppingAlready && dropAfter > 0 && --dropAfter == 0;
            if (dropAfterThis && l != null) {
                l.dropping = true;
                dropAfter = -1;
            }
        }
        if (droppingAlready) {
            throw unanswered(l, sm, source);
        }
        String id = String.format("%08X", nextMessageId.getAndIncrement());
        Submit s = record(sm, source, 0, null, id);
        byMessageId.put(id, s);
        assemble(s);
        try {
            SubmitSmResult result = new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            if (dropAfterThis && l != null) {
                l.dropOn = result;
            }
            return result;
        } catch (PDUException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A submit_sm read on a session being dropped: it sets the drop off (once the n-th answer is out), is recorded
     * unanswered, and its thread waits for the socket to close so that the error it throws reaches no one.
     */
    private ProcessRequestException unanswered(Live l, SubmitSm sm, SMPPServerSession source) {
        l.laterSubmit = true;
        closeWhenDue(l);
        awaitQuietly(l.closed);
        record(sm, source, UNANSWERED, "session dropped before this submit_sm was answered", null);
        return new ProcessRequestException("session dropped", SMPPConstant.STAT_ESME_RSYSERR);
    }

    private void closeWhenDue(Live l) {
        if (l.answered && l.laterSubmit && l.closing.compareAndSet(false, true)) {
            workers.execute(l.session::close);
        }
    }

    private record Rejection(Kind kind, int status, String detail) {
    }

    private static Rejection validate(SubmitSm sm) {
        byte[] shortMessage = shortMessage(sm);
        int esm = sm.getEsmClass() & 0xFF;
        SmppUserData.Split split = SmppUserData.split(esm, shortMessage);
        if (split.problem() != null) {
            return new Rejection(Kind.BAD_UDH, SMPPConstant.STAT_ESME_RINVESMCLASS, split.problem());
        }
        Alphabet alphabet = SmppUserData.alphabet(sm.getDataCoding());
        String alpha = SmppUserData.alphabetProblem(alphabet, split.payload());
        if (alpha != null) {
            return alphabet == Alphabet.UCS2
                    ? new Rejection(Kind.ODD_UCS2_LENGTH, SMPPConstant.STAT_ESME_RINVMSGLEN, alpha)
                    : new Rejection(Kind.NOT_GSM7, SMPPConstant.STAT_ESME_RSUBMITFAIL, alpha);
        }
        if (payloadTlv(sm) == null) {
            String size = SmppUserData.sizeProblem(alphabet, split.udh(), split.payload());
            if (size != null) {
                return new Rejection(Kind.PART_TOO_LONG, SMPPConstant.STAT_ESME_RINVMSGLEN, size);
            }
        }
        return null;
    }

    private static byte[] payloadTlv(SubmitSm sm) {
        OptionalParameter p = sm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        return p instanceof OptionalParameter.OctetString o ? o.getValue() : null;
    }

    private static byte[] shortMessage(SubmitSm sm) {
        byte[] payload = payloadTlv(sm);
        byte[] m = sm.getShortMessage();
        return m != null && m.length > 0 ? m : payload != null ? payload : new byte[0];
    }

    private Submit record(SubmitSm sm, SMPPServerSession source, int status, String problem, String messageId) {
        byte[] m = shortMessage(sm);
        int esm = sm.getEsmClass() & 0xFF;
        int dc = sm.getDataCoding() & 0xFF;
        SmppUserData.Split split = SmppUserData.split(esm, m);
        byte[] payload = split.problem() == null ? split.payload() : m;
        Live l = live.get(source.getSessionId());
        Submit s = new Submit(submitIndex.incrementAndGet(), source.getSessionId(), l == null ? null : l.systemId,
                messageId, status, problem, sm.getServiceType(), sm.getSourceAddr(), sm.getSourceAddrTon() & 0xFF,
                sm.getSourceAddrNpi() & 0xFF, sm.getDestAddress(), sm.getDestAddrTon() & 0xFF, sm.getDestAddrNpi() & 0xFF,
                esm, dc, sm.getRegisteredDelivery() & 0xFF, split.udh(), m, payload,
                SmppUserData.text(SmppUserData.alphabet(dc), payload), Instant.now());
        record(submits, s);
        return s;
    }

    private static <T> void record(List<T> list, T item) {
        synchronized (list) {
            list.add(item);
        }
    }

    private static <T> List<T> snapshot(List<T> list) {
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private record SetKey(String systemId, String source, String destination, int iei, int reference) {
    }

    private synchronized void assemble(Submit s) {
        if (s.udh() == null || !s.udh().concatenated()) {
            if ((s.esmClass() & SmppUserData.UDHI) == 0 && SmppUserData.looksLikeConcatHeader(s.shortMessage())) {
                violations.add(new Violation(Kind.UDH_WITHOUT_UDHI,
                        "the short message starts with a concatenation header but esm_class has no UDHI", s));
            }
            record(messages, new Message(s.systemId(), s.source(), s.destination(), s.dataCoding(), s.text(), List.of(s)));
            return;
        }
        Udh u = s.udh();
        if (u.total() == 0 || u.sequence() == 0 || u.sequence() > u.total()) {
            violations.add(new Violation(Kind.BAD_SEQUENCE, "part " + u.sequence() + " of " + u.total(), s));
            return;
        }
        SetKey key = new SetKey(s.systemId(), s.source(), s.destination(), u.concatIei(), u.reference());
        TreeMap<Integer, Submit> parts = openSets.computeIfAbsent(key, k -> new TreeMap<>());
        if (!parts.isEmpty()) {
            Submit first = parts.firstEntry().getValue();
            if (first.udh().total() != u.total()) {
                violations.add(new Violation(Kind.TOTAL_MISMATCH, "reference " + u.reference() + " to " + s.destination()
                        + ": part says " + u.total() + " parts, an earlier part said " + first.udh().total(), s));
            }
            if (parts.containsKey(u.sequence())) {
                violations.add(new Violation(Kind.DUPLICATE_PART, "reference " + u.reference() + " to " + s.destination()
                        + ": part " + u.sequence() + " sent twice", s));
                return;
            }
        }
        parts.put(u.sequence(), s);
        int total = parts.firstEntry().getValue().udh().total();
        if (parts.size() < total) {
            return;
        }
        openSets.remove(key);
        List<Submit> ordered = List.copyOf(parts.values());
        int dc = ordered.get(0).dataCoding();
        if (ordered.stream().anyMatch(p -> p.dataCoding() != dc)) {
            violations.add(new Violation(Kind.MIXED_DATA_CODING, "reference " + u.reference() + " to " + s.destination()
                    + ": parts in data codings " + ordered.stream().map(Submit::dataCoding).toList(), s));
        }
        String where = s.systemId() + "|" + s.source() + "|" + s.destination() + "|" + u.concatIei();
        Deque<Integer> used = completedRefs.computeIfAbsent(where, k -> new ArrayDeque<>());
        if (used.contains(u.reference())) {
            violations.add(new Violation(Kind.REFERENCE_REUSED, "reference " + u.reference() + " to " + s.destination()
                    + " was used by an earlier message", s));
        }
        used.addLast(u.reference());
        // a reference may come round again once the 8-bit (or 16-bit) space has been used
        while (used.size() > (u.concatIei() == 0x00 ? 255 : 65535)) {
            used.removeFirst();
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ordered.forEach(p -> all.writeBytes(p.payload()));
        String text = SmppUserData.text(SmppUserData.alphabet(dc), all.toByteArray());
        record(messages, new Message(s.systemId(), s.source(), s.destination(), dc, text, ordered));
    }

    private void awaitGate() {
        CompletableFuture<Void> h = hold;
        if (h != null) {
            awaitQuietly(h, Duration.ofSeconds(60));
        }
        Duration d = delay;
        if (!d.isZero()) {
            awaitQuietly(CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)),
                    d.plusSeconds(5));
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f, Duration max) {
        try {
            f.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // answer anyway: a test that forgot to release must not hang the ESME forever
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Delivery enqueue(Outbound o) {
        outbound.add(o);
        dispatcher.execute(() -> dispatch(o));
        return o.snapshot();
    }

    private void flushPending() {
        for (Outbound o : outbound) {
            if (o.state == DeliveryState.PENDING && !o.scheduled) {
                dispatch(o);
            }
        }
    }

    /** Runs on the dispatcher thread only, so deliveries go out one at a time in the order they were queued. */
    private void dispatch(Outbound o) {
        o.scheduled = false;
        if (o.state != DeliveryState.PENDING || closed) {
            return;
        }
        Live receiver = live.values().stream()
                .filter(l -> o.systemId.equals(l.systemId) && l.session.getSessionState().isReceivable())
                .findFirst().orElse(null);
        if (receiver == null) {
            return; // waits for a receiver or transceiver bind: handshake() flushes
        }
        o.attempts++;
        try {
            receiver.session.deliverShortMessage("", TypeOfNumber.valueOf((byte) o.sourceTon), NumberingPlanIndicator.valueOf((byte) o.sourceNpi),
                    o.source, TypeOfNumber.valueOf((byte) o.destTon), NumberingPlanIndicator.valueOf((byte) o.destNpi), o.destination,
                    new ESMClass(o.esmClass), (byte) 0, (byte) 0, new RegisteredDelivery(0), DataCodings.newInstance((byte) o.dataCoding),
                    o.shortMessage, o.tlvs);
            o.commandStatus = 0;
            o.state = DeliveryState.DELIVERED;
            return;
        } catch (NegativeResponseException e) {
            o.commandStatus = e.getCommandStatus();
        } catch (PDUException | ResponseTimeoutException | InvalidResponseException | IOException e) {
            // no answer or a broken session: try again like a store-and-forward SMSC
        }
        if (o.attempts >= maxDeliveryAttempts) {
            o.state = DeliveryState.FAILED;
            return;
        }
        o.scheduled = true;
        dispatcher.schedule(() -> dispatch(o), redeliverAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Outbound {
        final long id = nextDeliveryId.getAndIncrement();
        final DeliveryKind kind;
        final String systemId;
        final String source;
        final int sourceTon;
        final int sourceNpi;
        final String destination;
        final int destTon;
        final int destNpi;
        final int esmClass;
        final int dataCoding;
        final byte[] shortMessage;
        final String text;
        final String receipted;
        final String stat;
        final OptionalParameter[] tlvs;
        volatile int attempts;
        volatile Integer commandStatus;
        volatile DeliveryState state = DeliveryState.PENDING;
        volatile boolean scheduled;

        Outbound(DeliveryKind kind, String systemId, String source, int sourceTon, int sourceNpi, String destination,
                 int destTon, int destNpi, int esmClass, int dataCoding, byte[] shortMessage, String text, String receipted,
                 String stat, OptionalParameter[] tlvs) {
            this.kind = kind;
            this.systemId = systemId;
            this.source = source;
            this.sourceTon = sourceTon;
            this.sourceNpi = sourceNpi;
            this.destination = destination;
            this.destTon = destTon;
            this.destNpi = destNpi;
            this.esmClass = esmClass;
            this.dataCoding = dataCoding;
            this.shortMessage = shortMessage;
            this.text = text;
            this.receipted = receipted;
            this.stat = stat;
            this.tlvs = tlvs;
        }

        Delivery snapshot() {
            return new Delivery(id, kind, source, destination, esmClass, dataCoding, text, receipted, stat, attempts,
                    commandStatus, state);
        }
    }

    private static final class Live {
        final SMPPServerSession session;
        final CountDownLatch closed = new CountDownLatch(1);
        volatile BindType type;
        volatile String systemId;
        volatile boolean dropping;
        volatile SubmitSmResult dropOn;
        /** The n-th submit's response is written. */
        volatile boolean answered;
        /** A submit_sm came after the n-th. */
        volatile boolean laterSubmit;
        final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

        Live(SMPPServerSession session) {
            this.session = session;
        }
    }

    private final class ResponseSent extends ServerResponseDeliveryAdapter {
        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
            Live l = live.get(source.getSessionId());
            if (l != null && l.dropOn == result) {
                l.answered = true;
                closeWhenDue(l);
            }
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            return onSubmit(submitSm, source);
        }

        @Override
        public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
            enquireLinks.incrementAndGet();
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("submit_multi");
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("query_sm");
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("replace_sm");
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("cancel_sm");
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("broadcast_sm");
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("cancel_broadcast_sm");
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported("query_broadcast_sm");
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw unsupported("data_sm");
        }

        private ProcessRequestException unsupported(String op) {
            return new ProcessRequestException(op + " is not offered by this SMSC", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** Listens on loopback only and remembers the port, so {@link #up()} comes back where the ESME expects it. */
    private static final class Loopback implements ServerConnectionFactory {
        volatile int port;

        @Override
        public ServerConnection listen(int p) throws IOException {
            return listen(p, 0, 50);
        }

        @Override
        public ServerConnection listen(int p, int timeout) throws IOException {
            return listen(p, timeout, 50);
        }

        @Override
        public ServerConnection listen(int p, int timeout, int backlog) throws IOException {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), backlog);
            ss.setSoTimeout(timeout);
            port = ss.getLocalPort();
            return new NoDelay(ss);
        }
    }

    /**
     * Accepted sockets with TCP_NODELAY, as SMPP servers built on Netty have by default: with Nagle's algorithm on, a
     * submit_sm_resp written while an earlier one is unacknowledged waits for the ESME's delayed ACK (about 40 ms on
     * Linux) whenever the ESME has nothing more to send, i.e. at the end of every batch.
     */
    private static final class NoDelay implements ServerConnection {
        private final ServerSocket ss;

        NoDelay(ServerSocket ss) {
            this.ss = ss;
        }

        @Override
        public Connection accept() throws IOException {
            Socket s = ss.accept();
            s.setTcpNoDelay(true);
            return new SocketConnection(s);
        }

        @Override
        public void setSoTimeout(int timeout) throws IOException {
            ss.setSoTimeout(timeout);
        }

        @Override
        public int getSoTimeout() throws IOException {
            return ss.getSoTimeout();
        }

        @Override
        public void close() throws IOException {
            ss.close();
        }
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

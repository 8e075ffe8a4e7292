package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.delivery.Receipts;
import cn.gongkai.hub.subscriber.OptOuts;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMS to an SMSC over SMPP 3.4 (the SMPP Forum's v3.4 Issue 1.2) with jSMPP: {@code submit_sm} (§4.4) per part on the
 * instance's one session ({@link SmppLink}), receipts and TD replies from {@code deliver_sm} (§4.6,
 * {@link SmppInbound}).
 *
 * <p>Each message goes in the parts {@link SmsSegments} computed: UCS2 (data_coding 8) unless every character is in
 * the GSM 7-bit default alphabet (data_coding 0); over 70 UCS2 characters (160 GSM) in parts of 67 (153) with a
 * concatenation header and one reference per message ({@link SmppParts}). Up to {@code window} submit_sm are in flight
 * at once: jSMPP's submit is synchronous, so {@code window} threads each carry one message, its parts one after the
 * other — a part goes only once the one before it was accepted, so a message the SMSC refuses is refused whole.
 *
 * <p>What submit_sm_resp means for a delivery: every part accepted → SENT, the reference is the first part's message
 * id and the others' ids are remembered with it (a receipt for any part finds the delivery); ESME_RTHROTTLED (0x58),
 * ESME_RMSGQFUL (0x14) or ESME_RSYSERR (0x08) on the first part → UNAVAILABLE (retried later); ESME_RINVDSTADR (0x0B)
 * → REJECTED for that number; any other refusal → REJECTED with the status' name; no answer within {@code timeout},
 * or the session dropped while waiting → IN_DOUBT; the session down before the first part went out → UNAVAILABLE.
 * Once a part was accepted, a message whose later part fails is IN_DOUBT: it is never sent again. No bound session
 * (bind refused, SMSC unreachable) → {@link ChannelUnavailableException} for the batch, naming the SMSC and why.
 *
 * <p>Not resend-safe: an SMSC does not de-duplicate submit_sm.
 */
@Singleton
@Named("smpp")
@Requires(property = "hub.channels.sms.selected.smpp", value = "true")
public class SmppTransport implements SmsTransport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmppTransport.class);
    private static final int REMEMBERED_LONG_MESSAGES = 200_000;

    /** Where what the SMSC delivers is recorded: the hub's receipts and opt-outs. */
    public interface Inbound {
        /** A receipt for the message the SMSC knows as {@code reference}. */
        void receipt(String reference, DeliveryReceipt receipt);

        /** {@code number} (11 digits) replied TD. */
        void optOut(String number, Instant at);
    }

    private final SmppConfig config;
    private final Inbound inbound;
    private final SmppPartReceipts partReceipts = new SmppPartReceipts(REMEMBERED_LONG_MESSAGES);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("smpp-link"));
    private final ThreadPoolExecutor window;
    private final SmppLink link;
    private final AtomicInteger reference = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
    private final TypeOfNumber sourceTon;
    private final NumberingPlanIndicator sourceNpi;
    private final TypeOfNumber destTon;
    private final NumberingPlanIndicator destNpi;

    @Inject
    public SmppTransport(SmppConfig config, Receipts receipts, OptOuts optOuts, HubConfig hub) {
        this(config, new Inbound() {
            @Override
            public void receipt(String ref, DeliveryReceipt receipt) {
                receipts.report(SmsChannel.NAME, "smpp", ref, receipt);
            }

            @Override
            public void optOut(String number, Instant at) {
                optOuts.optOut(SmsChannel.NAME, number, "smpp:TD", at);
            }
        }, hub.zoneId());
    }

    /** A transport that records inbound messages through {@code inbound}; binds in the background at once. */
    public SmppTransport(SmppConfig config, Inbound inbound, ZoneId zone) {
        this.config = config;
        this.inbound = inbound;
        this.sourceTon = TypeOfNumber.valueOf((byte) config.sourceTon());
        this.sourceNpi = NumberingPlanIndicator.valueOf(Byte.parseByte(config.sourceNpi()));
        this.destTon = TypeOfNumber.valueOf((byte) config.destTon());
        this.destNpi = NumberingPlanIndicator.valueOf(Byte.parseByte(config.destNpi()));
        this.window = new ThreadPoolExecutor(config.window(), config.window(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemon("smpp-submit"));
        this.link = new SmppLink(config, new SmppInbound(inbound, partReceipts, zone, Instant::now), scheduler);
        scheduler.scheduleWithFixedDelay(this::expirePartReceipts, 30, 30, TimeUnit.SECONDS);
        link.start();
    }

    @Override
    public String name() {
        return "smpp";
    }

    @Override
    public boolean resendSafe() {
        return false;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<SmsMessage>> batch) throws ChannelUnavailableException {
        long started = System.nanoTime();
        SMPPSession session = link.session(config.timeout());
        List<Future<DeliveryOutcome>> running = new ArrayList<>(batch.size());
        for (Addressed<SmsMessage> a : batch) {
            running.add(window.submit(() -> deliver(session, a)));
        }
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        boolean interrupted = false;
        for (int i = 0; i < running.size(); i++) {
            Future<DeliveryOutcome> f = running.get(i);
            while (true) {
                try {
                    out.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    // each message ends within its parts' timeouts: the outcomes are owed to the engine
                    interrupted = true;
                } catch (ExecutionException e) {
                    out.add(DeliveryOutcome.inDoubt(batch.get(i).delivery().id(), "unexpected error while sending: " + e.getCause()));
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        log(out, System.nanoTime() - started);
        return out;
    }

    /** Sends one message's parts in order on {@code session}. */
    private DeliveryOutcome deliver(SMPPSession session, Addressed<SmsMessage> a) {
        String id = a.delivery().id();
        String to = config.destination(a.delivery().target().address());
        List<SmppParts.Part> parts = SmppParts.of(a.message().text(), reference.incrementAndGet());
        List<String> ids = new ArrayList<>(parts.size());
        for (SmppParts.Part p : parts) {
            Answer answer = submit(session, to, p);
            if (answer.messageId != null) {
                ids.add(answer.messageId);
                continue;
            }
            String which = parts.size() == 1 ? "" : "part " + p.sequence() + " of " + p.total() + ": ";
            if (!ids.isEmpty()) {
                return DeliveryOutcome.inDoubt(id, which + answer.reason + ", after the SMSC had accepted part(s) "
                        + String.join(", ", ids) + ": the handset may show part of the message; it is not sent again");
            }
            return switch (answer.kind) {
                case NOT_SENT -> DeliveryOutcome.unavailable(id, which + answer.reason);
                case RETRY_LATER -> DeliveryOutcome.unavailable(id, which + "the SMSC answered " + answer.reason + ": retry later");
                case INVALID_DESTINATION -> DeliveryOutcome.rejected(id, "invalid destination " + to + ": the SMSC answered " + answer.reason);
                case REFUSED -> DeliveryOutcome.rejected(id, which + "the SMSC refused the message with " + answer.reason);
                case NO_ANSWER, ACCEPTED -> DeliveryOutcome.inDoubt(id, which + answer.reason);
            };
        }
        record(partReceipts.sent(ids, Instant.now()));
        return DeliveryOutcome.sent(new Receipt(id, 1, parts.size(), ids.get(0), ids.subList(1, ids.size())));
    }

    private enum Kind { ACCEPTED, NOT_SENT, RETRY_LATER, INVALID_DESTINATION, REFUSED, NO_ANSWER }

    private record Answer(Kind kind, String messageId, String reason) {
        static Answer of(Kind kind, String reason) {
            return new Answer(kind, null, reason);
        }
    }

    private Answer submit(SMPPSession session, String to, SmppParts.Part p) {
        if (!link.enter(session)) {
            return Answer.of(Kind.NOT_SENT, "the SMPP session dropped, the submit_sm did not go out");
        }
        try {
            String messageId = session.submitShortMessage("", sourceTon, sourceNpi, config.sourceAddr(), destTon, destNpi, to,
                    new ESMClass(p.esmClass()), (byte) 0, (byte) 0, null, null,
                    new RegisteredDelivery(config.registeredDelivery() ? 1 : 0), (byte) 0,
                    DataCodings.newInstance(p.dataCoding()), (byte) 0, p.shortMessage()).getMessageId();
            return new Answer(Kind.ACCEPTED, messageId, null);
        } catch (NegativeResponseException e) {
            int status = e.getCommandStatus();
            String name = SmppStatus.name(status);
            if (SmppStatus.transientRefusal(status)) {
                return Answer.of(Kind.RETRY_LATER, name);
            }
            return Answer.of(SmppStatus.invalidDestination(status) ? Kind.INVALID_DESTINATION : Kind.REFUSED, name);
        } catch (ResponseTimeoutException e) {
            return Answer.of(Kind.NO_ANSWER, link.isClosed(session)
                    ? "the SMPP session dropped before the submit_sm_resp came: the SMSC may have taken it"
                    : "no submit_sm_resp within " + config.timeout() + ": the SMSC may have taken it");
        } catch (InvalidResponseException e) {
            return Answer.of(Kind.NO_ANSWER, "the SMSC's answer to submit_sm was unreadable (" + e.getMessage() + "): it may have taken it");
        } catch (PDUException e) {
            return Answer.of(Kind.REFUSED, "a submit_sm that SMPP cannot carry (" + e.getMessage() + ")");
        } catch (IOException e) {
            // jSMPP throws this before writing (not bound) or when the write failed: an SMSC acts on a whole PDU only
            return Answer.of(Kind.NOT_SENT, "the SMPP session is down, the submit_sm did not go out (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            return Answer.of(Kind.NO_ANSWER, "unexpected error while submitting (" + e + "): the SMSC may have taken it");
        } finally {
            link.leave();
        }
    }

    private void log(List<DeliveryOutcome> out, long nanos) {
        int sent = 0;
        int parts = 0;
        int rejected = 0;
        int retry = 0;
        int inDoubt = 0;
        for (DeliveryOutcome o : out) {
            switch (o.kind()) {
                case SENT -> {
                    sent++;
                    parts += o.receipt().parts();
                }
                case REJECTED -> rejected++;
                case UNAVAILABLE -> retry++;
                default -> inDoubt++;
            }
        }
        LOG.info("sms via smpp: {} sent ({} parts), {} rejected, {} to retry, {} in doubt in {} ms", sent, parts, rejected,
                retry, inDoubt, TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    private void expirePartReceipts() {
        record(partReceipts.expire(Instant.now()));
    }

    /** Receipts of long messages let go of before every part reported (see {@link SmppPartReceipts}). */
    private void record(List<SmppInbound.Report> reports) {
        for (SmppInbound.Report r : reports) {
            try {
                inbound.receipt(r.messageId(), r.receipt());
            } catch (RuntimeException e) {
                LOG.warn("sms via smpp: cannot record the receipt of message {} now: {}", r.messageId(), e.toString());
            }
        }
    }

    /** Successful binds since the start (for tests and the benchmark). */
    int binds() {
        return link.binds();
    }

    /** Lets the submits under way finish (each within its timeout), then unbinds. */
    @PreDestroy
    @Override
    public void close() {
        window.shutdown();
        try {
            window.awaitTermination(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
        window.shutdownNow();
        scheduler.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

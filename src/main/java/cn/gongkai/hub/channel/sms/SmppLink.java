package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one long-lived SMPP session of this hub instance: bound (bind_transceiver or bind_transmitter, SMPP 3.4 §4.1)
 * in the background from the start, so a hub starts while its SMSC is down and the transport is simply unavailable
 * until the bind succeeds. jSMPP sends enquire_link after {@code enquire-link} without traffic and closes the session
 * when one goes unanswered; a session that closed (dropped, refused, timed out) is bound again after 1 s, then 2 s,
 * 4 s, … up to {@code reconnect-max}, and the wait goes back to 1 s once bound. Never more often: a carrier may lock an
 * account that binds in a loop.
 *
 * <p>A submit waiting for its submit_sm_resp when the session closes is woken at once (jSMPP itself would wait for
 * the whole timeout): its thread is interrupted, which jSMPP reports as a response timeout.
 */
final class SmppLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmppLink.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final SmppConfig config;
    private final MessageReceiverListener inbound;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private final String smsc;

    // all guarded by lock
    private SMPPSession session;
    private boolean connecting;
    private boolean closed;
    private Duration backoff = FIRST_BACKOFF;
    private Instant nextAttempt;
    private String problem = "not bound yet";
    private boolean inOutage;
    private int binds;
    private final Map<Thread, SMPPSession> inFlight = new HashMap<>();

    SmppLink(SmppConfig config, MessageReceiverListener inbound, ScheduledExecutorService scheduler) {
        this.config = config;
        this.inbound = inbound;
        this.scheduler = scheduler;
        this.smsc = "SMSC " + config.host() + ":" + config.port() + " (system_id " + config.systemId() + ")";
    }

    /** Starts binding in the background; returns at once. */
    void start() {
        synchronized (lock) {
            connecting = true;
        }
        scheduler.execute(this::connect);
    }

    /**
     * The bound session; waits up to {@code max} for a bind under way (the first one after start, a rebind that is
     * trying now). While it waits for its next attempt, the transport is unavailable at once.
     */
    SMPPSession session(Duration max) throws ChannelUnavailableException {
        synchronized (lock) {
            long deadline = System.nanoTime() + max.toNanos();
            while (session == null && connecting && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (session != null && session.getSessionState().isTransmittable()) {
                return session;
            }
            throw new ChannelUnavailableException(unavailable());
        }
    }

    /** Why there is no session, for outcomes and logs. */
    String unavailable() {
        synchronized (lock) {
            if (closed) {
                return smsc + ": the transport is shut down";
            }
            String next = connecting ? "binding now" : nextAttempt == null ? "" : "next bind attempt in "
                    + Math.max(0, Duration.between(Instant.now(), nextAttempt).toMillis()) + " ms";
            return smsc + " unavailable: " + problem + (next.isEmpty() ? "" : "; " + next);
        }
    }

    /** Successful binds since the start. */
    int binds() {
        synchronized (lock) {
            return binds;
        }
    }

    /**
     * Marks the calling thread as submitting on {@code s}, so that it is woken if {@code s} closes; false when
     * {@code s} is no longer the bound session (nothing may be sent on it).
     */
    boolean enter(SMPPSession s) {
        synchronized (lock) {
            if (session != s || !s.getSessionState().isTransmittable()) {
                return false;
            }
            inFlight.put(Thread.currentThread(), s);
            return true;
        }
    }

    /** The calling thread's submit is over; clears an interrupt meant for it. */
    void leave() {
        synchronized (lock) {
            inFlight.remove(Thread.currentThread());
        }
        // past this point nothing interrupts this thread for the session: drop a wake-up that came after the answer
        Thread.interrupted();
    }

    boolean isClosed(SMPPSession s) {
        return s.getSessionState() == SessionState.CLOSED;
    }

    @Override
    public void close() {
        SMPPSession s;
        synchronized (lock) {
            closed = true;
            s = session;
            session = null;
            lock.notifyAll();
        }
        if (s != null) {
            s.unbindAndClose();
            LOG.info("sms via smpp: unbound from {}", smsc);
        }
    }

    private void connect() {
        synchronized (lock) {
            if (closed) {
                connecting = false;
                lock.notifyAll();
                return;
            }
            connecting = true;
        }
        SMPPSession s = new SMPPSession(this::connection);
        s.setTransactionTimer(config.timeout().toMillis());
        s.setEnquireLinkTimer((int) Math.min(Integer.MAX_VALUE, config.enquireLink().toMillis()));
        s.setMessageReceiverListener(inbound);
        s.addSessionStateListener((now, before, source) -> {
            if (now == SessionState.CLOSED) {
                dropped(s);
            }
        });
        BindType type = config.transceiver() ? BindType.BIND_TRX : BindType.BIND_TX;
        try {
            s.connectAndBind(config.host(), config.port(), new BindParameter(type, config.systemId(), config.password(),
                    config.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null, InterfaceVersion.IF_34),
                    config.timeout().toMillis());
        } catch (IOException e) {
            s.close();
            failed(describe(type, e));
            return;
        }
        boolean unbindNow;
        synchronized (lock) {
            unbindNow = closed;
            connecting = false;
            if (!closed) {
                session = s;
                binds++;
                backoff = FIRST_BACKOFF;
                nextAttempt = null;
                if (inOutage) {
                    LOG.info("sms via smpp: bound to {} again ({})", smsc, config.bind());
                } else {
                    LOG.info("sms via smpp: bound to {} ({})", smsc, config.bind());
                }
                inOutage = false;
                problem = null;
            }
            lock.notifyAll();
        }
        if (unbindNow) {
            s.unbindAndClose();
        } else if (!s.getSessionState().isBound()) {
            dropped(s); // closed between the bind_resp and here: its listener found it not yet the session
        }
    }

    /**
     * jSMPP's socket factory connects without a timeout (an unreachable SMSC must not hold the bind for minutes) and
     * leaves Nagle's algorithm on, under which a small submit_sm written while an earlier one is unacknowledged waits
     * for the SMSC's delayed ACK.
     */
    private Connection connection(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()));
            return new SocketConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void failed(String why) {
        synchronized (lock) {
            connecting = false;
            problem = why;
            if (!closed) {
                scheduleRebind();
                if (!inOutage) {
                    LOG.warn("sms via smpp: {}: {}; binding again with backoff up to {}", smsc, why, config.reconnectMax());
                    inOutage = true;
                } else {
                    LOG.debug("sms via smpp: {}: {}", smsc, why);
                }
            }
            lock.notifyAll();
        }
    }

    private void dropped(SMPPSession s) {
        synchronized (lock) {
            if (session != s) {
                return;
            }
            session = null;
            inFlight.forEach((thread, on) -> {
                if (on == s) {
                    thread.interrupt();
                }
            });
            if (closed) {
                return;
            }
            problem = "the session dropped";
            if (!inOutage) {
                LOG.warn("sms via smpp: the session to {} dropped; binding again in {}", smsc, backoff);
                inOutage = true;
            }
            scheduleRebind();
            lock.notifyAll();
        }
    }

    /** Under lock. */
    private void scheduleRebind() {
        Duration wait = backoff;
        nextAttempt = Instant.now().plus(wait);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(config.reconnectMax()) > 0 ? config.reconnectMax() : doubled;
        try {
            scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    private String describe(BindType type, IOException e) {
        String command = type == BindType.BIND_TRX ? "bind_transceiver" : "bind_transmitter";
        if (e.getCause() instanceof NegativeResponseException n) {
            return command + " refused with " + SmppStatus.name(n.getCommandStatus());
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.SocketTimeoutException
                || e instanceof java.net.UnknownHostException || e instanceof java.net.NoRouteToHostException) {
            return "cannot connect: " + e.getMessage();
        }
        return command + " failed: " + e.getMessage();
    }
}

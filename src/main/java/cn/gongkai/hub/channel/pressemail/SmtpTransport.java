package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.item.AttachmentStore;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Press e-mail through a mail server over SMTP (RFC 5321) with Angus Mail 2.0.5's {@link SMTPTransport}: STARTTLS
 * (RFC 3207, required: no plain-text fallback) or implicit TLS (RFC 8314, {@code smtps}), the server's certificate
 * checked against {@code smtp.host} ({@code mail.smtp.ssl.checkserveridentity}) by the JDK's trusted certificates,
 * AUTH (RFC 4954) when {@code smtp.username} is set, and {@code smtp.timeout} on connect, every read and every write.
 *
 * <p>One connection per batch: connect (greeting, EHLO, STARTTLS, AUTH) once, then MAIL FROM / RCPT TO / DATA per
 * message, each addressed to its one contact, then QUIT. The delivery's reference is the message's Message-ID, which
 * the renderer makes stable per delivery. The message goes out byte for byte as the renderer built it and as the outbox
 * writes it: 7-bit (quoted-printable or base64), whether or not the server offers 8BITMIME (RFC 6152). Angus's
 * {@code allow8bitmime} would re-encode the text parts to 8bit in place, so the bytes would no longer be the ones the
 * outbox shows, and it still sends {@code MAIL FROM} without {@code BODY=8BITMIME}, which RFC 6152 §3 requires of a
 * client sending 8-bit data; all it would save is the base64 overhead of the text parts (attachments are base64 either
 * way).
 *
 * <p>Outcomes: nothing sent when the connection, TLS, EHLO or AUTH fails, or the server refuses MAIL FROM (4xx or
 * 5xx: a sender or account problem that every message would meet) → {@link ChannelUnavailableException}; when some
 * messages of the batch went, the rest come back UNAVAILABLE instead. RCPT TO refused with 5xx → REJECTED with the
 * server's reply (one recipient per message, so {@code mail.smtp.sendpartial} never matters); 4xx at RCPT TO, DATA or
 * after the data → UNAVAILABLE for that delivery, the others go on. 5xx after the data → REJECTED. No answer after the
 * data went out (read timeout, connection dropped) → IN_DOUBT: the server may have queued it, so it is never resent
 * automatically. A refused login is reported with what a person must fix. WARN once per outage, INFO per batch.
 */
@Singleton
@Named(SmtpTransport.NAME)
@Requires(property = "hub.channels.press-email.selected.smtp", value = "true")
public class SmtpTransport implements PressEmailTransport {
    public static final String NAME = "smtp";
    static final String FILE = "channel-config/" + PressEmailChannel.NAME + ".yml";
    private static final Logger LOG = LoggerFactory.getLogger(SmtpTransport.class);

    private final SmtpConfig config;
    private final boolean implicitTls;
    private final String server;
    private final Session session;
    /** The kind of the outage being reported (connect, tls, auth, mail, connection), null while the server answers. */
    private final AtomicReference<String> outage = new AtomicReference<>();

    @Inject
    public SmtpTransport(SmtpConfig config) {
        this(config, null);
    }

    /**
     * @param tls the factory TLS sockets are made with, or null for the JDK's default (its trusted CA certificates);
     *            tests pass one that trusts the loopback certificate
     */
    SmtpTransport(SmtpConfig config, SSLSocketFactory tls) {
        checkCredentials(config);
        this.config = config;
        this.implicitTls = config.security().equals("tls");
        this.server = config.host() + ":" + config.port();
        this.session = Session.getInstance(properties(config, implicitTls ? "smtps" : "smtp", tls));
    }

    /** A username needs a password and the reverse; a password never crosses a network in clear text. */
    private static void checkCredentials(SmtpConfig c) {
        if (!c.username().isEmpty() && c.password().isEmpty()) {
            throw new ConfigException(FILE + ": smtp.password: is empty but smtp.username is set, and AUTH needs both: set the"
                    + " environment variable smtp.password names (SMTP_PASSWORD in the shipped file), or leave smtp.username"
                    + " empty for a relay that takes mail without AUTH");
        }
        if (c.username().isEmpty() && !c.password().isEmpty()) {
            throw new ConfigException(FILE + ": smtp.username: is empty but smtp.password is set: set the environment variable"
                    + " smtp.username names (SMTP_USERNAME in the shipped file), or leave both empty for a relay without AUTH");
        }
        if (!c.username().isEmpty() && c.security().equals("none") && !loopback(c.host())) {
            throw new ConfigException(FILE + ": smtp.security: none would send the password to " + c.host()
                    + " in clear text: use starttls or tls (none is for a relay on this machine)");
        }
    }

    private static boolean loopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    static Properties properties(SmtpConfig c, String protocol, SSLSocketFactory tls) {
        String p = "mail." + protocol + ".";
        String ms = Long.toString(Math.max(1, Math.min(Integer.MAX_VALUE, c.timeout().toMillis())));
        Properties props = new Properties();
        props.setProperty(p + "host", c.host());
        props.setProperty(p + "port", Integer.toString(c.port()));
        props.setProperty(p + "connectiontimeout", ms);
        props.setProperty(p + "timeout", ms);
        props.setProperty(p + "writetimeout", ms);
        props.setProperty(p + "auth", Boolean.toString(!c.username().isEmpty()));
        props.setProperty(p + "allow8bitmime", "false");
        props.setProperty(p + "ssl.checkserveridentity", "true");
        if (c.security().equals("starttls")) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        // Angus's TLS (STARTTLS, and implicit TLS with the JDK's factory) is layered over this plain socket
        props.put(p + "socketFactory", NoDelaySockets.INSTANCE);
        // Angus would otherwise connect a second time with its own factory when this one fails, and report that
        props.setProperty(p + "socketFactory.fallback", "false");
        if (tls != null && !c.security().equals("none")) {
            props.put(p + "ssl.socketFactory", tls);
        }
        if (!c.heloName().isEmpty()) {
            props.setProperty(p + "localhost", c.heloName());
        }
        return props;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A message found half-sent is left IN_DOUBT: a mail server delivers a second copy, Message-ID or not. */
    @Override
    public boolean resendSafe() {
        return false;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<MimeMessage>> batch) throws ChannelUnavailableException {
        long started = System.nanoTime();
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        Client client = connect();
        int connections = 1;
        String stopped = null;
        String stoppedKind = null;
        try {
            for (Addressed<MimeMessage> a : batch) {
                String id = a.delivery().id();
                if (stopped == null && client == null) {
                    try {
                        client = connect();
                        connections++;
                    } catch (ChannelUnavailableException e) {
                        stopped = e.getMessage();
                        stoppedKind = Objects.requireNonNullElse(outage.get(), "connect");
                    }
                }
                if (stopped != null) {
                    out.add(DeliveryOutcome.unavailable(id, "not attempted: " + stopped));
                    continue;
                }
                Attempt r = attempt(client, a);
                out.add(r.outcome());
                if (r.outcome().isSent()) {
                    continue;
                }
                if (r.stop() != null) {
                    stopped = r.stop();
                    stoppedKind = "mail";
                } else if (!client.isConnected()) {
                    if (r.ours()) {
                        // our message failed and Angus hung up mid-DATA: the server is fine, the rest get a new connection
                        client = null;
                    } else {
                        stopped = "the connection to " + server + " was lost";
                        stoppedKind = "connection";
                    }
                }
            }
        } finally {
            close(client);
        }
        if (stopped != null && out.stream().allMatch(DeliveryOutcome::isUnavailable)) {
            throw unavailable(stoppedKind, stopped, null);
        }
        if (stopped != null) {
            warnOnce(stoppedKind, stopped);
        } else {
            answering();
        }
        log(out, connections, started);
        return out;
    }

    private Client connect() throws ChannelUnavailableException {
        Client c = new Client(session, config, implicitTls);
        try {
            if (config.username().isEmpty()) {
                c.connect(config.host(), config.port(), null, null);
            } else {
                c.connect(config.host(), config.port(), config.username(), config.password());
            }
            return c;
        } catch (AuthenticationFailedException e) {
            throw unavailable("auth", server + " refused the login of " + config.username() + " (" + oneLine(e.getMessage())
                    + "): a person must fix smtp.username or the password (smtp.password)", e);
        } catch (MessagingException e) {
            String what = describe(e);
            if (find(e, SSLException.class) != null || what.contains("STARTTLS")) {
                throw unavailable("tls", "no TLS session with " + server + ": " + what, e);
            }
            throw unavailable("connect", "no SMTP session with " + server + ": " + what, e);
        }
    }

    /** One message: its outcome, and whether the rest of the batch must stop ({@code stop}) or may go on. */
    private record Attempt(DeliveryOutcome outcome, String stop, boolean ours) {
        static Attempt next(DeliveryOutcome o) {
            return new Attempt(o, null, false);
        }
    }

    private Attempt attempt(Client client, Addressed<MimeMessage> a) {
        String id = a.delivery().id();
        MimeMessage m = a.message();
        Address[] to;
        String messageId;
        try {
            to = m.getAllRecipients();
            messageId = m.getMessageID();
        } catch (MessagingException e) {
            return Attempt.next(DeliveryOutcome.rejected(id, "the rendered message cannot be read: " + describe(e)));
        }
        if (to == null || to.length != 1) {
            return Attempt.next(DeliveryOutcome.rejected(id, "a press e-mail goes to one contact alone, this one has "
                    + (to == null ? 0 : to.length) + " recipients"));
        }
        client.dataEnded = false;
        try {
            client.sendMessage(m, to);
            return Attempt.next(DeliveryOutcome.sent(new Receipt(id, 1, 1, messageId)));
        } catch (MessagingException | IllegalStateException e) {
            return failed(id, client.dataEnded, e);
        }
    }

    private Attempt failed(String id, boolean dataEnded, Exception e) {
        AttachmentStore.AttachmentChangedException changed = find(e, AttachmentStore.AttachmentChangedException.class);
        if (changed != null) {
            return new Attempt(DeliveryOutcome.refused(id, changed.getMessage()), null, true);
        }
        if (dataEnded) {
            if (e instanceof SMTPSendFailedException f && ".".equals(f.getCommand()) && answered(f.getReturnCode())) {
                return Attempt.next(reply(id, f.getReturnCode(), oneLine(f.getMessage())));
            }
            return Attempt.next(DeliveryOutcome.inDoubt(id, "the message went to " + server + " but its answer never came ("
                    + describe(e) + "): it may have been accepted, ask the mail server's operator before resending"));
        }
        SMTPAddressFailedException rcpt = find(e, SMTPAddressFailedException.class);
        if (rcpt != null && answered(rcpt.getReturnCode())) {
            return Attempt.next(reply(id, rcpt.getReturnCode(), oneLine(rcpt.getMessage())));
        }
        if (e instanceof SMTPSendFailedException f && f.getCommand() != null && f.getCommand().startsWith("MAIL")
                && answered(f.getReturnCode())) {
            // the sender or the account is refused: every other message of the batch would meet the same answer
            String why = server + " refused MAIL FROM: " + oneLine(f.getMessage());
            return new Attempt(DeliveryOutcome.unavailable(id, why), why, false);
        }
        if (e instanceof SMTPSendFailedException f && "DATA".equals(f.getCommand()) && answered(f.getReturnCode())) {
            return Attempt.next(reply(id, f.getReturnCode(), oneLine(f.getMessage())));
        }
        return Attempt.next(DeliveryOutcome.unavailable(id, "not sent: " + describe(e)));
    }

    private static boolean answered(int code) {
        return code >= 400 && code < 600;
    }

    /** A server's 4xx is "not now" (certainly not accepted), its 5xx "never" for this message. */
    private static DeliveryOutcome reply(String id, int code, String text) {
        return code >= 500 ? DeliveryOutcome.rejected(id, text) : DeliveryOutcome.unavailable(id, text);
    }

    private void close(Client c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (MessagingException e) {
            // QUIT after the messages: whatever the server answers, what it accepted stays accepted
        }
    }

    private ChannelUnavailableException unavailable(String kind, String reason, Throwable cause) {
        warnOnce(kind, reason);
        return new ChannelUnavailableException(reason, cause);
    }

    private void warnOnce(String kind, String reason) {
        if (!kind.equals(outage.getAndSet(kind))) {
            LOG.warn("{} {}: {}", PressEmailChannel.NAME, NAME, reason);
        }
    }

    private void answering() {
        if (outage.getAndSet(null) != null) {
            LOG.info("{} {}: {} answers again", PressEmailChannel.NAME, NAME, server);
        }
    }

    private void log(List<DeliveryOutcome> out, int connections, long started) {
        Map<DeliveryOutcome.Kind, Integer> n = new EnumMap<>(DeliveryOutcome.Kind.class);
        out.forEach(o -> n.merge(o.kind(), 1, Integer::sum));
        LOG.info("{} {}: {} sent, {} failed, {} to retry, {} in doubt, {} refused; {} connection(s) to {} in {} ms",
                PressEmailChannel.NAME, NAME, n.getOrDefault(DeliveryOutcome.Kind.SENT, 0), n.getOrDefault(DeliveryOutcome.Kind.REJECTED, 0),
                n.getOrDefault(DeliveryOutcome.Kind.UNAVAILABLE, 0), n.getOrDefault(DeliveryOutcome.Kind.IN_DOUBT, 0),
                n.getOrDefault(DeliveryOutcome.Kind.REFUSED, 0), connections, server,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Jakarta Mail chains with {@code setNextException}, which {@code getCause} returns. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** An exception and what it wraps, each message once, on one line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            String m = t.getMessage() == null ? null : oneLine(t.getMessage());
            if (m != null && !m.isEmpty() && sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return oneLine(sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString());
    }

    /** A server reply or an exception's message on one line. */
    static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }

    /**
     * Sockets with TCP_NODELAY. The last segment of a message's data (with the {@code .} line) is smaller than a full
     * one, so Nagle's algorithm holds it until the server acknowledges the previous segments, which the server delays
     * (40 ms on Linux) as it has nothing to answer before the end of the data: without this every message waited that
     * long (about 20 messages a second to GreenMail on loopback, against 90 to 150 with it; see SmtpBenchmark).
     */
    static final class NoDelaySockets extends SocketFactory {
        static final NoDelaySockets INSTANCE = new NoDelaySockets();

        /** The one Angus's {@code SocketFetcher} calls: it connects the socket itself, with the connect timeout. */
        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return createSocket(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return createSocket(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return createSocket(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return createSocket(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private Socket createSocket(InetSocketAddress to, InetSocketAddress from) throws IOException {
            Socket s = createSocket();
            if (from != null) {
                s.bind(from);
            }
            s.connect(to);
            return s;
        }
    }

    /**
     * Angus's client, telling whether the end of a message's data went out: from {@link #finishData} on, a missing
     * answer means the server may have the message.
     */
    static final class Client extends SMTPTransport {
        boolean dataEnded;

        Client(Session session, SmtpConfig c, boolean implicitTls) {
            super(session, new URLName(implicitTls ? "smtps" : "smtp", c.host(), c.port(), null, null, null),
                    implicitTls ? "smtps" : "smtp", implicitTls);
        }

        @Override
        protected OutputStream data() throws MessagingException {
            dataEnded = false;
            return super.data();
        }

        @Override
        protected void finishData() throws IOException, MessagingException {
            dataEnded = true;
            super.finishData();
        }
    }
}

package cn.gongkai.hub.vendor;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict SMTP server (RFC 5321, with RFC 3207 STARTTLS, RFC 4954 AUTH PLAIN/LOGIN, RFC 6152 8BITMIME,
 * RFC 1870 SIZE) on a free loopback port, for the press-email transport's failure cases that GreenMail cannot play
 * ({@link Mailbox} says why). Replies follow Postfix's wording and enhanced status codes.
 * <ul>
 *   <li>EHLO advertises SIZE, ENHANCEDSTATUSCODES, and as configured STARTTLS, AUTH PLAIN LOGIN (after TLS only, when
 *       STARTTLS is offered, like Postfix's {@code smtpd_tls_auth_only}) and 8BITMIME.</li>
 *   <li>commands out of order get 503, unknown ones 502, bad syntax 501/555; MAIL before STARTTLS gets 530 when TLS
 *       is required, MAIL without AUTH 530 when credentials are configured.</li>
 *   <li>DATA is taken byte for byte ({@link Received#data()}: dot-unstuffed, without the final {@code .CRLF}) and
 *       refused with 554 (and a {@link Violation}) for 8-bit octets when 8BITMIME was not offered, bare CR or LF, a
 *       line over 998 octets, or more than the SIZE limit. 8-bit data after a MAIL FROM without
 *       {@code BODY=8BITMIME} is accepted, as Postfix does, and recorded as {@link Kind#BODY_8BITMIME_MISSING}.</li>
 * </ul>
 * Switches: a reply per recipient ({@link #refuseRecipient}: {@code 550 5.1.1}), {@code 451 4.3.0 try again later} at
 * MAIL, RCPT or the end of DATA for the next N times or until cleared, a connection dropped without a reply at a
 * stage, a stage left without any reply until the client gives up ({@link #stallNext}: a server that hangs), the
 * first N arrivals at a stage let through before those switches strike ({@link #passNext}: the second message of a
 * connection fails, not the first), and {@link #down()}/{@link #up()} on the same port.
 */
public final class SmtpPeer implements AutoCloseable {
    public static final String TRY_AGAIN = "451 4.3.0 try again later";

    public enum Security {
        /** No TLS at all. */
        PLAIN,
        /** STARTTLS offered, plain text allowed. */
        STARTTLS,
        /** STARTTLS offered, MAIL refused before it (530 5.7.0). */
        STARTTLS_REQUIRED,
        /** TLS from the first byte (SMTPS, port 465 style). */
        IMPLICIT_TLS
    }

    /** Where a temporary failure or a dropped connection strikes. */
    public enum Stage {
        MAIL, RCPT, DATA_END
    }

    public enum Kind {
        /** 8-bit octets to a server that did not offer 8BITMIME: refused (554). */
        EIGHT_BIT_NOT_OFFERED,
        /** 8-bit octets after MAIL without BODY=8BITMIME (RFC 6152 §3 says must); accepted, as Postfix does. */
        BODY_8BITMIME_MISSING,
        BARE_CR_OR_LF, LINE_TOO_LONG, TOO_BIG, BAD_SEQUENCE, BAD_SYNTAX, UNKNOWN_COMMAND,
        TLS_REQUIRED, AUTH_REQUIRED, AUTH_FAILED
    }

    public record Violation(Kind kind, String detail, int session) {
    }

    public record Refusal(String address, String reply) {
    }

    /**
     * A message the server accepted (250 after DATA). {@code mailParameters} are the MAIL FROM parameters as sent
     * ({@code BODY=8BITMIME}, {@code SIZE=...}), {@code data} the message octets as received, dot-unstuffed, ending
     * with the CRLF of its last line (a client adds that CRLF when the message it was given lacks one).
     */
    public record Received(int session, int transaction, String mailFrom, List<String> mailParameters, List<String> recipients,
                           List<Refusal> refused, byte[] data, boolean tls, String authUser, Instant at) {
        public String dataAsString() {
            return new String(data, StandardCharsets.UTF_8);
        }

        public MimeMessage mime() {
            try {
                return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }

        public boolean eightBit() {
            for (byte b : data) {
                if (b < 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One connection: what was negotiated and the dialogue (AUTH payloads left out). */
    public record Connection(int index, boolean tls, String helo, String authUser, int messages, List<String> transcript) {
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Security security = Security.PLAIN;
        private boolean eightBitMime = true;
        private String user;
        private String password;
        private long maxSize = 10_240_000;
        private String hostname = "mx.gongkai.test";

        public Builder security(Security s) {
            security = s;
            return this;
        }

        public Builder eightBitMime(boolean offered) {
            eightBitMime = offered;
            return this;
        }

        /** Offer AUTH PLAIN LOGIN and refuse MAIL until the client authenticated as {@code user}. */
        public Builder auth(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public Builder maxSize(long octets) {
            maxSize = octets;
            return this;
        }

        public Builder hostname(String name) {
            hostname = name;
            return this;
        }

        public SmtpPeer start() {
            SmtpPeer p = new SmtpPeer(this);
            p.up();
            return p;
        }
    }

    private final Security security;
    private final boolean eightBitMime;
    private final String user;
    private final String password;
    private final long maxSize;
    private final String hostname;
    private final ExecutorService threads = Executors.newCachedThreadPool(Smsc.daemon("smtp-peer"));
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Violation> violations = new CopyOnWriteArrayList<>();
    private final List<Conn> connections = new CopyOnWriteArrayList<>();
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final Map<Stage, AtomicInteger> deferNext = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> dropNext = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> stallNext = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> passNext = new EnumMap<>(Stage.class);
    private final Set<Stage> deferring = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queueIds = new AtomicInteger(0x4A10);
    private volatile ServerSocket server;
    private volatile int port;

    private SmtpPeer(Builder b) {
        security = b.security;
        eightBitMime = b.eightBitMime;
        user = b.user;
        password = b.password;
        maxSize = b.maxSize;
        hostname = b.hostname;
        for (Stage s : Stage.values()) {
            deferNext.put(s, new AtomicInteger());
            dropNext.put(s, new AtomicInteger());
            stallNext.put(s, new AtomicInteger());
            passNext.put(s, new AtomicInteger());
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Jakarta Mail settings to reach this server as configured (STARTTLS required when offered, AUTH when set). */
    public Properties sessionProperties() {
        String proto = security == Security.IMPLICIT_TLS ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", host());
        p.put("mail." + proto + ".port", String.valueOf(port));
        p.put("mail." + proto + ".connectiontimeout", "5000");
        p.put("mail." + proto + ".timeout", "5000");
        p.put("mail." + proto + ".auth", String.valueOf(user != null));
        if (security != Security.PLAIN) {
            p.put("mail." + proto + ".ssl.socketFactory", LoopbackTls.get().clientSocketFactory());
        }
        if (security == Security.STARTTLS || security == Security.STARTTLS_REQUIRED) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        return p;
    }

    /** RCPT TO this address gets {@code 550 5.1.1 <address>: Recipient address rejected: User unknown ...}. */
    public SmtpPeer refuseRecipient(String address) {
        return answerRecipient(address, "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown in local recipient table");
    }

    /** RCPT TO this address gets {@code reply} (a 4xx or 5xx line). */
    public SmtpPeer answerRecipient(String address, String reply) {
        recipientReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    /** The next {@code n} times {@code stage} is reached it is answered {@value #TRY_AGAIN}. */
    public SmtpPeer deferNext(int n, Stage stage) {
        deferNext.get(stage).addAndGet(n);
        return this;
    }

    /** {@code stage} is answered {@value #TRY_AGAIN} until {@link #stopDeferring()}. */
    public SmtpPeer deferAll(Stage stage) {
        deferring.add(stage);
        return this;
    }

    public SmtpPeer stopDeferring() {
        deferring.clear();
        deferNext.values().forEach(c -> c.set(0));
        return this;
    }

    /** The next {@code n} times {@code stage} is reached the connection is closed without a reply. */
    public SmtpPeer dropNext(int n, Stage stage) {
        dropNext.get(stage).addAndGet(n);
        return this;
    }

    /**
     * The next {@code n} times {@code stage} is reached nothing is answered: the connection stays open, silent, until
     * the client closes it (its read timeout), as a hung server or a lost network path looks to a client.
     */
    public SmtpPeer stallNext(int n, Stage stage) {
        stallNext.get(stage).addAndGet(n);
        return this;
    }

    /**
     * The next {@code n} arrivals at {@code stage} go through normally before the other switches of that stage strike,
     * so {@code passNext(1, MAIL).dropNext(1, MAIL)} lets the first message through and drops the connection at the
     * MAIL of the second.
     */
    public SmtpPeer passNext(int n, Stage stage) {
        passNext.get(stage).addAndGet(n);
        return this;
    }

    /** Connections are refused from now on; open ones are cut. */
    public synchronized SmtpPeer down() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
        for (Socket c : open) {
            closeQuietly(c);
        }
        return this;
    }

    /** Listens (again) on the same port. */
    public synchronized SmtpPeer up() {
        if (server != null) {
            return this;
        }
        try {
            ServerSocket s = security == Security.IMPLICIT_TLS
                    ? LoopbackTls.get().serverContext().getServerSocketFactory().createServerSocket()
                    : new ServerSocket();
            if (s instanceof SSLServerSocket ssl) {
                ssl.setUseClientMode(false);
            }
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            port = s.getLocalPort();
            server = s;
            threads.execute(() -> accept(s));
        } catch (IOException e) {
            throw new IllegalStateException("SMTP peer cannot listen on loopback port " + port, e);
        }
        return this;
    }

    @Override
    public void close() {
        down();
        threads.shutdownNow();
    }

    public List<Received> messages() {
        return List.copyOf(received);
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public List<Connection> connections() {
        return connections.stream().map(Conn::snapshot).toList();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                open.add(c);
                threads.execute(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Conn conn = new Conn(connections.size() + 1, socket, security == Security.IMPLICIT_TLS);
        connections.add(conn);
        try {
            socket.setSoTimeout(30_000);
            conn.streams(socket);
            conn.reply("220 " + hostname + " ESMTP Gongkai test peer");
            while (!conn.quit) {
                String line = conn.readLine(512 + 12288);
                if (line == null) {
                    break;
                }
                command(conn, line);
            }
        } catch (IOException | Dropped e) {
            // client went away, or the test asked for a dropped connection
        } finally {
            closeQuietly(conn.socket);
            open.remove(socket);
            open.remove(conn.socket);
        }
    }

    private static final class Dropped extends RuntimeException {
        Dropped() {
            super(null, null, false, false);
        }
    }

    private static final Pattern MAIL = Pattern.compile("(?i)MAIL FROM:<([^<>]*)>((?: +[^ ]+)*) *");
    private static final Pattern RCPT = Pattern.compile("(?i)RCPT TO:<([^<>]+)>((?: +[^ ]+)*) *");

    private void command(Conn c, String line) throws IOException {
        String verb = (line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line).toUpperCase(Locale.ROOT);
        String arg = line.contains(" ") ? line.substring(line.indexOf(' ') + 1).trim() : "";
        c.log("C: " + (verb.equals("AUTH") ? "AUTH " + arg.split(" ")[0] + " ***" : line));
        switch (verb) {
            case "EHLO":
            case "HELO":
                if (arg.isEmpty()) {
                    violation(c, Kind.BAD_SYNTAX, line);
                    c.reply("501 5.5.4 Syntax: " + verb + " hostname");
                    return;
                }
                c.helo = arg;
                c.reset();
                if (verb.equals("HELO")) {
                    c.reply("250 " + hostname);
                } else {
                    c.replyLines(ehlo(c));
                }
                return;
            case "STARTTLS":
                startTls(c, arg);
                return;
            case "AUTH":
                auth(c, arg);
                return;
            case "MAIL":
                mail(c, line);
                return;
            case "RCPT":
                rcpt(c, line);
                return;
            case "DATA":
                data(c, arg);
                return;
            case "RSET":
                c.reset();
                c.reply("250 2.0.0 Ok");
                return;
            case "NOOP":
                c.reply("250 2.0.0 Ok");
                return;
            case "VRFY":
                c.reply("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
                return;
            case "QUIT":
                c.reply("221 2.0.0 Bye");
                c.quit = true;
                return;
            default:
                violation(c, Kind.UNKNOWN_COMMAND, line);
                c.reply("502 5.5.2 Error: command not recognized");
        }
    }

    private List<String> ehlo(Conn c) {
        List<String> ext = new ArrayList<>();
        ext.add(hostname);
        ext.add("SIZE " + maxSize);
        if (!c.tls && (security == Security.STARTTLS || security == Security.STARTTLS_REQUIRED)) {
            ext.add("STARTTLS");
        }
        if (authOffered(c)) {
            ext.add("AUTH PLAIN LOGIN");
        }
        if (eightBitMime) {
            ext.add("8BITMIME");
        }
        ext.add("ENHANCEDSTATUSCODES");
        return ext;
    }

    private boolean authOffered(Conn c) {
        return user != null && (c.tls || security == Security.PLAIN);
    }

    private void startTls(Conn c, String arg) throws IOException {
        if (c.tls) {
            violation(c, Kind.BAD_SEQUENCE, "STARTTLS inside TLS");
            c.reply("554 5.5.1 Error: TLS already active");
            return;
        }
        if (security != Security.STARTTLS && security != Security.STARTTLS_REQUIRED) {
            c.reply("502 5.5.1 Error: command not implemented");
            return;
        }
        if (!arg.isEmpty()) {
            c.reply("501 5.5.4 Syntax: STARTTLS");
            return;
        }
        if (c.helo == null) {
            violation(c, Kind.BAD_SEQUENCE, "STARTTLS before EHLO");
            c.reply("503 5.5.1 Error: send HELO/EHLO first");
            return;
        }
        c.reply("220 2.0.0 Ready to start TLS");
        SSLSocket tls = (SSLSocket) LoopbackTls.get().serverContext().getSocketFactory()
                .createSocket(c.socket, host(), c.socket.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        c.socket = tls;
        open.add(tls);
        c.streams(tls);
        c.tls = true;
        // RFC 3207 §4.2: the client must discard what it knew and start over with EHLO
        c.helo = null;
        c.authUser = null;
        c.reset();
    }

    private void auth(Conn c, String arg) throws IOException {
        if (c.helo == null) {
            violation(c, Kind.BAD_SEQUENCE, "AUTH before EHLO");
            c.reply("503 5.5.1 Error: send HELO/EHLO first");
            return;
        }
        if (user == null) {
            c.reply("502 5.5.1 Error: authentication not enabled");
            return;
        }
        if (!authOffered(c)) {
            violation(c, Kind.TLS_REQUIRED, "AUTH before STARTTLS");
            c.reply("538 5.7.11 Encryption required for requested authentication mechanism");
            return;
        }
        if (c.authUser != null) {
            c.reply("503 5.5.1 Error: already authenticated");
            return;
        }
        if (c.mailFrom != null) {
            c.reply("503 5.5.1 Error: MAIL transaction in progress");
            return;
        }
        String[] parts = arg.split(" ");
        String mech = parts[0].toUpperCase(Locale.ROOT);
        String who;
        String secret;
        try {
            if (mech.equals("PLAIN")) {
                String response = parts.length > 1 ? parts[1] : c.challenge("334 ");
                if (response == null || response.equals("*")) {
                    c.reply("501 5.7.0 Authentication aborted");
                    return;
                }
                String[] f = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0", -1);
                if (f.length != 3) {
                    c.reply("501 5.5.2 Cannot decode response");
                    return;
                }
                who = f[1];
                secret = f[2];
            } else if (mech.equals("LOGIN")) {
                String u = parts.length > 1 ? parts[1] : c.challenge("334 VXNlcm5hbWU6");
                String pw = u == null || u.equals("*") ? null : c.challenge("334 UGFzc3dvcmQ6");
                if (pw == null || pw.equals("*")) {
                    c.reply("501 5.7.0 Authentication aborted");
                    return;
                }
                who = new String(Base64.getDecoder().decode(u), StandardCharsets.UTF_8);
                secret = new String(Base64.getDecoder().decode(pw), StandardCharsets.UTF_8);
            } else {
                c.reply("504 5.5.4 Unrecognized authentication type");
                return;
            }
        } catch (IllegalArgumentException e) {
            c.reply("501 5.5.2 Cannot decode response");
            return;
        }
        if (user.equals(who) && password.equals(secret)) {
            c.authUser = who;
            c.reply("235 2.7.0 Authentication successful");
        } else {
            violation(c, Kind.AUTH_FAILED, "AUTH " + mech + " as " + who);
            c.reply("535 5.7.8 Error: authentication failed: authentication failure");
        }
    }

    private void mail(Conn c, String line) throws IOException {
        if (c.helo == null) {
            violation(c, Kind.BAD_SEQUENCE, "MAIL before EHLO");
            c.reply("503 5.5.1 Error: send HELO/EHLO first");
            return;
        }
        if (security == Security.STARTTLS_REQUIRED && !c.tls) {
            violation(c, Kind.TLS_REQUIRED, "MAIL before STARTTLS");
            c.reply("530 5.7.0 Must issue a STARTTLS command first");
            return;
        }
        if (user != null && c.authUser == null) {
            violation(c, Kind.AUTH_REQUIRED, "MAIL without AUTH");
            c.reply("530 5.7.0 Authentication required");
            return;
        }
        if (c.mailFrom != null) {
            violation(c, Kind.BAD_SEQUENCE, "nested MAIL");
            c.reply("503 5.5.1 Error: nested MAIL command");
            return;
        }
        Matcher m = MAIL.matcher(line);
        if (!m.matches()) {
            violation(c, Kind.BAD_SYNTAX, line);
            c.reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        List<String> params = new ArrayList<>();
        boolean body8 = false;
        for (String p : m.group(2).trim().split(" +")) {
            if (p.isEmpty()) {
                continue;
            }
            String up = p.toUpperCase(Locale.ROOT);
            if (up.equals("BODY=8BITMIME")) {
                if (!eightBitMime) {
                    violation(c, Kind.BAD_SYNTAX, "BODY=8BITMIME not offered");
                    c.reply("555 5.5.4 Unsupported option: " + p);
                    return;
                }
                body8 = true;
            } else if (up.startsWith("SIZE=")) {
                long size;
                try {
                    size = Long.parseLong(p.substring(5));
                } catch (NumberFormatException e) {
                    c.reply("501 5.5.4 Bad message size syntax");
                    return;
                }
                if (size > maxSize) {
                    violation(c, Kind.TOO_BIG, "SIZE=" + size);
                    c.reply("552 5.3.4 Message size exceeds fixed limit");
                    return;
                }
            } else if (!up.equals("BODY=7BIT") && !up.startsWith("AUTH=")) {
                violation(c, Kind.BAD_SYNTAX, "MAIL parameter " + p);
                c.reply("555 5.5.4 Unsupported option: " + p);
                return;
            }
            params.add(p);
        }
        if (strike(c, Stage.MAIL)) {
            return;
        }
        c.mailFrom = m.group(1);
        c.mailParams = params;
        c.eightBit = body8;
        c.reply("250 2.1.0 Ok");
    }

    private void rcpt(Conn c, String line) throws IOException {
        if (c.mailFrom == null) {
            violation(c, Kind.BAD_SEQUENCE, "RCPT before MAIL");
            c.reply("503 5.5.1 Error: need MAIL command");
            return;
        }
        Matcher m = RCPT.matcher(line);
        if (!m.matches() || !m.group(1).contains("@")) {
            violation(c, Kind.BAD_SYNTAX, line);
            c.reply("501 5.1.3 Bad recipient address syntax");
            return;
        }
        String address = m.group(1);
        if (strike(c, Stage.RCPT)) {
            c.refused.add(new Refusal(address, TRY_AGAIN));
            return;
        }
        String reply = recipientReplies.get(address.toLowerCase(Locale.ROOT));
        if (reply != null) {
            c.refused.add(new Refusal(address, reply));
            c.reply(reply);
            return;
        }
        c.recipients.add(address);
        c.reply("250 2.1.5 Ok");
    }

    private void data(Conn c, String arg) throws IOException {
        if (c.mailFrom == null) {
            violation(c, Kind.BAD_SEQUENCE, "DATA before MAIL");
            c.reply("503 5.5.1 Error: need RCPT command");
            return;
        }
        if (c.recipients.isEmpty()) {
            c.reply("554 5.5.1 Error: no valid recipients");
            return;
        }
        if (!arg.isEmpty()) {
            c.reply("501 5.5.4 Syntax: DATA");
            return;
        }
        c.reply("354 End data with <CR><LF>.<CR><LF>");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String problem = null;
        Kind kind = null;
        boolean missingBody = false;
        while (true) {
            byte[] l = c.readRawLine(1 << 20);
            if (l == null) {
                throw new IOException("connection closed inside DATA");
            }
            if (l.length == 1 && l[0] == '.') {
                break;
            }
            int from = l.length > 0 && l[0] == '.' ? 1 : 0;
            if (problem == null) {
                for (int i = from; i < l.length; i++) {
                    if (l[i] == '\r' || l[i] == '\n') {
                        kind = Kind.BARE_CR_OR_LF;
                        problem = "bare " + (l[i] == '\r' ? "CR" : "LF") + " in the message";
                        break;
                    }
                    if (l[i] < 0 && !eightBitMime) {
                        kind = Kind.EIGHT_BIT_NOT_OFFERED;
                        problem = "8-bit octet, but 8BITMIME was not offered";
                        break;
                    }
                    missingBody |= l[i] < 0 && !c.eightBit;
                }
            }
            if (problem == null && l.length - from > 998) {
                kind = Kind.LINE_TOO_LONG;
                problem = "a line of " + (l.length - from) + " octets (RFC 5322 allows 998)";
            }
            data.write(l, from, l.length - from);
            data.write('\r');
            data.write('\n');
            if (problem == null && data.size() > maxSize) {
                kind = Kind.TOO_BIG;
                problem = "message exceeds " + maxSize + " octets";
            }
        }
        c.log("C: <" + data.size() + " octets of message data>");
        if (problem != null) {
            violation(c, kind, problem);
            c.reply("554 5.6.0 Error: " + problem);
            c.reset();
            return;
        }
        if (strike(c, Stage.DATA_END)) {
            c.reset();
            return;
        }
        if (missingBody) {
            violation(c, Kind.BODY_8BITMIME_MISSING, "8-bit message after MAIL FROM without BODY=8BITMIME");
        }
        c.messages++;
        received.add(new Received(c.index, c.messages, c.mailFrom, List.copyOf(c.mailParams), List.copyOf(c.recipients),
                List.copyOf(c.refused), data.toByteArray(), c.tls, c.authUser, Instant.now()));
        c.reply("250 2.0.0 Ok: queued as " + Integer.toHexString(queueIds.incrementAndGet()).toUpperCase(Locale.ROOT));
        c.reset();
    }

    /** Answers {@value #TRY_AGAIN}, drops the connection or stalls when the test asked for it at this stage. */
    private boolean strike(Conn c, Stage stage) throws IOException {
        if (take(passNext.get(stage))) {
            return false;
        }
        if (take(stallNext.get(stage))) {
            c.log("S: <no reply at " + stage + ">");
            while (c.in.read() >= 0) {
                // swallow whatever comes until the client gives up and closes
            }
            throw new Dropped();
        }
        if (take(dropNext.get(stage))) {
            c.log("S: <connection dropped at " + stage + ">");
            closeQuietly(c.socket);
            throw new Dropped();
        }
        if (deferring.contains(stage) || take(deferNext.get(stage))) {
            c.reply(TRY_AGAIN);
            return true;
        }
        return false;
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private void violation(Conn c, Kind kind, String detail) {
        violations.add(new Violation(kind, detail, c.index));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that is left
        }
    }

    private static final class Conn {
        final int index;
        final List<String> transcript = new CopyOnWriteArrayList<>();
        volatile Socket socket;
        InputStream in;
        OutputStream out;
        volatile boolean tls;
        volatile String helo;
        volatile String authUser;
        volatile int messages;
        boolean quit;
        String mailFrom;
        List<String> mailParams = List.of();
        boolean eightBit;
        final List<String> recipients = new ArrayList<>();
        final List<Refusal> refused = new ArrayList<>();

        Conn(int index, Socket socket, boolean tls) {
            this.index = index;
            this.socket = socket;
            this.tls = tls;
        }

        void streams(Socket s) throws IOException {
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void reset() {
            mailFrom = null;
            mailParams = List.of();
            eightBit = false;
            recipients.clear();
            refused.clear();
        }

        void log(String line) {
            transcript.add(line);
        }

        void reply(String line) throws IOException {
            log("S: " + line);
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void replyLines(List<String> lines) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                String l = "250" + (i == lines.size() - 1 ? " " : "-") + lines.get(i);
                log("S: " + l);
                sb.append(l).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String challenge(String prompt) throws IOException {
            reply(prompt);
            return readLine(12288);
        }

        String readLine(int max) throws IOException {
            byte[] b = readRawLine(max);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        /** A line up to CRLF, without it; a lone CR or LF stays in the line for DATA's checks. */
        byte[] readRawLine(int max) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (b == '\n' && prev == '\r') {
                    byte[] all = line.toByteArray();
                    return java.util.Arrays.copyOf(all, all.length - 1);
                }
                if (line.size() >= max) {
                    throw new IOException("line longer than " + max + " octets");
                }
                line.write(b);
                prev = b;
            }
        }

        Connection snapshot() {
            return new Connection(index, tls, helo, authUser, messages, List.copyOf(transcript));
        }
    }
}

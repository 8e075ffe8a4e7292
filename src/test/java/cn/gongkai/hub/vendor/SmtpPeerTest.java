package cn.gongkai.hub.vendor;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.vendor.SmtpPeer.Kind;
import cn.gongkai.hub.vendor.SmtpPeer.Security;
import cn.gongkai.hub.vendor.SmtpPeer.Stage;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict SMTP peer driven by Jakarta Mail (Angus 2.0.5) as the press-email transport will drive it. */
class SmtpPeerTest {
    static final String USER = "press";
    static final String PASSWORD = "s3cret-2026";
    static final String FROM = "gongkai@wglj.nantong.gov.cn";

    final List<SmtpPeer> peers = new ArrayList<>();

    @AfterEach
    void stop() {
        peers.forEach(SmtpPeer::close);
    }

    SmtpPeer start(SmtpPeer.Builder b) {
        SmtpPeer p = b.start();
        peers.add(p);
        return p;
    }

    @Test
    void should_refuse_one_recipient_with_its_550_text_and_deliver_to_the_others() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder().auth(USER, PASSWORD));
        peer.refuseRecipient("gone@xinhua.test");
        Properties props = peer.sessionProperties();
        props.put("mail.smtp.sendpartial", "true");
        Session session = Session.getInstance(props);
        MimeMessage msg = message(session, "a@people.test", "gone@xinhua.test", "b@cctv.test");

        SendFailedException e = catchSend(session, msg);

        assertThat(e.getInvalidAddresses()).extracting(Address::toString).containsExactly("gone@xinhua.test");
        assertThat(e.getValidSentAddresses()).extracting(Address::toString).containsExactly("a@people.test", "b@cctv.test");
        SMTPAddressFailedException refused = addressFailure(e);
        assertThat(refused.getReturnCode()).isEqualTo(550);
        assertThat(refused.getMessage()).contains("5.1.1 <gone@xinhua.test>: Recipient address rejected");
        assertThat(peer.messages()).singleElement().satisfies(r -> {
            assertThat(r.recipients()).containsExactly("a@people.test", "b@cctv.test");
            assertThat(r.refused()).extracting(SmtpPeer.Refusal::address).containsExactly("gone@xinhua.test");
            assertThat(r.authUser()).isEqualTo(USER);
        });
    }

    @Test
    void should_answer_451_at_mail_for_a_while_and_then_accept() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder());
        peer.deferNext(2, Stage.MAIL);
        Session session = Session.getInstance(peer.sessionProperties());

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> send(session, message(session, "a@people.test")))
                    .isInstanceOfSatisfying(SMTPSendFailedException.class, f -> {
                        assertThat(f.getReturnCode()).isEqualTo(451);
                        assertThat(f.getMessage()).contains("4.3.0 try again later");
                    });
        }
        send(session, message(session, "a@people.test"));
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void should_answer_451_after_data_until_cleared() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder());
        peer.deferAll(Stage.DATA_END);
        Session session = Session.getInstance(peer.sessionProperties());

        assertThatThrownBy(() -> send(session, message(session, "a@people.test")))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, f -> assertThat(f.getReturnCode()).isEqualTo(451));
        peer.stopDeferring();
        send(session, message(session, "a@people.test"));
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void should_refuse_connections_while_down_and_accept_on_the_same_port_when_up() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder());
        int port = peer.port();
        Session session = Session.getInstance(peer.sessionProperties());
        peer.down();

        assertThatThrownBy(() -> send(session, message(session, "a@people.test"))).isInstanceOf(MailConnectException.class);
        peer.up();
        assertThat(peer.port()).isEqualTo(port);
        send(session, message(session, "a@people.test"));
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void should_report_a_dropped_connection_as_a_messaging_failure() {
        SmtpPeer peer = start(SmtpPeer.builder());
        peer.dropNext(1, Stage.DATA_END);
        Session session = Session.getInstance(peer.sessionProperties());

        assertThatThrownBy(() -> send(session, message(session, "a@people.test"))).isInstanceOf(MessagingException.class);
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void should_stay_silent_after_data_until_the_client_gives_up() {
        SmtpPeer peer = start(SmtpPeer.builder());
        peer.stallNext(1, Stage.DATA_END);
        Properties props = peer.sessionProperties();
        props.put("mail.smtp.timeout", "300");
        Session session = Session.getInstance(props);

        assertThatThrownBy(() -> send(session, message(session, "a@people.test")))
                .isInstanceOf(MessagingException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(java.net.SocketTimeoutException.class::isInstance));
        assertThat(peer.messages()).isEmpty();
        assertThat(peer.connections().get(0).transcript()).contains("S: <no reply at DATA_END>");
    }

    @Test
    void should_let_the_first_message_through_before_dropping_the_connection_at_the_second() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder());
        peer.passNext(1, Stage.MAIL).dropNext(1, Stage.MAIL);
        Session session = Session.getInstance(peer.sessionProperties());

        Transport t = session.getTransport();
        t.connect();
        MimeMessage first = message(session, "a@people.test");
        first.saveChanges();
        t.sendMessage(first, first.getAllRecipients());
        MimeMessage second = message(session, "b@cctv.test");
        second.saveChanges();
        assertThatThrownBy(() -> t.sendMessage(second, second.getAllRecipients())).isInstanceOf(MessagingException.class);
        assertThat(t.isConnected()).as("the peer hung up").isFalse();

        assertThat(peer.messages()).extracting(r -> r.recipients().get(0)).containsExactly("a@people.test");
        assertThat(peer.connections().get(0).transcript()).contains("S: <connection dropped at MAIL>");
    }

    @Test
    void should_refuse_mail_before_starttls_and_take_it_after_with_auth() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder().security(Security.STARTTLS_REQUIRED).auth(USER, PASSWORD));
        Properties clear = peer.sessionProperties();
        clear.put("mail.smtp.starttls.enable", "false");
        clear.put("mail.smtp.starttls.required", "false");
        clear.put("mail.smtp.auth", "false");
        Session plain = Session.getInstance(clear);

        assertThatThrownBy(() -> send(plain, message(plain, "a@people.test")))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, f -> assertThat(f.getReturnCode()).isEqualTo(530));
        Session tls = Session.getInstance(peer.sessionProperties());
        send(tls, message(tls, "a@people.test"));

        assertThat(peer.messages()).singleElement().satisfies(r -> {
            assertThat(r.tls()).isTrue();
            assertThat(r.authUser()).isEqualTo(USER);
        });
        assertThat(peer.connections().get(0).transcript()).noneMatch(l -> l.contains("AUTH PLAIN LOGIN"));
        assertThat(peer.connections().get(1).transcript()).contains("C: STARTTLS").anyMatch(l -> l.startsWith("C: AUTH"));
    }

    @Test
    void should_take_implicit_tls_with_auth_login() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder().security(Security.IMPLICIT_TLS).auth(USER, PASSWORD));
        Properties props = peer.sessionProperties();
        props.put("mail.smtps.auth.mechanisms", "LOGIN");
        Session session = Session.getInstance(props);

        send(session, message(session, "a@people.test"));

        assertThat(peer.messages()).singleElement().satisfies(r -> assertThat(r.tls()).isTrue());
        assertThat(peer.connections().get(0).transcript()).contains("C: AUTH LOGIN ***");
    }

    @Test
    void should_fail_authentication_with_a_wrong_password() {
        SmtpPeer peer = start(SmtpPeer.builder().auth(USER, PASSWORD));
        Session session = Session.getInstance(peer.sessionProperties());

        assertThatThrownBy(() -> {
            try (Transport t = session.getTransport()) {
                t.connect(USER, "wrong");
            }
        }).isInstanceOf(AuthenticationFailedException.class);
        assertThat(peer.violations()).extracting(SmtpPeer.Violation::kind).containsExactly(Kind.AUTH_FAILED);
    }

    @Test
    void should_get_8_bit_bodies_only_from_a_server_that_offers_8bitmime_and_note_the_missing_body_parameter() throws Exception {
        SmtpPeer eight = start(SmtpPeer.builder().eightBitMime(true));
        SmtpPeer seven = start(SmtpPeer.builder().eightBitMime(false));

        for (SmtpPeer p : List.of(eight, seven)) {
            Properties props = p.sessionProperties();
            props.put("mail.smtp.allow8bitmime", "true");
            Session s = Session.getInstance(props);
            send(s, message(s, "a@people.test"));
        }

        SmtpPeer.Received with = eight.messages().get(0);
        SmtpPeer.Received without = seven.messages().get(0);
        assertThat(with.eightBit()).isTrue();
        assertThat(with.mime().getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
        assertThat(without.eightBit()).isFalse();
        assertThat(without.mime().getContent().toString().strip()).isEqualTo(body());
        assertThat(seven.violations()).isEmpty();
        // Angus 2.0.5 converts to 8bit for a server offering 8BITMIME but sends MAIL FROM without BODY=8BITMIME
        assertThat(with.mailParameters()).doesNotContain("BODY=8BITMIME");
        assertThat(eight.violations()).extracting(SmtpPeer.Violation::kind).containsExactly(Kind.BODY_8BITMIME_MISSING);
    }

    @Test
    void should_record_the_message_byte_for_byte_and_one_connection_per_batch() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder().auth(USER, PASSWORD));
        Session session = Session.getInstance(peer.sessionProperties());
        List<byte[]> expected = new ArrayList<>();

        try (Transport t = session.getTransport()) {
            t.connect(USER, PASSWORD);
            for (String to : List.of("a@people.test", "b@cctv.test", "c@xinhua.test")) {
                MimeMessage m = message(session, to);
                m.saveChanges();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeTo(bytes, new String[]{"Bcc", "Content-Length"}); // what SMTPTransport leaves out
                expected.add(withFinalCrlf(bytes.toByteArray()));
                t.sendMessage(m, m.getAllRecipients());
            }
        }

        assertThat(peer.connections()).singleElement().satisfies(c -> assertThat(c.messages()).isEqualTo(3));
        assertThat(peer.messages()).extracting(SmtpPeer.Received::data).containsExactlyElementsOf(expected);
    }

    @Test
    void should_refuse_8_bit_data_to_a_7_bit_server_bare_line_feeds_and_long_lines() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder().eightBitMime(false));

        String eightBit = rawSession(peer, "Subject: x\r\n\r\n公开\r\n");
        String bareLf = rawSession(peer, "Subject: x\r\n\r\nline\nfeed\r\n");
        String longLine = rawSession(peer, "Subject: x\r\n\r\n" + "a".repeat(999) + "\r\n");

        assertThat(eightBit).startsWith("554 5.6.0");
        assertThat(bareLf).startsWith("554 5.6.0");
        assertThat(longLine).startsWith("554 5.6.0");
        assertThat(peer.violations()).extracting(SmtpPeer.Violation::kind)
                .containsExactly(Kind.EIGHT_BIT_NOT_OFFERED, Kind.BARE_CR_OR_LF, Kind.LINE_TOO_LONG);
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void should_answer_commands_out_of_order_with_503() throws Exception {
        SmtpPeer peer = start(SmtpPeer.builder());

        try (Socket s = new Socket(peer.host(), peer.port())) {
            Raw raw = new Raw(s);
            raw.read();
            assertThat(raw.say("MAIL FROM:<" + FROM + ">")).startsWith("503 5.5.1");
            raw.say("EHLO client.test");
            assertThat(raw.say("RCPT TO:<a@people.test>")).startsWith("503 5.5.1");
            assertThat(raw.say("DATA")).startsWith("503 5.5.1");
            assertThat(raw.say("XYZZY")).startsWith("502 5.5.2");
        }
    }

    /** SMTP ends every line of DATA with CRLF; Jakarta Mail adds one when the body's last line has none. */
    static byte[] withFinalCrlf(byte[] b) {
        if (b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n') {
            return b;
        }
        byte[] out = java.util.Arrays.copyOf(b, b.length + 2);
        out[b.length] = '\r';
        out[b.length + 1] = '\n';
        return out;
    }

    static String body() {
        return Seeds.text(1).strip().lines().findFirst().orElseThrow();
    }

    static MimeMessage message(Session session, String... to) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(FROM));
        for (String t : to) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
        }
        m.setSubject(Seeds.title(1), "UTF-8");
        m.setText(body(), "UTF-8");
        return m;
    }

    static void send(Session session, MimeMessage m) throws MessagingException {
        m.saveChanges();
        try (Transport t = session.getTransport()) {
            if (Boolean.parseBoolean(session.getProperty("mail." + session.getProperty("mail.transport.protocol") + ".auth"))) {
                t.connect(USER, PASSWORD);
            } else {
                t.connect();
            }
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    static SendFailedException catchSend(Session session, MimeMessage m) {
        try {
            send(session, m);
        } catch (SendFailedException e) {
            return e;
        } catch (MessagingException e) {
            throw new AssertionError("expected a partial failure", e);
        }
        throw new AssertionError("expected a partial failure");
    }

    /** The exception, its causes and the exceptions Jakarta Mail chains with {@code setNextException}. */
    static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); ) {
            all.add(t);
            Throwable next = t instanceof MessagingException me && me.getNextException() != null ? me.getNextException() : t.getCause();
            t = next;
        }
        return all;
    }

    static SMTPAddressFailedException addressFailure(MessagingException e) {
        for (Exception n = e.getNextException(); n != null; n = n instanceof MessagingException me ? me.getNextException() : null) {
            if (n instanceof SMTPAddressFailedException f) {
                return f;
            }
        }
        throw new AssertionError("no SMTPAddressFailedException in " + e);
    }

    /** Sends one message by hand, as no well-behaved client would; returns the reply to the final dot. */
    static String rawSession(SmtpPeer peer, String data) throws Exception {
        try (Socket s = new Socket(peer.host(), peer.port())) {
            Raw raw = new Raw(s);
            raw.read();
            raw.say("EHLO client.test");
            raw.say("MAIL FROM:<" + FROM + ">");
            raw.say("RCPT TO:<a@people.test>");
            raw.say("DATA");
            raw.out.write(data.getBytes(StandardCharsets.UTF_8));
            return raw.say(".");
        }
    }

    static final class Raw {
        final InputStream in;
        final OutputStream out;

        Raw(Socket s) throws Exception {
            s.setSoTimeout(5000);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        String say(String line) throws Exception {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        }

        /** Reads one reply, multi-line ones to their last line, which it returns. */
        String read() throws Exception {
            while (true) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        return line.toString(StandardCharsets.UTF_8);
                    }
                    if (b != '\r') {
                        line.write(b);
                    }
                }
                String l = line.toString(StandardCharsets.UTF_8);
                if (l.length() < 4 || l.charAt(3) != '-') {
                    return l;
                }
            }
        }
    }
}

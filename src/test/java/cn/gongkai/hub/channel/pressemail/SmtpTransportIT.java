package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.StartupErrors;
import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport.Addressed;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.LogCapture;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.LoopbackTls;
import cn.gongkai.hub.vendor.Mailbox;
import cn.gongkai.hub.vendor.SmtpPeer;
import cn.gongkai.hub.vendor.SmtpPeer.Security;
import cn.gongkai.hub.vendor.SmtpPeer.Stage;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The SMTP transport against {@link SmtpPeer} (strict, with its failure switches) and {@link Mailbox} (GreenMail):
 * driven directly with rendered messages, and inside a whole hub publishing a seed item to the shipped press contacts.
 */
class SmtpTransportIT {
    static final String USER = "press";
    static final String PASSWORD = "s3cret-2026";
    static final PressEmailConfig FROM = new PressEmailConfig("南通市文化广电和旅游局", "xxgk@example.gov.cn", "bgs@example.gov.cn");
    /** The contacts of the shipped channel-config/press-email.yml. */
    static final Map<String, String> SHIPPED = Map.of("ntrb", "news@ntrb.example.cn", "ntgd", "newsroom@ntgd.example.cn",
            "jswh", "culture@jswh.example.cn");

    static TestRedis redis;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    <T extends AutoCloseable> T closing(T c) {
        closing.add(c);
        return c;
    }

    SmtpPeer peer(SmtpPeer.Builder b) {
        return closing(b.start());
    }

    static SmtpConfig config(int port, String security, String user, String password, Duration timeout) {
        return new SmtpConfig("127.0.0.1", port, security, user, password, timeout, "");
    }

    static SmtpTransport trusting(SmtpConfig c) {
        return new SmtpTransport(c, LoopbackTls.get().clientSocketFactory());
    }

    static final PressEmailRenderer RENDERER = new PressEmailRenderer(FROM, a -> {
        throw new IOException("these items have no attachments");
    });

    /** One rendered message per address, as the channel renders them: seed 1, one delivery per contact. */
    static List<Addressed<MimeMessage>> batch(String... addresses) {
        return batch(RENDERER, ChannelFixtures.publish(ChannelFixtures.seed(1)), addresses);
    }

    static List<Addressed<MimeMessage>> batch(PressEmailRenderer renderer, Publication p, String... addresses) {
        List<Addressed<MimeMessage>> out = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            Target t = new Target("c" + i, addresses[i], "编辑" + i);
            Delivery d = ChannelFixtures.delivery(PressEmailChannel.NAME, t);
            out.add(new Addressed<>(d, renderer.render(p, d.id(), t.label(), t.address(), ZonedDateTime.now(ChannelFixtures.CLOCK))));
        }
        return out;
    }

    /** What SMTPTransport writes after DATA (it leaves out Bcc and Content-Length) and SMTP ends with a CRLF. */
    static byte[] dataOf(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out, new String[]{"Bcc", "Content-Length"});
        byte[] b = out.toByteArray();
        if (b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n') {
            return b;
        }
        ByteArrayOutputStream crlf = new ByteArrayOutputStream();
        crlf.write(b);
        crlf.write(new byte[]{'\r', '\n'});
        return crlf.toByteArray();
    }

    /** What the outbox writes for the same message ({@code Outbox.write} with {@link MimeMessage#writeTo}). */
    static byte[] emlOf(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    // --- the transport driven directly ---

    @Test
    void should_send_a_batch_over_one_connection_byte_for_byte_in_7_bit_whether_or_not_the_server_offers_8bitmime() throws Exception {
        for (boolean offered : List.of(true, false)) {
            SmtpPeer peer = peer(SmtpPeer.builder().eightBitMime(offered).auth(USER, PASSWORD));
            List<Addressed<MimeMessage>> batch = batch("a@people.test", "b@cctv.test", "c@xinhua.test");

            List<DeliveryOutcome> outcomes = new SmtpTransport(config(peer.port(), "none", USER, PASSWORD, Duration.ofSeconds(5))).send(batch);

            assertThat(outcomes).extracting(DeliveryOutcome::kind).containsOnly(DeliveryOutcome.Kind.SENT);
            assertThat(peer.connections()).as("8BITMIME offered: " + offered).singleElement()
                    .satisfies(c -> assertThat(c.messages()).isEqualTo(3));
            List<SmtpPeer.Received> got = peer.messages();
            assertThat(got).hasSize(3);
            for (int i = 0; i < 3; i++) {
                MimeMessage m = batch.get(i).message();
                SmtpPeer.Received r = got.get(i);
                assertThat(outcomes.get(i).receipt().reference()).isEqualTo(m.getMessageID())
                        .isEqualTo("<" + batch.get(i).delivery().id() + "@gongkai-hub>");
                assertThat(r.recipients()).containsExactly(((InternetAddress) m.getAllRecipients()[0]).getAddress());
                assertThat(r.authUser()).isEqualTo(USER);
                assertThat(r.data()).as("DATA as the renderer built it").isEqualTo(dataOf(m)).isEqualTo(emlOf(m));
                assertThat(r.eightBit()).isFalse();
                assertThat(r.mailParameters()).noneMatch(p -> p.toUpperCase().startsWith("BODY="));
                assertThat(r.mime().getMessageID()).isEqualTo(m.getMessageID());
            }
            assertThat(peer.violations()).isEmpty();
        }
    }

    @Test
    void should_open_its_connections_with_tcp_nodelay_in_every_security_mode() throws Exception {
        for (String security : List.of("none", "starttls", "tls")) {
            Properties p = SmtpTransport.properties(config(25, security, "", "", Duration.ofSeconds(5)),
                    security.equals("tls") ? "smtps" : "smtp", null);
            Object factory = p.get(security.equals("tls") ? "mail.smtps.socketFactory" : "mail.smtp.socketFactory");
            assertThat(factory).as(security).isInstanceOf(SocketFactory.class);
            try (Socket s = ((SocketFactory) factory).createSocket()) {
                assertThat(s.getTcpNoDelay()).as(security).isTrue();
            }
        }
    }

    @Test
    void should_greet_with_the_configured_helo_name() throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());

        List<DeliveryOutcome> outcomes = new SmtpTransport(new SmtpConfig("127.0.0.1", peer.port(), "none", "", "",
                Duration.ofSeconds(5), "hub.example.gov.cn")).send(batch("a@people.test"));

        assertThat(outcomes).allMatch(DeliveryOutcome::isSent);
        assertThat(peer.connections()).singleElement().satisfies(c -> assertThat(c.helo()).isEqualTo("hub.example.gov.cn"));
    }

    @Test
    void should_require_starttls_with_the_certificate_checked_and_then_authenticate() throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder().security(Security.STARTTLS_REQUIRED).auth(USER, PASSWORD));

        List<DeliveryOutcome> outcomes = trusting(config(peer.port(), "starttls", USER, PASSWORD, Duration.ofSeconds(5)))
                .send(batch("a@people.test", "b@cctv.test"));

        assertThat(outcomes).allMatch(DeliveryOutcome::isSent);
        assertThat(peer.messages()).hasSize(2).allSatisfy(r -> {
            assertThat(r.tls()).isTrue();
            assertThat(r.authUser()).isEqualTo(USER);
        });
        List<String> transcript = peer.connections().get(0).transcript();
        assertThat(transcript.indexOf("C: STARTTLS")).isGreaterThan(0)
                .isLessThan(transcript.indexOf(transcript.stream().filter(l -> l.startsWith("C: AUTH")).findFirst().orElseThrow()));
    }

    @Test
    void should_not_fall_back_to_plain_text_when_starttls_is_required_but_not_offered() {
        SmtpPeer peer = peer(SmtpPeer.builder().auth(USER, PASSWORD));
        SmtpTransport smtp = trusting(config(peer.port(), "starttls", USER, PASSWORD, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> smtp.send(batch("a@people.test")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("STARTTLS");
        assertThat(peer.messages()).isEmpty();
        assertThat(peer.connections().get(0).transcript()).noneMatch(l -> l.startsWith("C: AUTH") || l.startsWith("C: MAIL"));
    }

    @Test
    void should_send_over_implicit_tls_with_auth_to_greenmail() throws Exception {
        Mailbox box = closing(Mailbox.start("press@gongkai.test", USER, PASSWORD));

        List<DeliveryOutcome> outcomes = trusting(config(box.smtpsPort(), "tls", USER, PASSWORD, Duration.ofSeconds(5)))
                .send(batch("a@people.test", "b@cctv.test"));

        assertThat(outcomes).allMatch(DeliveryOutcome::isSent);
        assertThat(box.waitForMessages(2, Duration.ofSeconds(5))).isTrue();
        assertThat(box.messages()).extracting(MimeMessage::getMessageID)
                .containsExactlyInAnyOrderElementsOf(outcomes.stream().map(o -> o.receipt().reference()).toList());
    }

    @Test
    void should_refuse_a_certificate_the_jdk_does_not_trust() {
        SmtpPeer peer = peer(SmtpPeer.builder().security(Security.IMPLICIT_TLS).auth(USER, PASSWORD));
        SmtpTransport smtp = new SmtpTransport(config(peer.port(), "tls", USER, PASSWORD, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> smtp.send(batch("a@people.test")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("no TLS session").hasMessageContaining("PKIX");
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void should_refuse_a_trusted_certificate_that_was_issued_for_another_host() throws Exception {
        OtherNameTls server = closing(OtherNameTls.start());
        SmtpTransport smtp = new SmtpTransport(config(server.port(), "tls", USER, PASSWORD, Duration.ofSeconds(5)), server.trustingIt());

        assertThatThrownBy(() -> smtp.send(batch("a@people.test")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("no TLS session")
                .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
    }

    @Test
    void should_report_a_refused_login_as_unavailable_saying_what_to_fix_and_warn_once() {
        SmtpPeer peer = peer(SmtpPeer.builder().auth(USER, PASSWORD));
        SmtpTransport smtp = new SmtpTransport(config(peer.port(), "none", USER, "wrong-password", Duration.ofSeconds(5)));

        try (LogCapture log = LogCapture.of(SmtpTransport.class)) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> smtp.send(batch("a@people.test", "b@cctv.test")))
                        .isInstanceOf(ChannelUnavailableException.class)
                        .hasMessageContaining("refused the login of " + USER)
                        .hasMessageContaining("535 5.7.8")
                        .hasMessageContaining("a person must fix").hasMessageNotContaining("wrong-password");
            }
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString().contains("refused the login");
            assertThat(log.lines()).noneMatch(l -> l.contains("wrong-password"));
        }
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void should_report_a_server_that_refuses_connections_or_never_greets_as_unavailable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> new SmtpTransport(config(closedPort, "none", "", "", Duration.ofSeconds(2))).send(batch("a@people.test")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("no SMTP session with 127.0.0.1:" + closedPort)
                .hasMessageContaining("Connection refused");

        // the kernel completes the TCP handshake for the backlog, but nobody ever says 220
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            SmtpTransport smtp = new SmtpTransport(config(silent.getLocalPort(), "none", "", "", Duration.ofMillis(300)));
            long started = System.nanoTime();
            assertThatThrownBy(() -> smtp.send(batch("a@people.test")))
                    .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("timed out");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        }
    }

    @Test
    void should_reject_a_refused_recipient_with_its_reply_and_defer_a_busy_one_while_the_others_go() throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());
        peer.refuseRecipient("gone@xinhua.test").answerRecipient("busy@cctv.test", "452 4.2.2 <busy@cctv.test>: mailbox full");

        List<DeliveryOutcome> outcomes = new SmtpTransport(config(peer.port(), "none", "", "", Duration.ofSeconds(5)))
                .send(batch("a@people.test", "gone@xinhua.test", "busy@cctv.test", "d@chinanews.test"));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.SENT, DeliveryOutcome.Kind.REJECTED,
                DeliveryOutcome.Kind.UNAVAILABLE, DeliveryOutcome.Kind.SENT);
        assertThat(outcomes.get(1).rejection())
                .isEqualTo("550 5.1.1 <gone@xinhua.test>: Recipient address rejected: User unknown in local recipient table");
        assertThat(outcomes.get(2).unavailable()).isEqualTo("452 4.2.2 <busy@cctv.test>: mailbox full");
        assertThat(peer.messages()).extracting(r -> r.recipients().get(0)).containsExactly("a@people.test", "d@chinanews.test");
        assertThat(peer.connections()).hasSize(1);
    }

    @Test
    void should_retry_a_message_deferred_after_its_data_and_fail_one_refused_after_its_data() throws Exception {
        SmtpPeer deferring = peer(SmtpPeer.builder());
        deferring.deferNext(1, Stage.DATA_END);
        List<DeliveryOutcome> deferred = new SmtpTransport(config(deferring.port(), "none", "", "", Duration.ofSeconds(5)))
                .send(batch("a@people.test", "b@cctv.test"));
        assertThat(deferred).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.UNAVAILABLE, DeliveryOutcome.Kind.SENT);
        assertThat(deferred.get(0).unavailable()).isEqualTo(SmtpPeer.TRY_AGAIN);

        SmtpPeer small = peer(SmtpPeer.builder().maxSize(2_000));
        List<DeliveryOutcome> refused = new SmtpTransport(config(small.port(), "none", "", "", Duration.ofSeconds(5)))
                .send(batch("a@people.test", "b@cctv.test"));
        assertThat(refused).extracting(DeliveryOutcome::kind).containsOnly(DeliveryOutcome.Kind.REJECTED);
        assertThat(refused.get(0).rejection()).startsWith("554 5.6.0 Error: message exceeds 2000 octets");
        assertThat(small.connections()).hasSize(1);
    }

    @Test
    void should_leave_a_message_in_doubt_when_the_answer_to_its_data_never_comes_and_give_back_the_rest() throws Exception {
        SmtpPeer hanging = peer(SmtpPeer.builder());
        hanging.passNext(1, Stage.DATA_END).stallNext(1, Stage.DATA_END);
        List<DeliveryOutcome> stalled = new SmtpTransport(config(hanging.port(), "none", "", "", Duration.ofMillis(500)))
                .send(batch("a@people.test", "b@cctv.test", "c@xinhua.test"));
        assertThat(stalled).extracting(DeliveryOutcome::kind)
                .containsExactly(DeliveryOutcome.Kind.SENT, DeliveryOutcome.Kind.IN_DOUBT, DeliveryOutcome.Kind.UNAVAILABLE);
        assertThat(stalled.get(1).reason()).contains("answer never came").contains("Read timed out");
        assertThat(stalled.get(2).unavailable()).startsWith("not attempted: ");

        SmtpPeer dropping = peer(SmtpPeer.builder());
        dropping.passNext(1, Stage.DATA_END).dropNext(1, Stage.DATA_END);
        List<DeliveryOutcome> dropped = new SmtpTransport(config(dropping.port(), "none", "", "", Duration.ofSeconds(5)))
                .send(batch("a@people.test", "b@cctv.test", "c@xinhua.test"));
        assertThat(dropped).extracting(DeliveryOutcome::kind)
                .containsExactly(DeliveryOutcome.Kind.SENT, DeliveryOutcome.Kind.IN_DOUBT, DeliveryOutcome.Kind.UNAVAILABLE);
        assertThat(dropping.messages()).hasSize(1);
    }

    @Test
    void should_keep_what_went_and_give_back_the_rest_when_the_connection_drops_before_a_message() throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());
        peer.passNext(1, Stage.MAIL).dropNext(1, Stage.MAIL);

        List<DeliveryOutcome> outcomes = new SmtpTransport(config(peer.port(), "none", "", "", Duration.ofSeconds(5)))
                .send(batch("a@people.test", "b@cctv.test", "c@xinhua.test"));

        assertThat(outcomes).extracting(DeliveryOutcome::kind)
                .containsExactly(DeliveryOutcome.Kind.SENT, DeliveryOutcome.Kind.UNAVAILABLE, DeliveryOutcome.Kind.UNAVAILABLE);
        assertThat(outcomes.get(2).unavailable()).startsWith("not attempted: the connection to 127.0.0.1:" + peer.port() + " was lost");
        assertThat(peer.messages()).hasSize(1);
    }

    @Test
    void should_report_the_batch_unavailable_when_mail_from_is_deferred_before_anything_went() {
        SmtpPeer peer = peer(SmtpPeer.builder());
        peer.deferNext(1, Stage.MAIL);
        SmtpTransport smtp = new SmtpTransport(config(peer.port(), "none", "", "", Duration.ofSeconds(5)));

        assertThatThrownBy(() -> smtp.send(batch("a@people.test", "b@cctv.test")))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("refused MAIL FROM: " + SmtpPeer.TRY_AGAIN);
        assertThat(peer.connections().get(0).transcript()).filteredOn(l -> l.startsWith("C: MAIL")).hasSize(1);
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void should_refuse_a_message_whose_attachment_changed_while_it_was_streamed_and_send_the_next_on_a_new_connection(@TempDir Path data)
            throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        byte[] pdf = ("%PDF-1.4\n" + Seeds.text(3)).getBytes(StandardCharsets.UTF_8);
        AttachmentStore.Stored stored = store.store(new ByteArrayInputStream(pdf), 1 << 20);
        Attachment approved = new Attachment("附件1：统计表.pdf", "application/pdf", stored.size(), stored.sha256());
        Publication p = ChannelFixtures.publish(ChannelFixtures.content(Seeds.title(3), Seeds.text(3), null, List.of(approved)));
        Path file = store.find(stored.sha256()).orElseThrow();
        PressEmailRenderer renderer = new PressEmailRenderer(FROM, new PressEmailRenderer.Attachments() {
            int opened;

            @Override
            public InputStream open(Attachment a) throws IOException {
                // the first message streams a file someone changed on disk after approval, the second the approved one
                byte[] changed = pdf.clone();
                changed[changed.length - 1] ^= 1;
                Files.write(file, opened++ == 0 ? changed : pdf);
                return store.open(a);
            }
        });

        List<DeliveryOutcome> outcomes = new SmtpTransport(config(peer.port(), "none", "", "", Duration.ofSeconds(5)))
                .send(batch(renderer, p, "a@people.test", "b@cctv.test"));

        assertThat(outcomes).extracting(DeliveryOutcome::kind).containsExactly(DeliveryOutcome.Kind.REFUSED, DeliveryOutcome.Kind.SENT);
        assertThat(outcomes.get(0).refusal()).contains("附件1：统计表.pdf").contains("differs from what was approved");
        assertThat(peer.messages()).extracting(r -> r.recipients().get(0)).containsExactly("b@cctv.test");
        assertThat(peer.connections()).hasSize(2);
    }

    @Test
    void should_reject_a_message_that_is_not_addressed_to_one_contact_alone() throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());
        List<Addressed<MimeMessage>> batch = batch("a@people.test", "b@cctv.test");
        batch.get(0).message().addRecipient(Message.RecipientType.CC, new InternetAddress("c@xinhua.test"));

        List<DeliveryOutcome> outcomes = new SmtpTransport(config(peer.port(), "none", "", "", Duration.ofSeconds(5))).send(batch);

        assertThat(outcomes.get(0).rejection()).contains("one contact alone").contains("2 recipients");
        assertThat(outcomes.get(1).isSent()).isTrue();
        assertThat(peer.messages()).extracting(r -> r.recipients()).containsExactly(List.of("b@cctv.test"));
    }

    @Test
    void should_refuse_credentials_that_are_half_given_or_would_cross_the_network_in_clear_text() {
        assertThatThrownBy(() -> new SmtpTransport(config(587, "starttls", USER, "", Duration.ofSeconds(5))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("channel-config/press-email.yml: smtp.password: is empty")
                .hasMessageContaining("SMTP_PASSWORD");
        assertThatThrownBy(() -> new SmtpTransport(config(587, "starttls", "", PASSWORD, Duration.ofSeconds(5))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("channel-config/press-email.yml: smtp.username: is empty")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> new SmtpTransport(new SmtpConfig("smtp.example.gov.cn", 25, "none", USER, PASSWORD, Duration.ofSeconds(5), "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("smtp.security: none would send the password to smtp.example.gov.cn");
        assertThat(new SmtpTransport(new SmtpConfig("smtp.example.gov.cn", 25, "none", "", "", Duration.ofSeconds(5), "")).resendSafe()).isFalse();
    }

    // --- a whole hub publishing to the shipped contacts ---

    /** As DeliveryStore.deliveryId: the channel, then the first 12 bytes of SHA-256(item|version|action|target) in hex. */
    static String deliveryId(String itemId, String contact) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest((itemId + "|1|publish|" + contact).getBytes(StandardCharsets.UTF_8));
        return PressEmailChannel.NAME + "." + HexFormat.of().formatHex(d, 0, 12);
    }

    /** A hub whose press e-mail goes to {@code port} over plain SMTP, retrying after 200 ms, all deliveries in one bucket. */
    static TestHub hub(Path tmp, int port, String user, String password) throws IOException {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, PressEmailChannel.NAME, "transport: smtp\ninitial-backoff: 200ms\nmax-attempts: 10\nsmtp:\n"
                + "  host: 127.0.0.1\n  port: " + port + "\n  security: none\n"
                + "  username: \"" + user + "\"\n  password: \"" + password + "\"\n  timeout: 5s");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        p.put("hub.delivery.buckets", 1);
        return TestHub.start(p);
    }

    static String publish(TestHub hub, int seed) {
        String id = new Flow(hub).users().approved(Seeds.itemJson(seed, "[\"press-email\"]")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        return id;
    }

    static JsonNode delivery(TestHub hub, String id) {
        return hub.as("editor", "GET", "/api/deliveries/" + id, null).json();
    }

    static JsonNode pressStats(TestHub hub) {
        return hub.as("editor", "GET", "/api/stats", null).json().at("/channels/press-email");
    }

    @Test
    void should_send_one_email_per_shipped_contact_and_record_each_message_id_as_its_reference(@TempDir Path tmp) throws Exception {
        Mailbox box = closing(Mailbox.start("press@gongkai.test", USER, PASSWORD));
        try (TestHub hub = hub(tmp, box.smtpPort(), "${HUB_IT_SMTP_USERNAME:" + USER + "}", "${HUB_IT_SMTP_PASSWORD:" + PASSWORD + "}")) {
            String item = publish(hub, 0);
            new Flow(hub).awaitState(item, "PUBLISHED");

            assertThat(box.messages()).hasSize(3);
            assertThat(box.messages()).extracting(m -> ((InternetAddress) m.getAllRecipients()[0]).getAddress())
                    .containsExactlyInAnyOrderElementsOf(SHIPPED.values());
            for (MimeMessage m : box.messages()) {
                String address = ((InternetAddress) m.getAllRecipients()[0]).getAddress();
                JsonNode d = delivery(hub, m.getHeader(PressEmailRenderer.DELIVERY_HEADER, null));
                assertThat(d.get("state").asText()).isEqualTo("SENT");
                assertThat(d.get("transport").asText()).isEqualTo("smtp");
                assertThat(d.get("reference").asText()).isEqualTo(m.getMessageID());
                assertThat(d.get("targetAddress").asText()).isEqualTo(address);
                assertThat(d.get("id").asText()).isEqualTo(deliveryId(item, d.get("targetId").asText()));
                assertThat(m.getSubject()).isEqualTo(PressEmailRenderer.SUBJECT_PREFIX + Seeds.title(0));
                assertThat(m.getHeader("List-Unsubscribe", null)).startsWith("<mailto:");
            }
            JsonNode stats = pressStats(hub);
            assertThat(stats.get("messages").asInt()).isEqualTo(3);
            assertThat(stats.get("recipients").asInt()).isEqualTo(3);
            assertThat(stats.get("failed").asInt()).isZero();
        }
    }

    @Test
    void should_send_each_contact_a_correction_threaded_under_the_original_when_the_item_is_withdrawn(@TempDir Path tmp) throws Exception {
        Mailbox box = closing(Mailbox.start("press@gongkai.test", USER, PASSWORD));
        try (TestHub hub = hub(tmp, box.smtpPort(), "${HUB_IT_SMTP_USERNAME:" + USER + "}", "${HUB_IT_SMTP_PASSWORD:" + PASSWORD + "}")) {
            String item = publish(hub, 2);
            new Flow(hub).awaitState(item, "PUBLISHED");
            assertThat(hub.as("approver", "POST", "/api/items/" + item + "/withdraw", "{\"reason\":\"统计口径有误，更正后重新发布\"}").status())
                    .isEqualTo(202);
            assertThat(box.waitForMessages(6, Duration.ofSeconds(30))).isTrue();

            Map<String, String> originals = new java.util.HashMap<>();
            List<MimeMessage> corrections = new ArrayList<>();
            for (MimeMessage m : box.messages()) {
                String address = ((InternetAddress) m.getAllRecipients()[0]).getAddress();
                if (m.getSubject().startsWith(PressEmailRenderer.WITHDRAWAL_PREFIX)) {
                    corrections.add(m);
                } else {
                    originals.put(address, m.getMessageID());
                }
            }
            assertThat(corrections).hasSize(3);
            for (MimeMessage m : corrections) {
                String address = ((InternetAddress) m.getAllRecipients()[0]).getAddress();
                assertThat(m.getSubject()).isEqualTo("【撤回】" + Seeds.title(2));
                assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(originals.get(address));
                assertThat(m.getHeader("References", null)).isEqualTo(originals.get(address));
                JsonNode d = delivery(hub, m.getHeader(PressEmailRenderer.DELIVERY_HEADER, null));
                assertThat(d.get("action").asText()).isEqualTo("withdraw");
                assertThat(d.get("state").asText()).isEqualTo("SENT");
                assertThat(d.get("reference").asText()).isEqualTo(m.getMessageID()).isNotEqualTo(originals.get(address));
                jakarta.mail.internet.MimeMultipart mixed = (jakarta.mail.internet.MimeMultipart) m.getContent();
                assertThat(mixed.getCount()).as("no attachments").isEqualTo(1);
                String text = (String) ((jakarta.mail.internet.MimeMultipart) mixed.getBodyPart(0).getContent()).getBodyPart(0).getContent();
                assertThat(text).contains("已撤回", "撤回原因：统计口径有误，更正后重新发布");
            }
        }
    }

    @Test
    void should_fail_the_refused_recipient_with_the_550_text_and_send_the_others_over_one_connection(@TempDir Path tmp) throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder().auth(USER, PASSWORD));
        peer.refuseRecipient(SHIPPED.get("ntgd"));
        try (TestHub hub = hub(tmp, peer.port(), "${HUB_IT_SMTP_USERNAME:" + USER + "}", "${HUB_IT_SMTP_PASSWORD:" + PASSWORD + "}")) {
            String item = publish(hub, 1);
            new Flow(hub).awaitState(item, "PARTIALLY_PUBLISHED");

            JsonNode refused = delivery(hub, deliveryId(item, "ntgd"));
            assertThat(refused.get("state").asText()).isEqualTo("FAILED");
            assertThat(refused.get("reason").asText())
                    .isEqualTo("550 5.1.1 <newsroom@ntgd.example.cn>: Recipient address rejected: User unknown in local recipient table");
            for (String contact : List.of("ntrb", "jswh")) {
                JsonNode d = delivery(hub, deliveryId(item, contact));
                assertThat(d.get("state").asText()).isEqualTo("SENT");
                assertThat(d.get("reference").asText()).isEqualTo("<" + d.get("id").asText() + "@gongkai-hub>");
            }
            assertThat(peer.messages()).extracting(r -> r.recipients().get(0))
                    .containsExactlyInAnyOrder(SHIPPED.get("ntrb"), SHIPPED.get("jswh"));
            assertThat(peer.connections()).as("one batch, one connection").singleElement()
                    .satisfies(c -> assertThat(c.messages()).isEqualTo(2));
            JsonNode stats = pressStats(hub);
            assertThat(stats.get("messages").asInt()).isEqualTo(2);
            assertThat(stats.get("failed").asInt()).isEqualTo(1);
        }
    }

    @Test
    void should_retry_while_the_server_is_down_and_send_once_it_is_up(@TempDir Path tmp) throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());
        peer.down();
        try (TestHub hub = hub(tmp, peer.port(), "${HUB_IT_SMTP_USERNAME:}", "${HUB_IT_SMTP_PASSWORD:}")) {
            String item = publish(hub, 2);
            String ntrb = deliveryId(item, "ntrb");
            JsonNode retrying = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(hub, ntrb),
                    d -> "RETRYING".equals(d.path("state").asText()));
            assertThat(retrying.get("lastError").asText()).contains("no SMTP session with 127.0.0.1:" + peer.port());

            peer.up();
            new Flow(hub).awaitState(item, "PUBLISHED");
            assertThat(peer.messages()).extracting(r -> r.recipients().get(0)).containsExactlyInAnyOrderElementsOf(SHIPPED.values());
            assertThat(delivery(hub, ntrb).get("state").asText()).isEqualTo("SENT");
            assertThat(pressStats(hub).get("messages").asInt()).isEqualTo(3);
        }
    }

    @Test
    void should_retry_a_server_answering_451_for_a_while_and_send_each_message_once(@TempDir Path tmp) throws Exception {
        SmtpPeer peer = peer(SmtpPeer.builder());
        peer.deferNext(2, Stage.MAIL);
        try (TestHub hub = hub(tmp, peer.port(), "${HUB_IT_SMTP_USERNAME:}", "${HUB_IT_SMTP_PASSWORD:}")) {
            String item = publish(hub, 3);
            new Flow(hub).awaitState(item, "PUBLISHED");

            assertThat(peer.messages()).extracting(r -> r.recipients().get(0)).containsExactlyInAnyOrderElementsOf(SHIPPED.values());
            assertThat(peer.connections().stream().flatMap(c -> c.transcript().stream()).filter(l -> l.equals("S: " + SmtpPeer.TRY_AGAIN)))
                    .hasSize(2);
            List<JsonNode> records = new ArrayList<>();
            for (String contact : SHIPPED.keySet()) {
                records.add(delivery(hub, deliveryId(item, contact)));
            }
            assertThat(records).allSatisfy(d -> assertThat(d.get("state").asText()).isEqualTo("SENT"))
                    .anySatisfy(d -> assertThat(d.get("attempts").asInt()).isGreaterThan(1));
            assertThat(pressStats(hub).get("messages").asInt()).isEqualTo(3);
        }
    }

    @Test
    void should_not_start_with_an_smtp_username_but_no_password(@TempDir Path tmp) throws Exception {
        Throwable t = catchThrowable(() -> hub(tmp, 2525, "${HUB_IT_SMTP_USERNAME:" + USER + "}", "${HUB_IT_SMTP_PASSWORD_NOT_SET:}").close());

        assertThat(t).as("the hub must refuse to start").isNotNull();
        assertThat(StartupErrors.describe(t)).startsWith("channel-config/press-email.yml: smtp.password: is empty but smtp.username is set")
                .contains("SMTP_PASSWORD").doesNotContain("\n");
    }

    /**
     * A TLS server presenting a certificate for {@code relay.example.invalid} alone, and a client factory that trusts it:
     * the chain is trusted, only the name is wrong.
     */
    static final class OtherNameTls implements AutoCloseable {
        private final SSLServerSocket server;
        private final SSLSocketFactory trusting;

        private OtherNameTls(SSLServerSocket server, SSLSocketFactory trusting) {
            this.server = server;
            this.trusting = trusting;
        }

        static OtherNameTls start() throws Exception {
            Path dir = Files.createTempDirectory("other-name-tls");
            Path file = dir.resolve("other.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048",
                    "-validity", "2", "-dname", "CN=relay.example.invalid", "-ext", "san=dns:relay.example.invalid",
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", LoopbackTls.PASSWORD,
                    "-keypass", LoopbackTls.PASSWORD)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keys.load(in, LoopbackTls.PASSWORD.toCharArray());
            }
            TestHub.deleteTree(dir);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, LoopbackTls.PASSWORD.toCharArray());
            SSLContext serverCtx = SSLContext.getInstance("TLS");
            serverCtx.init(kmf.getKeyManagers(), null, null);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("other", keys.getCertificate("other"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext clientCtx = SSLContext.getInstance("TLS");
            clientCtx.init(null, tmf.getTrustManagers(), null);
            SSLServerSocket s = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        ((SSLSocket) c).startHandshake();
                        c.getOutputStream().write("220 relay.example.invalid ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                        c.getOutputStream().flush();
                        c.getInputStream().read();
                    } catch (IOException e) {
                        // the client gave up on the certificate, or the test is over
                    }
                }
            }, "other-name-tls");
            accept.setDaemon(true);
            accept.start();
            return new OtherNameTls(s, clientCtx.getSocketFactory());
        }

        int port() {
            return server.getLocalPort();
        }

        SSLSocketFactory trustingIt() {
            return trusting;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

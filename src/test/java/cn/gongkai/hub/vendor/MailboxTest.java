package cn.gongkai.hub.vendor;

import cn.gongkai.hub.support.Seeds;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.util.MailConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GreenMail as the plain mailbox, driven by Jakarta Mail. */
class MailboxTest {
    static final String EMAIL = "press@gongkai.test";
    static final String LOGIN = "press";
    static final String PASSWORD = "s3cret-2026";

    final Mailbox box = Mailbox.start(EMAIL, LOGIN, PASSWORD);

    @AfterEach
    void stop() {
        box.close();
    }

    @Test
    void should_deliver_over_smtp_and_over_implicit_tls_with_auth() throws Exception {
        send("smtp", PASSWORD, "editor@people.test");
        send("smtps", PASSWORD, "editor@xinhua.test");

        assertThat(box.waitForMessages(2, Duration.ofSeconds(5))).isTrue();
        assertThat(box.messages()).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("editor@people.test", "editor@xinhua.test");
        assertThat(box.messages().get(0).getSubject()).isEqualTo(Seeds.title(2));
    }

    @Test
    void should_refuse_a_wrong_password() {
        assertThatThrownBy(() -> send("smtp", "wrong", "editor@people.test")).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void should_refuse_connections_while_down_and_keep_earlier_mail_when_up_again() throws Exception {
        send("smtp", PASSWORD, "editor@people.test");
        int port = box.smtpPort();
        box.down();

        assertThatThrownBy(() -> send("smtp", PASSWORD, "editor@cctv.test")).isInstanceOf(MailConnectException.class);
        box.up();
        send("smtp", PASSWORD, "editor@cctv.test");

        assertThat(box.smtpPort()).isEqualTo(port);
        assertThat(box.messages()).hasSize(2);
    }

    void send(String protocol, String password, String to) throws MessagingException {
        Session session = Session.getInstance(box.sessionProperties(protocol));
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("gongkai@wglj.nantong.gov.cn"));
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(Seeds.title(2), "UTF-8");
        m.setText(Seeds.text(2).substring(0, 200), "UTF-8");
        m.saveChanges();
        try (Transport t = session.getTransport(protocol)) {
            t.connect(LOGIN, password);
            t.sendMessage(m, m.getAllRecipients());
        }
    }
}

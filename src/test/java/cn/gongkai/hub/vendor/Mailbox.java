package cn.gongkai.hub.vendor;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import javax.net.ssl.SSLSocketFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * GreenMail 2.1 SMTP and SMTPS (implicit TLS) on free loopback ports with one account, for mail that should simply
 * arrive. What GreenMail cannot be made to do is in {@link SmtpPeer}: its {@code SmtpManager.checkRecipient} is an
 * empty hook reached only by replacing GreenMail's internals, its EHLO offers neither STARTTLS (issue #135, open) nor
 * 8BITMIME, it accepts MAIL without AUTH, and it keeps a parsed MimeMessage with its own Received header, not the
 * bytes the client sent.
 * <p>
 * SMTPS presents the {@link LoopbackTls} certificate: the {@code greenmail.tls.keystore.*} system properties are set
 * before the first SMTPS server of the JVM starts (GreenMail reads them once).
 */
public final class Mailbox implements AutoCloseable {
    private final String email;
    private final String login;
    private final String password;
    private final List<MimeMessage> before = new ArrayList<>();
    private ServerSetup smtp;
    private ServerSetup smtps;
    private GreenMail greenMail;

    private Mailbox(String email, String login, String password) {
        this.email = email;
        this.login = login;
        this.password = password;
    }

    /** Starts SMTP and SMTPS accepting AUTH as {@code login}/{@code password}, delivering {@code email}'s mail to it. */
    public static Mailbox start(String email, String login, String password) {
        useLoopbackCertificate();
        Mailbox m = new Mailbox(email, login, password);
        m.smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        m.smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        m.up();
        return m;
    }

    private static synchronized void useLoopbackCertificate() {
        if (System.getProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY) == null) {
            System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, LoopbackTls.get().keyStoreFile().toString());
            System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, LoopbackTls.PASSWORD);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int smtpPort() {
        return smtp.getPort();
    }

    public int smtpsPort() {
        return smtps.getPort();
    }

    /** Jakarta Mail settings for this server: {@code smtp} (plain) or {@code smtps} (implicit TLS), AUTH on. */
    public Properties sessionProperties(String protocol) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", host());
        p.put("mail." + protocol + ".port", String.valueOf(protocol.equals("smtps") ? smtpsPort() : smtpPort()));
        p.put("mail." + protocol + ".auth", "true");
        p.put("mail." + protocol + ".connectiontimeout", "5000");
        p.put("mail." + protocol + ".timeout", "5000");
        if (protocol.equals("smtps")) {
            p.put("mail.smtps.ssl.socketFactory", clientSocketFactory());
        }
        return p;
    }

    public SSLSocketFactory clientSocketFactory() {
        return LoopbackTls.get().clientSocketFactory();
    }

    /** Every message received, including those received before a {@link #down()}: one per delivered recipient. */
    public synchronized List<MimeMessage> messages() {
        List<MimeMessage> all = new ArrayList<>(before);
        if (greenMail != null) {
            all.addAll(Arrays.asList(greenMail.getReceivedMessages()));
        }
        return all;
    }

    public boolean waitForMessages(int count, Duration max) {
        return greenMail.waitForIncomingEmail(max.toMillis(), count);
    }

    /** Stops both servers: connections are refused until {@link #up()}. Messages received so far are kept. */
    public synchronized Mailbox down() {
        if (greenMail != null) {
            before.addAll(Arrays.asList(greenMail.getReceivedMessages()));
            greenMail.stop();
            greenMail = null;
        }
        return this;
    }

    /** Starts again on the same ports. */
    public synchronized Mailbox up() {
        if (greenMail == null) {
            GreenMail g = new GreenMail(new ServerSetup[]{smtp, smtps});
            g.setUser(email, login, password);
            g.start();
            smtp = smtp.port(g.getSmtp().getPort());
            smtps = smtps.port(g.getSmtps().getPort());
            greenMail = g;
        }
        return this;
    }

    @Override
    public void close() {
        down();
    }
}

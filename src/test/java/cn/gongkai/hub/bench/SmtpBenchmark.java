package cn.gongkai.hub.bench;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport.Addressed;
import cn.gongkai.hub.channel.pressemail.PressEmailChannel;
import cn.gongkai.hub.channel.pressemail.PressEmailConfig;
import cn.gongkai.hub.channel.pressemail.PressEmailRenderer;
import cn.gongkai.hub.channel.pressemail.SmtpConfig;
import cn.gongkai.hub.channel.pressemail.SmtpTransport;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.vendor.Mailbox;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import javax.net.SocketFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * 1,000 press e-mails to GreenMail on loopback (plain SMTP with AUTH): the hub's {@link SmtpTransport} against a plain
 * Jakarta Mail loop ({@code Transport} connected once, {@code sendMessage} 1,000 times, as Angus's documentation shows)
 * with TCP_NODELAY sockets as the transport uses, in the same run, on the same pre-rendered messages, each run on a
 * fresh GreenMail so mailbox sizes are alike: two warm-ups, then five runs of each, taking turns to go first; the
 * median of each and their ratio. The plain loop with Angus's default sockets runs once at the end, for the record: it
 * waits about 40 ms for the server's delayed ACK at the end of every message.
 *
 * <p>The transport object is driven directly, in batches of the channel's batch size (100: {@code ChannelSettings}'
 * default, which press-email.yml keeps), as {@code DeliveryWorker} hands them over; not a whole hub publishing to 1,000
 * contacts. What is compared is what the transport adds to Angus (a connection per batch instead of one in all, the
 * write timeout's watchdog, the per-message checks, the outcome records); a whole hub would add the Redis engine's
 * cost, which {@link BackboneBenchmark} measures on its own, and the ratio would no longer say anything about SMTP.
 * Rendering is outside the timing for both (the same messages go through both; each {@code writeTo} encodes again).
 *
 * <p>Run: {@code ./mvnw -Pbench verify} (with the other benchmarks), or by hand with the test classpath;
 * {@code -Dbench.messages=}, {@code -Dbench.runs=}, {@code -Dbench.batch=}.
 */
public final class SmtpBenchmark {
    static final int MESSAGES = Integer.getInteger("bench.messages", 1_000);
    static final int RUNS = Integer.getInteger("bench.runs", 5);
    static final int BATCH = Integer.getInteger("bench.batch", 100);
    static final String USER = "press";
    static final String PASSWORD = "bench-2026";

    public static void main(String[] args) throws Exception {
        List<Addressed<MimeMessage>> messages = render(MESSAGES);
        System.out.printf("%,d messages of %,d to %,d octets, batches of %d%n", MESSAGES,
                messages.stream().mapToLong(SmtpBenchmark::size).min().orElse(0),
                messages.stream().mapToLong(SmtpBenchmark::size).max().orElse(0), BATCH);

        for (int w = 0; w < 2; w++) {
            plain(messages, true);
            hub(messages);
        }
        System.out.println("warm-up done");

        List<Double> noDelay = new ArrayList<>();
        List<Double> hub = new ArrayList<>();
        for (int i = 1; i <= RUNS; i++) {
            // the two go first in turn, and the heap is collected before each: the previous run's GreenMail holds
            // 1,000 messages, and whoever runs right after it would pay for collecting them
            double n;
            double h;
            System.gc();
            if (i % 2 == 1) {
                n = plain(messages, true);
                System.gc();
                h = hub(messages);
            } else {
                h = hub(messages);
                System.gc();
                n = plain(messages, true);
            }
            noDelay.add(n);
            hub.add(h);
            System.out.printf("run %d: plain Jakarta Mail loop with TCP_NODELAY %,.0f/s, hub SmtpTransport %,.0f/s%n", i, n, h);
        }
        // once, for the record: Angus's defaults wait for the server's delayed ACK at the end of every message
        double p = plain(messages, false);
        double n = median(noDelay);
        double h = median(hub);
        System.out.printf("median of %d runs: plain with TCP_NODELAY %,.0f/s, hub %,.0f/s; hub/plain with TCP_NODELAY %.1f %%"
                + " (target >= 80 %%); the plain loop with Angus's defaults (one run) %,.0f/s%n", RUNS, n, h, 100 * h / n, p);
    }

    /**
     * The plain loop's sockets when {@code noDelay}: what the hub's transport does, so the ratio against this loop is
     * the transport's own cost and not Nagle's algorithm's.
     */
    static final class NoDelaySockets extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException("Angus asks for unconnected sockets only");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("Angus asks for unconnected sockets only");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException("Angus asks for unconnected sockets only");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException("Angus asks for unconnected sockets only");
        }
    }

    /** One message per contact, as {@code PressEmailChannel} renders them: seeds in turn, a Message-ID per delivery. */
    static List<Addressed<MimeMessage>> render(int n) {
        PressEmailRenderer renderer = new PressEmailRenderer(
                new PressEmailConfig("南通市文化广电和旅游局", "xxgk@example.gov.cn", "bgs@example.gov.cn"), a -> {
                    throw new IOException("the seed items have no attachments");
                });
        List<Addressed<MimeMessage>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Publication p = ChannelFixtures.publish(ChannelFixtures.seed(i % Seeds.FILES.size()));
            Target t = new Target(String.format("c%04d", i), String.format("editor%04d@press%d.test", i, i % 10), "编辑" + i);
            Delivery d = ChannelFixtures.delivery(PressEmailChannel.NAME, t);
            out.add(new Addressed<>(d, renderer.render(p, d.id(), t.label(), t.address(), ZonedDateTime.now(ChannelFixtures.CLOCK))));
        }
        return out;
    }

    /** Messages per second of the plain loop. */
    static double plain(List<Addressed<MimeMessage>> messages, boolean noDelay) throws Exception {
        try (Mailbox box = Mailbox.start("bench@gongkai.test", USER, PASSWORD)) {
            Properties props = box.sessionProperties("smtp");
            if (noDelay) {
                props.put("mail.smtp.socketFactory", new NoDelaySockets());
            }
            Session session = Session.getInstance(props);
            long started = System.nanoTime();
            try (Transport t = session.getTransport("smtp")) {
                t.connect(USER, PASSWORD);
                for (Addressed<MimeMessage> a : messages) {
                    t.sendMessage(a.message(), a.message().getAllRecipients());
                }
            }
            double rate = rate(messages.size(), started);
            check(box, messages.size());
            return rate;
        }
    }

    /** Messages per second of the hub's transport, a batch at a time, every outcome checked to be SENT. */
    static double hub(List<Addressed<MimeMessage>> messages) throws Exception {
        try (Mailbox box = Mailbox.start("bench@gongkai.test", USER, PASSWORD)) {
            SmtpTransport smtp = new SmtpTransport(new SmtpConfig(box.host(), box.smtpPort(), "none", USER, PASSWORD,
                    Duration.ofSeconds(10), ""));
            long started = System.nanoTime();
            int sent = 0;
            for (int from = 0; from < messages.size(); from += BATCH) {
                for (DeliveryOutcome o : smtp.send(messages.subList(from, Math.min(messages.size(), from + BATCH)))) {
                    if (!o.isSent()) {
                        throw new IllegalStateException("not sent: " + o);
                    }
                    sent++;
                }
            }
            double rate = rate(sent, started);
            check(box, messages.size());
            return rate;
        }
    }

    static void check(Mailbox box, int expected) {
        if (!box.waitForMessages(expected, Duration.ofSeconds(30)) || box.messages().size() != expected) {
            throw new IllegalStateException("GreenMail has " + box.messages().size() + " messages, not " + expected);
        }
    }

    static double rate(int n, long startedNanos) {
        return n / ((System.nanoTime() - startedNanos) / 1e9);
    }

    static long size(Addressed<MimeMessage> a) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            a.message().writeTo(out);
            return out.size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}

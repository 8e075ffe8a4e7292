package cn.gongkai.hub.bench;

import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport.Addressed;
import cn.gongkai.hub.channel.sms.SmppConfig;
import cn.gongkai.hub.channel.sms.SmppTransport;
import cn.gongkai.hub.channel.sms.SmsMessage;
import cn.gongkai.hub.channel.sms.SmsSegments;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.vendor.Smsc;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 10,000 SMS through the hub's SMPP transport ({@link SmppTransport}, driven directly with batches of 100 messages, as
 * the delivery worker calls it; no Redis, no engine) to the local {@link Smsc} on loopback, against a plain loop of
 * jSMPP's {@link SMPPSession#submitShortMessage} on one session with the same window: {@code window} threads, each
 * sending one message's parts one after the other, the same octets (UCS2, UDH concatenation). Each message is a
 * seed's text of {@value #CHARS} Chinese characters (two parts), to a number of its own so the SMSC assembles every
 * message. A warm-up of each, then {@code runs} of each, alternating, each on a fresh SMSC (its records grow with
 * every submit) and a fresh bind; the time is from the first submit to the last answer.
 *
 * <p>Run: {@code ./mvnw -Pbench verify} (with the other benchmarks).
 * {@code -Dbench.messages=}, {@code -Dbench.runs=}, {@code -Dbench.window=}, {@code -Dbench.batch=}.
 */
public final class SmppBenchmark {
    static final int MESSAGES = Integer.getInteger("bench.messages", 10_000);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    static final int WINDOW = Integer.getInteger("bench.window", 10);
    static final int BATCH = Integer.getInteger("bench.batch", 100);
    static final int CHARS = 100;
    static final String SYSTEM_ID = "hub";
    static final String PASSWORD = "bench";
    static final String SOURCE = "10690000";

    private SmppBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String text = Seeds.text(2).replaceAll("\\s", "").substring(0, CHARS);
        int parts = SmsSegments.parts(text);
        System.out.printf("%,d messages of %d characters (%d parts each), window %d, batches of %d%n", MESSAGES, CHARS, parts,
                WINDOW, BATCH);
        System.out.printf("warm-up: jsmpp loop %,.0f msg/s, hub transport %,.0f msg/s%n",
                plainLoop(text, MESSAGES / 5), transport(text, MESSAGES / 5));
        List<Double> plain = new ArrayList<>();
        List<Double> hub = new ArrayList<>();
        for (int i = 1; i <= RUNS; i++) {
            plain.add(plainLoop(text, MESSAGES));
            hub.add(transport(text, MESSAGES));
            System.out.printf("run %d: jsmpp loop %,.0f msg/s, hub transport %,.0f msg/s%n", i, plain.get(i - 1), hub.get(i - 1));
        }
        double p = median(plain);
        double h = median(hub);
        System.out.printf("median: jsmpp loop %,.0f msg/s (%,.0f submit_sm/s), hub transport %,.0f msg/s (%,.0f submit_sm/s); "
                + "ratio %.1f %% (target >= 80 %%)%n", p, p * parts, h, h * parts, 100 * h / p);
    }

    /** Messages a second through {@link SmppTransport#send}, batches of {@link #BATCH} from one engine thread. */
    static double transport(String text, int n) throws Exception {
        try (Smsc smsc = Smsc.start(SYSTEM_ID, PASSWORD)) {
            SmppConfig config = new SmppConfig(smsc.host(), smsc.port(), SYSTEM_ID, PASSWORD, "", SOURCE, 0, "1", 1, "1",
                    "transceiver", true, WINDOW, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
            try (SmppTransport t = new SmppTransport(config, new SmppTransport.Inbound() {
                @Override
                public void receipt(String reference, DeliveryReceipt receipt) {
                }

                @Override
                public void optOut(String number, Instant at) {
                }
            }, ZoneId.of("Asia/Shanghai"))) {
                List<List<Addressed<SmsMessage>>> batches = new ArrayList<>();
                for (int from = 0; from < n; from += BATCH) {
                    List<Addressed<SmsMessage>> b = new ArrayList<>(BATCH);
                    for (int i = from; i < Math.min(n, from + BATCH); i++) {
                        String number = number(i);
                        b.add(new Addressed<>(new Delivery("sms.bench" + i, "sms", "item-bench", 1,
                                new Target("bench-" + number, number, "bench"), 1), SmsMessage.of(text)));
                    }
                    batches.add(b);
                }
                // the bind happens in the background from the start; the first send waits for it: not timed
                t.send(List.of(new Addressed<>(new Delivery("sms.bench-bind", "sms", "item-bench", 1,
                        new Target("bench-bind", "13700000000", "bench"), 1), SmsMessage.of("TD"))));
                long start = System.nanoTime();
                int sent = 0;
                for (List<Addressed<SmsMessage>> b : batches) {
                    for (DeliveryOutcome o : t.send(b)) {
                        if (o.isSent()) {
                            sent++;
                        }
                    }
                }
                double rate = n / ((System.nanoTime() - start) / 1e9);
                check(smsc, sent, n);
                return rate;
            }
        }
    }

    /** Messages a second through a plain loop of {@link SMPPSession#submitShortMessage}, {@value #WINDOW} threads. */
    static double plainLoop(String text, int n) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (String part : SmsSegments.split(text)) {
            bodies.add(part.getBytes(StandardCharsets.UTF_16BE));
        }
        try (Smsc smsc = Smsc.start(SYSTEM_ID, PASSWORD)) {
            SMPPSession session = new SMPPSession();
            session.setTransactionTimer(10_000);
            session.connectAndBind(smsc.host(), smsc.port(), new BindParameter(BindType.BIND_TRX, SYSTEM_ID, PASSWORD, "",
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
            ExecutorService threads = Executors.newFixedThreadPool(WINDOW);
            try {
                AtomicInteger next = new AtomicInteger();
                AtomicInteger sent = new AtomicInteger();
                long start = System.nanoTime();
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WINDOW; w++) {
                    running.add(threads.submit(() -> {
                        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                            String to = "86" + number(i);
                            for (int p = 0; p < bodies.size(); p++) {
                                byte[] body = bodies.get(p);
                                byte[] sm = new byte[6 + body.length];
                                sm[0] = 0x05;
                                sm[2] = 0x03;
                                sm[3] = (byte) i;
                                sm[4] = (byte) bodies.size();
                                sm[5] = (byte) (p + 1);
                                System.arraycopy(body, 0, sm, 6, body.length);
                                session.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, SOURCE,
                                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, new ESMClass(0x40), (byte) 0,
                                        (byte) 0, null, null, new RegisteredDelivery(1), (byte) 0, DataCodings.newInstance((byte) 8),
                                        (byte) 0, sm);
                            }
                            sent.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
                double rate = n / ((System.nanoTime() - start) / 1e9);
                check(smsc, sent.get(), n);
                return rate;
            } finally {
                threads.shutdownNow();
                session.unbindAndClose();
            }
        }
    }

    static void check(Smsc smsc, int sent, int n) {
        long whole = smsc.messages().stream().filter(m -> !m.destination().equals("8613700000000")).count();
        if (sent != n || whole != n || !smsc.violations().isEmpty()) {
            throw new IllegalStateException(sent + " of " + n + " sent, " + whole + " assembled at the SMSC, violations "
                    + smsc.violations().stream().limit(3).toList());
        }
    }

    static String number(int i) {
        return "139" + String.format("%08d", i);
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }
}

package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local LED controller (or the bridge a site runs in front of its vendor's controller) speaking the hub's push frame
 * on loopback, strictly:
 * <pre>
 *   4-byte big-endian length of the rest | one line of UTF-8 JSON {"screen","item","page","pages","encoding"} | '\n' | page text
 * </pre>
 * It refuses (records as a protocol error and drops the connection) a length that does not match the bytes that
 * follow, a header that is not exactly those five keys, another screen or encoding than its own, a page number
 * outside 1..pages, text that does not decode in the encoding without loss (GBK: every byte sequence must be GBK and
 * encode back to the same bytes), a text with more lines than the screen has, and a clear frame
 * ({@code item null, page 0, pages 0}) with text. Every good frame is answered with the one byte {@code 0x06}.
 *
 * <p>It keeps what a screen would show: item → pages; a clear frame empties it. {@link #withholdAcks} makes it take
 * the next frames without answering, as a controller that hangs does (the hub's ack timeout).
 */
public final class LedController implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HEADER_KEYS = Set.of("screen", "item", "page", "pages", "encoding");
    private static final int MAX_FRAME = 64 * 1024;

    /** One frame as received. {@code item} null for a clear frame. */
    public record Frame(String screen, String item, int page, int pages, String encoding, String text, int connection) {
        public List<String> lines() {
            return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
        }

        public boolean clear() {
            return item == null;
        }
    }

    private final ServerSocket server;
    private final String screen;
    private final String encoding;
    private final int maxLines;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<Frame> acked = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, Map<Integer, List<String>>> showing = new LinkedHashMap<>();
    private final AtomicInteger withhold = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private LedController(ServerSocket server, String screen, String encoding, int maxLines) {
        this.server = server;
        this.screen = screen;
        this.encoding = encoding;
        this.maxLines = maxLines;
        Thread t = new Thread(this::accept, "led-controller-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** A controller of {@code screen} on a free loopback port. */
    public static LedController start(String screen, String encoding, int maxLines) {
        return start(0, screen, encoding, maxLines);
    }

    /** On {@code port} (0: a free one). */
    public static LedController start(int port, String screen, String encoding, int maxLines) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return new LedController(s, screen, encoding, maxLines);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port nothing listens on (at the time of the call). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Takes the next {@code n} frames without answering them. */
    public void withholdAcks(int n) {
        withhold.set(n);
    }

    /** Every frame received, in order, acked or not. */
    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** The frames it acked. */
    public List<Frame> acked() {
        return List.copyOf(acked);
    }

    /** Protocol violations seen (each also dropped its connection). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** What the screen shows: item → its pages in order (only items with every page received). */
    public synchronized Map<String, List<List<String>>> showing() {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        showing.forEach((item, pages) -> out.put(item, List.copyOf(pages.values())));
        return out;
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            int n = connections.incrementAndGet();
            open.add(s);
            Thread t = new Thread(() -> serve(s, n), "led-controller-conn-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s, int connection) {
        try (s; InputStream raw = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            DataInputStream in = new DataInputStream(raw);
            while (true) {
                byte[] len = new byte[4];
                try {
                    in.readFully(len);
                } catch (EOFException e) {
                    return;
                }
                int n = ByteBuffer.wrap(len).getInt();
                if (n <= 0 || n > MAX_FRAME) {
                    errors.add("length prefix " + n + " out of range (connection " + connection + ")");
                    return;
                }
                byte[] body = new byte[n];
                try {
                    in.readFully(body);
                } catch (EOFException e) {
                    errors.add("frame shorter than its length prefix " + n + " (connection " + connection + ")");
                    return;
                }
                Frame f;
                try {
                    f = parse(body, connection);
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage() + " (connection " + connection + ")");
                    return;
                }
                frames.add(f);
                if (withhold.getAndUpdate(w -> Math.max(0, w - 1)) > 0) {
                    continue;
                }
                show(f);
                acked.add(f);
                out.write(0x06);
                out.flush();
            }
        } catch (SocketException e) {
            // the hub closed the connection (after its ack timeout) or this controller closed
        } catch (IOException e) {
            if (!closed) {
                errors.add("I/O error on connection " + connection + ": " + e.getMessage());
            }
        } finally {
            open.remove(s);
        }
    }

    private Frame parse(byte[] body, int connection) {
        int nl = -1;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            throw new IllegalArgumentException("no '\\n' after the header");
        }
        String headerText = strict(Arrays.copyOfRange(body, 0, nl), StandardCharsets.UTF_8, "the header");
        JsonNode h;
        try {
            h = JSON.readTree(headerText);
        } catch (IOException e) {
            throw new IllegalArgumentException("header is not JSON: " + headerText);
        }
        if (h == null || !h.isObject()) {
            throw new IllegalArgumentException("header is not a JSON object: " + headerText);
        }
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        if (!keys.equals(HEADER_KEYS)) {
            throw new IllegalArgumentException("header keys " + keys + " are not " + new TreeSet<>(HEADER_KEYS));
        }
        if (!screen.equals(h.get("screen").asText())) {
            throw new IllegalArgumentException("frame for screen " + h.get("screen") + " at the controller of " + screen);
        }
        if (!encoding.equals(h.get("encoding").asText())) {
            throw new IllegalArgumentException("encoding " + h.get("encoding") + ", this screen takes " + encoding);
        }
        if (!h.get("page").isInt() || !h.get("pages").isInt()) {
            throw new IllegalArgumentException("page and pages must be whole numbers: " + headerText);
        }
        int page = h.get("page").asInt();
        int pages = h.get("pages").asInt();
        byte[] textBytes = Arrays.copyOfRange(body, nl + 1, body.length);
        String text = strict(textBytes, Charset.forName(encoding), "the page text");
        JsonNode item = h.get("item");
        if (item.isNull()) {
            if (page != 0 || pages != 0 || textBytes.length != 0) {
                throw new IllegalArgumentException("a clear frame has page 0, pages 0 and no text: " + headerText);
            }
            return new Frame(screen, null, 0, 0, encoding, "", connection);
        }
        if (!item.isTextual() || item.asText().isBlank()) {
            throw new IllegalArgumentException("item must be the item id or null: " + headerText);
        }
        if (pages < 1 || page < 1 || page > pages) {
            throw new IllegalArgumentException("page " + page + " of " + pages + " is out of range");
        }
        if (text.isEmpty() || text.endsWith("\n")) {
            throw new IllegalArgumentException("page text is empty or ends with a line break");
        }
        int lines = text.split("\n", -1).length;
        if (lines > maxLines) {
            throw new IllegalArgumentException("page has " + lines + " lines, the screen " + maxLines);
        }
        return new Frame(screen, item.asText(), page, pages, encoding, text, connection);
    }

    /** Decodes without replacement and checks the bytes encode back the same: no lossy or foreign byte passes. */
    private static String strict(byte[] bytes, Charset cs, String what) {
        try {
            String s = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (!Arrays.equals(s.getBytes(cs), bytes)) {
                throw new IllegalArgumentException(what + " does not round-trip in " + cs.name());
            }
            return s;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid " + cs.name() + ": " + e);
        }
    }

    private synchronized void show(Frame f) {
        if (f.clear()) {
            showing.clear();
            return;
        }
        Map<Integer, List<String>> pages = showing.computeIfAbsent(f.item(), k -> new java.util.TreeMap<>());
        pages.keySet().removeIf(p -> p > f.pages());
        pages.put(f.page(), f.lines());
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : new ArrayList<>(open)) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}

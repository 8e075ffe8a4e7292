package cn.gongkai.hub.channel.led;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One TCP connection per push screen, opened when first needed and kept; any failure closes it, so the next push
 * connects anew. Frames ({@link LedFrames}) go one at a time, each waiting for the controller's ACK byte.
 */
final class LedPusher implements AutoCloseable {

    /** A push that did not complete; {@code connected} says whether any frame was written. */
    static final class PushFailed extends Exception {
        final boolean connected;

        PushFailed(String message, boolean connected) {
            super(message);
            this.connected = connected;
        }
    }

    private static final class Link {
        Socket socket;
    }

    private final Map<String, Link> links = new ConcurrentHashMap<>();

    /** Sends {@code frames} in order to the screen's controller; returns when the last one was acked. */
    void push(String screen, LedPush to, List<byte[]> frames) throws PushFailed {
        Link link = links.computeIfAbsent(screen, s -> new Link());
        synchronized (link) {
            String where = to.host() + ":" + to.port();
            if (link.socket == null || link.socket.isClosed()) {
                link.socket = connect(to, where);
            }
            int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, to.timeout().toMillis()));
            int done = 0;
            try {
                link.socket.setSoTimeout(timeoutMs);
                InputStream in = link.socket.getInputStream();
                for (byte[] frame : frames) {
                    link.socket.getOutputStream().write(frame);
                    link.socket.getOutputStream().flush();
                    int ack = in.read();
                    if (ack == -1) {
                        throw failed(link, "the controller at " + where + " closed the connection before acking page " + (done + 1), true);
                    }
                    if (ack != LedFrames.ACK) {
                        throw failed(link, "the controller at " + where + " answered 0x" + String.format("%02X", ack)
                                + " instead of ACK (0x06) to page " + (done + 1), true);
                    }
                    done++;
                }
            } catch (SocketTimeoutException e) {
                throw failed(link, "no ACK from the controller at " + where + " within " + timeoutMs + " ms for page " + (done + 1), true);
            } catch (IOException e) {
                throw failed(link, "the connection to the controller at " + where + " broke (" + e.getMessage() + ")", true);
            }
        }
    }

    private static Socket connect(LedPush to, String where) throws PushFailed {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(to.host(), to.port()), (int) Math.min(Integer.MAX_VALUE, to.timeout().toMillis()));
            return s;
        } catch (UnknownHostException e) {
            close(s);
            throw new PushFailed("the controller's host " + to.host() + " is unknown", false);
        } catch (ConnectException e) {
            close(s);
            throw new PushFailed("the controller at " + where + " refused the connection", false);
        } catch (IOException e) {
            close(s);
            throw new PushFailed("cannot connect to the controller at " + where + " (" + e.getMessage() + ")", false);
        }
    }

    private static PushFailed failed(Link link, String message, boolean connected) {
        close(link.socket);
        link.socket = null;
        return new PushFailed(message, connected);
    }

    private static void close(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    @Override
    public void close() {
        links.values().forEach(l -> {
            synchronized (l) {
                close(l.socket);
                l.socket = null;
            }
        });
    }
}

package cn.gongkai.hub.vendor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What both vendor servers share: a JDK {@link HttpServer} on 127.0.0.1 and a free port, and the two transport faults a
 * test can switch on before the vendor's own checks run: answer every request with an HTTP status (a gateway 5xx), or
 * hold every request unanswered until {@link #heal()} or {@link #close()} (a client timeout).
 */
abstract class FakeVendorServer implements AutoCloseable {
    /** A hung request is answered at the latest after this, so a forgotten {@code heal()} cannot block a build. */
    private static final long MAX_HANG_SECONDS = 30;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile int failStatus;
    private volatile CountDownLatch hang;

    FakeVendorServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // several threads: a hung request must not hold up the next one
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** The vendor's API behind the faults: the body is already read. */
    abstract void handle(HttpExchange exchange, byte[] body) throws IOException;

    /** The body the vendor's gateway sends with a 5xx. */
    abstract void answerStatus(HttpExchange exchange, int status) throws IOException;

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:port}, the form both SDKs take as an endpoint. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /** Answer every request with this HTTP status (such as 500, 502, 503) until {@link #heal()}. */
    public void failWithStatus(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        }
        failStatus = status;
    }

    /** Hold every request unanswered (the client's read timeout fires) until {@link #heal()} or {@link #close()}. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    /** Back to normal: no forced status, hung requests go on to be answered. */
    public void heal() {
        failStatus = 0;
        CountDownLatch h = hang;
        hang = null;
        if (h != null) {
            h.countDown();
        }
    }

    @Override
    public void close() {
        heal();
        server.stop(0);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            CountDownLatch h = hang;
            if (h != null) {
                h.await(MAX_HANG_SECONDS, TimeUnit.SECONDS);
            }
            int status = failStatus;
            if (status != 0) {
                answerStatus(exchange, status);
            } else {
                handle(exchange, body);
            }
        } catch (IOException e) {
            // the client went away (it timed out): nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a bug in the fake itself: make it loud in the test's output rather than a silent 500
            e.printStackTrace();
            try {
                VendorHttp.send(exchange, 500, "text/plain; charset=utf-8", ("fake server error: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client is gone
            }
        } finally {
            exchange.close();
        }
    }
}

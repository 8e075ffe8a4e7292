package cn.gongkai.hub.vendor;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny HTTP endpoint that stands where the hub's receipt callback will: it records each POST and answers a fixed reply. */
public final class CallbackReceiver implements AutoCloseable {
    /** One POST as it arrived. */
    public record Push(String path, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Push> pushes = new CopyOnWriteArrayList<>();
    private final String reply;

    private CallbackReceiver(String reply) {
        this.reply = reply;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                pushes.add(new Push(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(body, StandardCharsets.UTF_8)));
                VendorHttp.send(exchange, 200, "application/json;charset=utf-8", this.reply.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    /** Starts a receiver that answers every POST with HTTP 200 and this JSON. */
    public static CallbackReceiver answering(String replyJson) {
        return new CallbackReceiver(replyJson);
    }

    public URI uri(String path) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path);
    }

    public List<Push> pushes() {
        return List.copyOf(pushes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

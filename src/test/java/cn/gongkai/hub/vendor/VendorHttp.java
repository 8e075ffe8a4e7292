package cn.gongkai.hub.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bytes, hashes and JSON for the vendor servers. */
final class VendorHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PUSH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private VendorHttp() {
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json;charset=utf-8", JSON.writeValueAsBytes(body));
    }

    /** {@code a=1&b=2} decoded as a form: {@code +} is a space, each name once (the last wins). */
    static Map<String, String> decodeForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two signatures in constant time, as a real gateway should. */
    static boolean sameSignature(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Parts an SMS bills as: up to 70 characters one, longer ones in 67-character parts (both vendors count so). */
    static int parts(String text) {
        int n = text.codePointCount(0, text.length());
        return n <= 70 ? 1 : (n + 66) / 67;
    }

    /**
     * POSTs a receipt batch as the vendor does ({@code application/json}, UTF-8) and reads what the receiver answered.
     *
     * @param acknowledgedField the reply's number field the vendor reads ({@code code} for Aliyun, {@code result} for Tencent)
     */
    static PushReply push(URI callback, Object batch, String acknowledgedField) {
        try {
            HttpRequest request = HttpRequest.newBuilder(callback)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch)))
                    .build();
            HttpResponse<String> response = PUSH.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new PushReply(response.statusCode(), response.body(), acknowledged(response, acknowledgedField));
        } catch (IOException e) {
            throw new UncheckedIOException("receipt push to " + callback + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing receipts to " + callback, e);
        }
    }

    private static boolean acknowledged(HttpResponse<String> response, String field) {
        if (response.statusCode() != 200) {
            return false;
        }
        try {
            JsonNode reply = JSON.readTree(response.body());
            return reply != null && reply.path(field).isNumber() && reply.path(field).asInt() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** OkHttp's timeout sometimes ends in "Socket closed": the timeout is somewhere in the chain, not always at the root. */
    static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}

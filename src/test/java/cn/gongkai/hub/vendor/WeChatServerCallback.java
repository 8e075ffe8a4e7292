package cn.gongkai.hub.vendor;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * WeChat's side of an account's message push (消息与事件推送) to a server URL, written from the docs, not from WxJava
 * (so that the hub's use of WxJava is checked against an independent implementation):
 * {@code doc/service/guide/dev/push/encryption} (接入指引, 技术方案).
 * <ul>
 *   <li>URL check: {@code GET ?signature&timestamp&nonce&echostr}, {@code signature} = SHA-1 hex of token, timestamp
 *       and nonce sorted and joined; the server is to answer {@code echostr}.</li>
 *   <li>Plaintext mode: {@code POST ?signature&timestamp&nonce&openid} with the XML message.</li>
 *   <li>Safe mode: {@code POST ?signature&timestamp&nonce&openid&encrypt_type=aes&msg_signature} with
 *       {@code <xml><ToUserName/><Encrypt/></xml>}; {@code Encrypt} = Base64(AES-256-CBC(random 16 bytes, the message's
 *       length as 4 bytes in network order, the message, the AppID), no padding but PKCS#7 to a multiple of 32), the key
 *       Base64-decoded from EncodingAESKey + "=", the IV its first 16 bytes; {@code msg_signature} = SHA-1 hex of token,
 *       timestamp, nonce and {@code Encrypt} sorted and joined.</li>
 * </ul>
 * The server is expected to answer {@code success} (or an empty body); WeChat pushes again otherwise.
 */
public final class WeChatServerCallback {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** What the server answered. */
    public record Reply(int status, String body) {
        /** Whether WeChat takes it as received. */
        public boolean acknowledged() {
            return status == 200 && (body.isEmpty() || body.equals("success"));
        }
    }

    private final URI url;
    private final String token;
    private final byte[] key;
    private final String appId;
    private final String accountId;
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param encodingAesKey the account's EncodingAESKey (43 characters) for safe mode, or null for plaintext mode
     * @param accountId      the account's original id ({@code gh_...}), the messages' ToUserName
     */
    public WeChatServerCallback(URI url, String token, String encodingAesKey, String appId, String accountId) {
        this.url = url;
        this.token = token;
        this.key = encodingAesKey == null ? null : aesKey(encodingAesKey);
        this.appId = appId;
        this.accountId = accountId;
    }

    public boolean encrypted() {
        return key != null;
    }

    public String accountId() {
        return accountId;
    }

    /** A new EncodingAESKey as the admin page generates one: 43 letters and digits. */
    public static String newEncodingAesKey() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder(43);
        for (int i = 0; i < 43; i++) {
            sb.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    /** The URL check, signed now. */
    public Reply verifyUrl(String echostr) {
        return verifyUrl(echostr, Instant.now(), q -> {
        });
    }

    /** The URL check signed at {@code timestamp}; {@code tamper} may change the query after it is signed. */
    public Reply verifyUrl(String echostr, Instant timestamp, Consumer<Map<String, String>> tamper) {
        Map<String, String> q = signed(timestamp);
        q.put("echostr", echostr);
        tamper.accept(q);
        return send(HttpRequest.newBuilder(withQuery(q)).GET());
    }

    /** A message as WeChat pushes it now (encrypted in safe mode). */
    public Reply post(String xml) {
        return post(xml, Instant.now(), q -> {
        });
    }

    /** A message signed at {@code timestamp}; {@code tamper} may change the query after it is signed. */
    public Reply post(String xml, Instant timestamp, Consumer<Map<String, String>> tamper) {
        Map<String, String> q = signed(timestamp);
        String openid = field(xml, "FromUserName");
        if (openid != null) {
            q.put("openid", openid);
        }
        String body = xml;
        if (key != null) {
            String encrypt = encrypt(key, appId, xml, randomLetters(16).getBytes(StandardCharsets.US_ASCII));
            q.put("encrypt_type", "aes");
            q.put("msg_signature", signature(token, q.get("timestamp"), q.get("nonce"), encrypt));
            body = "<xml><ToUserName><![CDATA[" + accountId + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        }
        tamper.accept(q);
        return send(HttpRequest.newBuilder(withQuery(q)).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** An event message from {@code openid}: {@code more} are added as elements (MsgID, Status). */
    public String event(String openid, Instant createTime, String event, Map<String, String> more) {
        StringBuilder sb = new StringBuilder("<xml><ToUserName><![CDATA[").append(accountId).append("]]></ToUserName>")
                .append("<FromUserName><![CDATA[").append(openid).append("]]></FromUserName>")
                .append("<CreateTime>").append(createTime.getEpochSecond()).append("</CreateTime>")
                .append("<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[").append(event).append("]]></Event>");
        more.forEach((k, v) -> sb.append('<').append(k).append('>').append(v.matches("[0-9]+") ? v : "<![CDATA[" + v + "]]>")
                .append("</").append(k).append('>'));
        return sb.append("</xml>").toString();
    }

    /** SHA-1 hex of the parts sorted and joined, as WeChat signs. */
    public static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 32-byte AES key of an EncodingAESKey. */
    public static byte[] aesKey(String encodingAesKey) {
        byte[] k = Base64.getDecoder().decode(encodingAesKey + "=");
        if (k.length != 32) {
            throw new IllegalArgumentException("an EncodingAESKey is 43 characters: " + encodingAesKey);
        }
        return k;
    }

    /** {@code Encrypt} of a message, as the technical solution describes it. */
    public static String encrypt(byte[] key, String appId, String xml, byte[] random16) {
        byte[] msg = xml.getBytes(StandardCharsets.UTF_8);
        byte[] app = appId.getBytes(StandardCharsets.UTF_8);
        int length = 16 + 4 + msg.length + app.length;
        int pad = 32 - length % 32;
        ByteBuffer b = ByteBuffer.allocate(length + pad);
        b.put(random16, 0, 16).putInt(msg.length).put(msg).put(app);
        for (int i = 0; i < pad; i++) {
            b.put((byte) pad);
        }
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            return Base64.getEncoder().encodeToString(c.doFinal(b.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message and the AppID of an {@code Encrypt} (the reverse of {@link #encrypt}), for checking replies. */
    public static String[] decrypt(byte[] key, String encrypt) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            byte[] plain = c.doFinal(Base64.getDecoder().decode(encrypt));
            int pad = plain[plain.length - 1] & 0xff;
            ByteBuffer b = ByteBuffer.wrap(plain, 0, plain.length - pad);
            b.position(16);
            int n = b.getInt();
            byte[] msg = new byte[n];
            b.get(msg);
            byte[] app = new byte[b.remaining()];
            b.get(app);
            return new String[]{new String(msg, StandardCharsets.UTF_8), new String(app, StandardCharsets.UTF_8)};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> signed(Instant timestamp) {
        Map<String, String> q = new LinkedHashMap<>();
        String ts = Long.toString(timestamp.getEpochSecond());
        String nonce = Long.toString(1_000_000_000L + (random.nextLong() & 0x7fffffffL) % 9_000_000_000L);
        q.put("signature", signature(token, ts, nonce));
        q.put("timestamp", ts);
        q.put("nonce", nonce);
        return q;
    }

    private URI withQuery(Map<String, String> q) {
        return URI.create(url + (url.getRawQuery() == null ? "?" : "&") + q.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("push to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String randomLetters(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return sb.toString();
    }

    private static String field(String xml, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<" + name + ">(?:<!\\[CDATA\\[)?(.*?)(?:]]>)?</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }
}

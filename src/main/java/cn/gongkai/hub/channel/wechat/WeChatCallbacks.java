package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.delivery.Receipts;
import cn.gongkai.hub.subscriber.OptOuts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import me.chanjar.weixin.mp.util.crypto.WxMpCryptUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The account's message push (消息与事件推送) to {@code /callbacks/wechat}, as the access guide and the encryption docs
 * describe it ({@code doc/service/guide/dev/push/encryption}, {@code doc/service/guide/dev/push/index}):
 * <ul>
 *   <li>{@code GET ?signature&timestamp&nonce&echostr}: the URL check; {@code signature} is the SHA-1 hex of the token,
 *       timestamp and nonce sorted and joined; the answer is {@code echostr} when it matches.</li>
 *   <li>{@code POST} with the same query: an event, in plaintext mode the XML (or JSON) itself; with
 *       {@code encrypt_type=aes} (compatible and safe mode) the {@code Encrypt} field of it, signed by
 *       {@code msg_signature} (SHA-1 of the token, timestamp, nonce and {@code Encrypt}, sorted and joined) and
 *       AES-256-CBC encrypted with the EncodingAESKey (decrypted by WxJava's {@link WxMpCryptUtil}).</li>
 * </ul>
 * A bad signature, or a timestamp more than {@value #WINDOW_MINUTES} minutes from now (a replayed push), is refused
 * (403) before anything is acted on. The hub reads the few flat fields it needs itself, with a parser that refuses any
 * DOCTYPE (so no entity, external or internal, is ever expanded), and takes JSON too (an account may choose it). WxJava
 * is not open to XXE either (checked on 4.7.9.B: its crypto's and {@code XmlUtils}' parsers disallow a DOCTYPE, and the
 * XStream reader of {@code WxMpXmlMessage.fromXml} refuses entity references), but it reads XML only.
 *
 * <p>Events: {@code unsubscribe} → an opt-out of channel wechat for the openid ({@code wechat:unsubscribe}, at its
 * {@code CreateTime}), which every later notice honours; {@code subscribe} → nothing (consent is the subscriber
 * store's); {@code TEMPLATESENDJOBFINISH} → the receipt of the template message whose {@code MsgID} a delivery was sent
 * with: {@code success} DELIVRD, {@code failed:user block} REJECTD (the follower refuses the account's template
 * messages), {@code failed: system failed} UNDELIV. Anything else accepted is ignored. An accepted push is answered
 * {@code success}, WeChat's documented reply (it pushes again, three times, when it gets no answer in 5 s).
 */
@Singleton
public class WeChatCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(WeChatCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long WINDOW_MINUTES = 5;
    /** Events are a few hundred bytes; anything much larger is not WeChat. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final String TRANSPORT = "wechat";

    /** The query WeChat sends; any part may be missing. */
    public record Query(String signature, String timestamp, String nonce, String echostr, String encryptType, String msgSignature) {
    }

    /** What the callback answers: an HTTP status and a text/plain body. */
    public record Answer(int status, String body) {
    }

    /**
     * One pushed message, the fields the hub reads.
     *
     * @param msgId {@code MsgID} of a TEMPLATESENDJOBFINISH (the template message's msgid)
     */
    record Event(String toUser, String fromUser, Instant createTime, String msgType, String event, String msgId, String status) {
        static Event of(Map<String, String> f, Instant now) {
            Instant at = now;
            try {
                at = f.containsKey("CreateTime") ? Instant.ofEpochSecond(Long.parseLong(f.get("CreateTime").strip())) : now;
            } catch (NumberFormatException e) {
                // keep now: the push was signed, only its time is unreadable
            }
            String msgId = f.containsKey("MsgID") ? f.get("MsgID") : f.get("MsgId");
            return new Event(f.get("ToUserName"), f.get("FromUserName"), at, f.get("MsgType"), f.get("Event"),
                    msgId == null ? null : msgId.strip(), f.get("Status"));
        }
    }

    private final String token;
    private final WxCryptUtil crypt;
    private final OptOuts optOuts;
    private final Receipts receipts;
    private final Clock clock;

    @Inject
    public WeChatCallbacks(WeChatCallbackConfig config, WeChatConfig account, OptOuts optOuts, Receipts receipts) {
        this(config, account, optOuts, receipts, Clock.systemUTC());
    }

    WeChatCallbacks(WeChatCallbackConfig config, WeChatConfig account, OptOuts optOuts, Receipts receipts, Clock clock) {
        this.token = config.token();
        this.optOuts = optOuts;
        this.receipts = receipts;
        this.clock = clock;
        if (!config.aesKey().isEmpty() && !config.aesKey().matches("[A-Za-z0-9+/]{43}")) {
            throw new ConfigException(NoticeTemplate.FILE + ": callback.aes-key: the EncodingAESKey is 43 letters and digits"
                    + " (check WECHAT_ENCODING_AES_KEY)");
        }
        if (config.aesKey().isEmpty()) {
            this.crypt = null;
        } else {
            WxMpDefaultConfigImpl keys = new WxMpDefaultConfigImpl();
            keys.setToken(token);
            keys.setAesKey(config.aesKey());
            keys.setAppId(account.appId() == null ? "" : account.appId());
            this.crypt = new WxMpCryptUtil(keys);
        }
    }

    /** Without a token there is nothing to check a push against: the endpoint is off. */
    public boolean configured() {
        return !token.isEmpty();
    }

    /** {@code GET}: the URL check of the account's server configuration. */
    public Answer verify(Query q, String from) {
        if (!configured()) {
            return notConfigured();
        }
        String refused = refusal(q, null);
        if (refused != null) {
            LOG.warn("Refused a WeChat URL check from {}: {}", from, refused);
            return new Answer(403, refused);
        }
        return new Answer(200, q.echostr() == null ? "" : q.echostr());
    }

    /** {@code POST}: one pushed message or event. */
    public Answer receive(Query q, byte[] body, String from) {
        if (!configured()) {
            return notConfigured();
        }
        if (body != null && body.length > MAX_BODY_BYTES) {
            return new Answer(413, "a WeChat push is at most " + MAX_BODY_BYTES + " bytes");
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        boolean aes = "aes".equalsIgnoreCase(q.encryptType());
        String refused = refusal(q, null);
        Map<String, String> fields = null;
        if (refused == null) {
            try {
                fields = fields(text);
            } catch (IllegalArgumentException e) {
                LOG.warn("Refused a WeChat push from {}: {}", from, e.getMessage());
                return new Answer(400, e.getMessage());
            }
            if (aes) {
                refused = crypt == null ? "an encrypted push, but no EncodingAESKey is configured (WECHAT_ENCODING_AES_KEY)"
                        : fields.get("Encrypt") == null ? "an encrypted push without Encrypt"
                        : refusal(q, fields.get("Encrypt"));
            }
        }
        if (refused != null) {
            LOG.warn("Refused a WeChat push from {}: {}", from, refused);
            return new Answer(403, refused);
        }
        if (aes) {
            try {
                fields = fields(crypt.decrypt(fields.get("Encrypt")));
            } catch (RuntimeException e) {
                LOG.error("A signed WeChat push from {} does not decrypt: check WECHAT_ENCODING_AES_KEY ({})", from, e.getMessage());
                return new Answer(400, "the push does not decrypt with the configured EncodingAESKey");
            }
        }
        handle(Event.of(fields, clock.instant()));
        return new Answer(200, "success");
    }

    private void handle(Event e) {
        if (!"event".equalsIgnoreCase(e.msgType()) || e.event() == null) {
            LOG.debug("WeChat push of type {} ignored", e.msgType());
            return;
        }
        switch (e.event().strip().toLowerCase(Locale.ROOT)) {
            case "unsubscribe" -> {
                if (e.fromUser() == null || e.fromUser().isBlank()) {
                    LOG.warn("A WeChat unsubscribe event without FromUserName: nothing to record");
                    return;
                }
                optOuts.optOut(WeChatChannel.NAME, e.fromUser().strip(), "wechat:unsubscribe", e.createTime());
            }
            case "subscribe" -> LOG.debug("WeChat: {} follows the account", mask(e.fromUser()));
            case "templatesendjobfinish" -> {
                if (e.msgId() == null || e.msgId().isEmpty()) {
                    LOG.warn("A WeChat TEMPLATESENDJOBFINISH event without MsgID: no delivery to record it on");
                    return;
                }
                Receipts.Recorded r = receipts.report(WeChatChannel.NAME, TRANSPORT, e.msgId(), receipt(e));
                LOG.debug("WeChat template message {}: {} ({})", e.msgId(), e.status(), r);
            }
            default -> LOG.debug("WeChat event {} ignored", e.event());
        }
    }

    /** {@code Status} of a TEMPLATESENDJOBFINISH as a receipt, SMPP's words as every vendor's reports are mapped to. */
    static DeliveryReceipt receipt(Event e) {
        String status = e.status() == null ? "" : e.status().strip();
        String normal = status.toLowerCase(Locale.ROOT).replace(" ", "");
        String detail = "TEMPLATESENDJOBFINISH " + status;
        return switch (normal) {
            case "success" -> new DeliveryReceipt("DELIVRD", e.createTime(), detail);
            case "failed:userblock" -> new DeliveryReceipt("REJECTD", e.createTime(), detail + ": the follower refuses the account's template messages");
            case "failed:systemfailed" -> new DeliveryReceipt("UNDELIV", e.createTime(), detail + ": WeChat could not deliver it (not the follower's doing)");
            default -> new DeliveryReceipt("UNDELIV", e.createTime(), detail);
        };
    }

    /** Why the query is not WeChat's, or null: {@code signature} (and {@code msg_signature} over {@code encrypt}), the time. */
    private String refusal(Query q, String encrypt) {
        if (q.timestamp() == null || q.nonce() == null) {
            return "timestamp and nonce are required";
        }
        long ts;
        try {
            ts = Long.parseLong(q.timestamp().strip());
        } catch (NumberFormatException e) {
            return "timestamp is not a number of seconds";
        }
        if (encrypt == null) {
            if (!same(signature(token, q.timestamp(), q.nonce()), q.signature())) {
                return "signature does not match";
            }
        } else if (!same(signature(token, q.timestamp(), q.nonce(), encrypt), q.msgSignature())) {
            return "msg_signature does not match";
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - ts);
        if (skew > Duration.ofMinutes(WINDOW_MINUTES).toSeconds()) {
            return "timestamp is " + skew + " s from now (more than " + WINDOW_MINUTES + " minutes): a replayed push";
        }
        return null;
    }

    /** SHA-1 hex of the parts sorted (as strings) and joined, as WeChat signs. */
    static String signature(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }

    /** Equal signatures, compared in constant time (WeChat sends lower-case hex). */
    static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The top-level fields of a pushed message: the children of {@code <xml>} (or the members of a JSON object, for an
     * account that chose JSON), by name.
     *
     * @throws IllegalArgumentException not a message the hub can read
     */
    static Map<String, String> fields(String body) {
        String s = body == null ? "" : body.strip();
        Map<String, String> out = new LinkedHashMap<>();
        if (s.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(s);
                json.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
                return out;
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("the body is not JSON");
            }
        }
        Document doc;
        try {
            javax.xml.parsers.DocumentBuilder parser = XML.get().newDocumentBuilder();
            // throws on a fatal error instead of printing it to stderr as the JDK's default handler does
            parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            doc = parser.parse(new InputSource(new StringReader(s)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalArgumentException("the body is not a WeChat XML message (" + e.getMessage() + ")");
        }
        Element root = doc.getDocumentElement();
        if (!"xml".equals(root.getTagName())) {
            throw new IllegalArgumentException("the body is not a WeChat XML message (root <" + root.getTagName() + ">)");
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.put(e.getTagName(), e.getTextContent());
            }
        }
        return out;
    }

    /** A parser that refuses any DOCTYPE and never reaches outside (OWASP's XXE settings for DocumentBuilderFactory). */
    private static final ThreadLocal<DocumentBuilderFactory> XML = ThreadLocal.withInitial(() -> {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a feature the hub needs", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    });

    private static Answer notConfigured() {
        return new Answer(404, "the WeChat callback is not configured: set WECHAT_CALLBACK_TOKEN (" + NoticeTemplate.FILE + " callback.token)");
    }

    private static String mask(String openid) {
        return openid == null || openid.length() < 8 ? "***" : openid.substring(0, 4) + "****" + openid.substring(openid.length() - 4);
    }
}

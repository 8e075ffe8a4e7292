package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.RedisUnderTest;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.vendor.AliyunSmsServer;
import cn.gongkai.hub.vendor.TencentSmsServer;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole hub whose sms.yml points the Aliyun and Tencent transports at the local vendor servers, with the shipped
 * lists (five numbers), fast retries, and an approved seed item published to SMS.
 */
final class VendorSmsHub {
    static final String ALIYUN_KEY_ID = "LTAI5tGongkaiHubIT0001";
    static final String ALIYUN_SECRET = "gongkai-hub-aliyun-it-secret";
    static final String ALIYUN_TEMPLATE = "SMS_480215001";
    static final String ALIYUN_WITHDRAW_TEMPLATE = "SMS_480215002";
    static final String TENCENT_SECRET_ID = "AKIDGongkaiHubIT000000000000000000001";
    static final String TENCENT_SECRET_KEY = "gongkai-hub-tencent-it-secret";
    static final String TENCENT_APP = "1400787878";
    static final String TENCENT_TEMPLATE = "1932001";
    static final String SIGN = "南通市文广旅局";
    static final String ALIYUN_TOKEN = "aliyun-callback-token-for-tests";
    static final String TENCENT_TOKEN = "tencent-callback-token-for-tests";
    /** The numbers of the shipped sms.yml, by target id. */
    static final Map<String, String> TARGETS = Map.of(
            "media-liaison-13800000001", "13800000001",
            "media-liaison-13800000002", "13800000002",
            "media-liaison-13900000003", "13900000003",
            "culture-venues-15000000004", "15000000004",
            "culture-venues-18600000005", "18600000005");

    private VendorSmsHub() {
    }

    static AliyunSmsServer aliyun() {
        return AliyunSmsServer.start(ALIYUN_KEY_ID, ALIYUN_SECRET).approveSign(SIGN)
                .approveTemplate(ALIYUN_TEMPLATE, "《${title}》已公开，编号${itemNo}")
                .approveTemplate(ALIYUN_WITHDRAW_TEMPLATE, "《${title}》已撤回：${why}");
    }

    static TencentSmsServer tencent() {
        return TencentSmsServer.start(TENCENT_SECRET_ID, TENCENT_SECRET_KEY).approveApp(TENCENT_APP).approveSign(SIGN)
                .approveTemplate(TENCENT_TEMPLATE, "{1}已公开，编号{2}");
    }

    /** {@code aliyun:} pointed at {@code server}, signing with {@code secret}; {@code extra} lines are added to it. */
    static String aliyunSection(AliyunSmsServer server, String secret, String... extra) {
        StringBuilder s = new StringBuilder("aliyun:\n")
                .append("  endpoint: \"http://").append(server.address()).append("\"\n")
                .append("  access-key-id: \"${IT_ALIYUN_KEY_ID:").append(ALIYUN_KEY_ID).append("}\"\n")
                .append("  access-key-secret: \"${IT_ALIYUN_SECRET:").append(secret).append("}\"\n")
                .append("  sign-name: ").append(SIGN).append('\n')
                .append("  template-code: ").append(ALIYUN_TEMPLATE).append('\n')
                .append("  template-params: {title: title, itemNo: item-id}\n")
                .append("  var-max: 12\n")
                .append("  timeout: 2s\n")
                .append("  callback-token: \"${IT_ALIYUN_TOKEN:").append(ALIYUN_TOKEN).append("}\"\n");
        for (String line : extra) {
            s.append("  ").append(line).append('\n');
        }
        return s.toString();
    }

    /** {@code tencent:} pointed at {@code server} as {@code http://127.0.0.1:port}, signing with {@code secretKey}. */
    static String tencentSection(TencentSmsServer server, String secretKey, String... extra) {
        StringBuilder s = new StringBuilder("tencent:\n")
                .append("  endpoint: \"http://").append(server.address()).append("\"\n")
                .append("  region: ap-guangzhou\n")
                .append("  secret-id: \"${IT_TENCENT_SECRET_ID:").append(TENCENT_SECRET_ID).append("}\"\n")
                .append("  secret-key: \"${IT_TENCENT_SECRET_KEY:").append(secretKey).append("}\"\n")
                .append("  sdk-app-id: \"").append(TENCENT_APP).append("\"\n")
                .append("  sign-name: ").append(SIGN).append('\n')
                .append("  template-id: \"").append(TENCENT_TEMPLATE).append("\"\n")
                .append("  template-params: [title, item-id]\n")
                .append("  timeout: 2s\n")
                .append("  callback-token: \"${IT_TENCENT_TOKEN:").append(TENCENT_TOKEN).append("}\"\n");
        for (String line : extra) {
            s.append("  ").append(line).append('\n');
        }
        return s.toString();
    }

    /** A hub whose sms.yml selects {@code transport} (a name or a YAML list) with these sections. */
    static TestHub start(RedisUnderTest redis, Path tmp, String transport, String... sections) throws IOException {
        return start(redis, tmp, Map.of(), transport, sections);
    }

    /** The same with hub properties of the test's own. */
    static TestHub start(RedisUnderTest redis, Path tmp, Map<String, Object> props, String transport, String... sections) throws IOException {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "sms", "transport: " + transport + "\ninitial-backoff: 300ms\nmax-backoff: 1s");
        for (String section : sections) {
            ChannelConfigs.set(config, "sms", section.stripTrailing());
        }
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        p.put("hub.delivery.poll-millis", 200);
        p.putAll(props);
        TestHub hub = TestHub.start(p);
        new Flow(hub).users();
        return hub;
    }

    /** Approves seed {@code seed} for SMS and publishes it; returns the item as approved. */
    static JsonNode publish(TestHub hub, int seed) {
        JsonNode item = new Flow(hub).approved(Seeds.itemJson(seed, "[\"sms\"]"));
        TestHub.Response r = hub.as("editor", "POST", "/api/items/" + item.get("id").asText() + "/publish", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return item;
    }

    /** The delivery's id: DeliveryStore.deliveryId's formula (item, version, action, target), which the API has no lookup for. */
    static String deliveryId(String itemId, String action, String targetId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((itemId + "|1|" + action + "|" + targetId).getBytes(StandardCharsets.UTF_8));
            return "sms." + HexFormat.of().formatHex(d, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode delivery(TestHub hub, String itemId, String targetId) {
        return delivery(hub, itemId, "publish", targetId);
    }

    static JsonNode delivery(TestHub hub, String itemId, String action, String targetId) {
        TestHub.Response r = hub.as("editor", "GET", "/api/deliveries/" + deliveryId(itemId, action, targetId), null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Waits until the delivery is in one of {@code states}; returns its record. */
    static JsonNode awaitState(TestHub hub, String itemId, String targetId, String... states) {
        return awaitDelivery(hub, itemId, "publish", targetId, states);
    }

    static JsonNode awaitDelivery(TestHub hub, String itemId, String action, String targetId, String... states) {
        String id = deliveryId(itemId, action, targetId);
        // a delivery is found once the publication is planned: until then the lookup answers 404
        return await(targetId + " in " + List.of(states)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> hub.as("editor", "GET", "/api/deliveries/" + id, null),
                        r -> r.status() == 200 && List.of(states).contains(r.json().path("state").asText()))
                .json();
    }

    /** Every number of the accepted calls, as often as it was accepted. */
    static List<String> accepted(AliyunSmsServer server) {
        return server.sendSmsCalls().stream().filter(c -> c.bizId() != null).flatMap(c -> c.phoneNumbers().stream()).toList();
    }

    /** The number part of a target id. */
    static String number(String targetId) {
        return TARGETS.get(targetId);
    }

    /** The first {@code n} code points of {@code s}. */
    static String cut(String s, int n) {
        return s.substring(0, s.offsetByCodePoints(0, Math.min(n, s.codePointCount(0, s.length()))));
    }
}

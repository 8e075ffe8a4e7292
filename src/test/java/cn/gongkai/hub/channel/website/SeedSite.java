package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole hub with {@code transport: site} (two items a column page, four on the home page) and the five seeds
 * published on it one after the other, in columns ywgz, ywgz, ywgz, zcfg, ggfw; the first with a body image and two
 * attachments (示意图.png, 办事指南.txt) and, in its body, script and an image that names no attachment.
 */
final class SeedSite implements AutoCloseable {
    /** A 1×1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    static final String[] COLUMNS = {"ywgz", "ywgz", "ywgz", "zcfg", "ggfw"};

    final TestRedis redis;
    final Path configDir;
    final TestHub hub;
    final Flow flow;
    final SiteFolder site;
    final List<String> ids = new ArrayList<>();

    private SeedSite() throws Exception {
        redis = TestRedis.start();
        configDir = ChannelConfigs.copy(Files.createTempDirectory("site-it-config"));
        ChannelConfigs.set(configDir, "website", "transport: site\nsite:\n  page-size: 2\n  latest: 4");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", configDir.toString());
        hub = TestHub.start(p);
        flow = new Flow(hub).users();
        site = new SiteFolder(hub.dataDir().resolve("site"));
    }

    static SeedSite publish() throws Exception {
        SeedSite s = new SeedSite();
        try {
            for (int i = 0; i < Seeds.FILES.size(); i++) {
                ObjectNode item = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(i, "[\"website\"]"));
                item.put("category", COLUMNS[i]);
                item.put("docNumber", "通文旅发〔2026〕" + (10 + i) + "号");
                if (i == 0) {
                    item.put("body", "![示意图](attachments/示意图.png)\n\n<script>alert('x')</script><img src=x onerror=alert(1)>\n\n"
                            + "[下载办事指南](attachments/办事指南.txt)\n\n" + Seeds.text(0));
                }
                String id = s.flow.create(item.toString()).get("id").asText();
                String hash = null;
                if (i == 0) {
                    s.upload(id, "办事指南.txt", "text/plain", Seeds.text(1).getBytes(StandardCharsets.UTF_8));
                    hash = s.upload(id, "示意图.png", "image/png", PNG);
                }
                s.approveAndPublish(id, hash);
                s.ids.add(id);
                // one after the other, so that the order online is the seeds' order
                s.flow.awaitState(id, "PUBLISHED");
            }
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    String upload(String id, String name, String type, byte[] bytes) {
        TestHub.Response up = hub.upload("/api/items/" + id + "/attachments", name, type, bytes, "editor", TestHub.password("editor"));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        return up.json().get("contentHash").asText();
    }

    void approveAndPublish(String id, String hash) {
        String h = hash != null ? hash : hub.as("editor", "GET", "/api/items/" + id, null).json().get("contentHash").asText();
        flow.submit(id);
        TestHub.Response first = review("reviewer", id, "first", h);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        TestHub.Response fin = review("approver", id, "final", h);
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        TestHub.Response pub = hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
        assertThat(pub.status()).as(pub.body()).isEqualTo(202);
    }

    /** Approves, waiving what the scan could not read (the image: a person looked at it). */
    TestHub.Response review(String user, String id, String stage, String hash) {
        TestHub.Response r = flow.review(user, id, stage, "approve", hash);
        if (r.status() != 422) {
            return r;
        }
        StringBuilder waivers = new StringBuilder();
        for (JsonNode f : r.json().get("findings")) {
            waivers.append(waivers.isEmpty() ? "" : ",").append("{\"findingId\":").append(f.get("id").toString())
                    .append(",\"reason\":\"已人工查看图片，无不宜公开内容\"}");
        }
        return hub.as(user, "POST", "/api/items/" + id + "/reviews", "{\"stage\":\"" + stage + "\",\"decision\":\"approve\",\"contentHash\":\""
                + hash + "\",\"comment\":\"同意\",\"waivers\":[" + waivers + "]}");
    }

    @Override
    public void close() {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            redis.close();
            TestHub.deleteTree(configDir);
        }
    }
}

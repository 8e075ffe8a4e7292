package cn.gongkai.hub.review;

import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, items 6–8, where an editor meets them: the scan reads the issuer, the text as shown, and attachments by
 * what they are, and an attachment it cannot read must be looked at and waived before approval.
 */
class ScanFieldsIT {
    static TestRedis redis;
    static TestHub hub;
    static Flow flow;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        hub = TestHub.start(redis);
        flow = new Flow(hub).users();
    }

    @AfterAll
    static void stop() {
        hub.close();
        redis.close();
    }

    private static String item(int seed, String field, String value) throws Exception {
        ObjectNode n = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(seed, "[\"website\"]"));
        n.put(field, value);
        return n.toString();
    }

    private static Response submit(String id) {
        return hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
    }

    private static Response upload(String id, String name, String contentType, byte[] bytes) {
        Response r = hub.upload("/api/items/" + id + "/attachments", name, contentType, bytes, "editor", TestHub.password("editor"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r;
    }

    private static JsonNode finding(JsonNode findings, String field, String rule) {
        for (JsonNode f : findings) {
            if (f.get("field").asText().equals(field) && f.get("rule").asText().equals(rule)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " finding in " + field + ": " + findings);
    }

    @Test
    void should_block_a_classification_mark_in_the_issuer() throws Exception {
        String id = flow.create(item(0, "issuer", "【机密】办公室")).get("id").asText();

        Response r = submit(id);

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode f = finding(r.json().get("findings"), "issuer", "classification-mark");
        assertThat(f.get("severity").asText()).isEqualTo("block");
        assertThat(f.get("offset").asInt()).isEqualTo(1);
        assertThat(f.get("id").asText()).isEqualTo("classification-mark:issuer:1");
    }

    @Test
    void should_block_a_mark_written_as_character_references_at_its_source_offset() throws Exception {
        String seed = Seeds.text(1);
        String id = flow.create(item(1, "body", seed + "\n&#26426;&#23494;\n")).get("id").asText();

        Response r = submit(id);

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode f = finding(r.json().get("findings"), "body", "classification-mark");
        assertThat(f.get("severity").asText()).isEqualTo("block");
        assertThat(f.get("offset").asInt()).isEqualTo(seed.length() + 1);
        assertThat(f.get("excerpt").asText()).contains("&#26426;&#23494;");
        assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("DRAFT");
    }

    @Test
    void should_find_an_id_number_in_a_utf16_text_attachment_sent_as_octet_stream() throws Exception {
        String id = flow.create(Seeds.itemJson(2, "[\"website\"]")).get("id").asText();
        byte[] text = "联系人身份证号11010519491231002X\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[text.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(text, 0, withBom, 2, text.length);
        upload(id, "名单.txt", "application/octet-stream", withBom);

        Response r = submit(id);

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode f = finding(r.json().get("findings"), "attachment-text:名单.txt", "personal-info");
        assertThat(f.get("severity").asText()).isEqualTo("block");
        assertThat(f.get("offset").asInt()).isEqualTo(7);
        assertThat(f.get("excerpt").asText()).doesNotContain("19491231");
    }

    @Test
    void should_ask_for_a_waiver_of_an_attachment_that_could_not_be_read() throws Exception {
        JsonNode created = flow.create(Seeds.itemJson(3, "[\"website\"]"));
        String id = created.get("id").asText();
        byte[] png = new byte[256];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, png, 0, magic.length);
        String hash = upload(id, "盖章页.png", "application/octet-stream", png).json().get("contentHash").asText();

        JsonNode submitted = flow.submit(id);

        assertThat(submitted.at("/item/state").asText()).isEqualTo("IN_REVIEW");
        JsonNode unread = finding(submitted.get("findings"), "attachment:盖章页.png", "not-scanned");
        assertThat(unread.get("severity").asText()).isEqualTo("warn");
        assertThat(unread.get("waiverRequired").asBoolean()).isTrue();
        assertThat(unread.get("message").asText()).startsWith("未能扫描：").contains("图片");
        String findingId = unread.get("id").asText();

        Response notWaived = flow.review("reviewer", id, "first", "approve", hash);
        assertThat(notWaived.status()).as(notWaived.body()).isEqualTo(422);
        assertThat(notWaived.json().get("message").asText()).contains("unscanned");
        assertThat(notWaived.json().get("findings").get(0).get("id").asText()).isEqualTo(findingId);
        assertThat(flow.review("approver", id, "final", "approve", hash).status())
                .as("no final approval without a first review").isEqualTo(409);

        Response noReason = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\",\"waivers\":[{\"findingId\":\""
                        + findingId + "\"}]}");
        assertThat(noReason.status()).isEqualTo(400);

        Response waived = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\",\"comment\":\"已人工查看\","
                        + "\"waivers\":[{\"findingId\":\"" + findingId + "\",\"reason\":\"已人工查看盖章页，无涉密内容\"}]}");
        assertThat(waived.status()).as(waived.body()).isEqualTo(200);

        Response approved = flow.review("approver", id, "final", "approve", hash);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("state").asText()).isEqualTo("APPROVED");
        JsonNode record = hub.as("approver", "GET", "/api/items/" + id + "/review-record", null).json();
        assertThat(record.get("waivers").get(0).get("findingId").asText()).isEqualTo(findingId);
    }
}

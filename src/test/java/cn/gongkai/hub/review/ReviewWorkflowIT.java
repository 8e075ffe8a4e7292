package cn.gongkai.hub.review;

import cn.gongkai.hub.camel.CamelRuntime;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewWorkflowIT {
    static TestRedis redis;
    static TestHub hub;
    static Flow flow;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        hub = TestHub.start(redis);
        flow = new Flow(hub).users();
        hub.user("both", "REVIEWER", "APPROVER");
    }

    @AfterAll
    static void stop() {
        hub.close();
        redis.close();
    }

    static String withBody(int seed, String body) throws Exception {
        ObjectNode n = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(seed, "[\"website\",\"wechat\"]"));
        n.put("body", body);
        return n.toString();
    }

    @Test
    void should_pass_every_seed_through_the_scan_without_a_blocking_finding() {
        for (int i = 0; i < Seeds.FILES.size(); i++) {
            String id = flow.create(Seeds.itemJson(i, "[\"website\"]")).get("id").asText();
            JsonNode r = flow.submit(id);
            assertThat(r.at("/item/state").asText()).isEqualTo("IN_REVIEW");
            r.get("findings").forEach(f -> assertThat(f.get("severity").asText()).as("seed finding " + f).isEqualTo("warn"));
        }
    }

    @Test
    void should_block_a_classification_mark_at_its_offset_and_keep_the_item_in_draft() throws Exception {
        String seed = Seeds.text(2);
        int at = seed.indexOf('\n') + 1;
        String body = seed.substring(0, at) + "机密★1年\n" + seed.substring(at);
        String id = flow.create(withBody(2, body)).get("id").asText();
        Response r = hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
        assertThat(r.status()).isEqualTo(422);
        JsonNode block = first(r.json().get("findings"), "classification-mark");
        assertThat(block.get("severity").asText()).isEqualTo("block");
        assertThat(block.get("field").asText()).isEqualTo("body");
        assertThat(block.get("offset").asInt()).isEqualTo(at);
        assertThat(block.get("message").asText()).isNotBlank();
        assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("DRAFT");
    }

    @Test
    void should_block_a_registered_doc_number_in_any_bracket_style() throws Exception {
        Response reg = hub.post("/api/review/restricted-documents",
                "{\"docNumber\":\"嘉政办发〔2019〕77号\",\"title\":\"关于内部工作安排的通知\",\"reason\":\"内部文件\"}", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(reg.status()).as(reg.body()).isEqualTo(201);
        for (String mention : List.of("嘉政办发[2019]77号", "嘉政办发［２０１９］７７号", "嘉政办发(2019)77号", "嘉政办发〔2019〕77号")) {
            String seed = Seeds.text(4);
            String body = seed + "\n根据" + mention + "要求。";
            String id = flow.create(withBody(4, body)).get("id").asText();
            Response r = hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
            assertThat(r.status()).as(mention).isEqualTo(422);
            JsonNode f = first(r.json().get("findings"), "restricted-document");
            assertThat(f.get("offset").asInt()).as(mention).isEqualTo(seed.length() + 3);
        }
    }

    @Test
    void should_find_a_valid_id_number_and_warn_on_a_mobile_number() throws Exception {
        String seed = Seeds.text(1);
        String body = seed + "\n联系人身份证号11010519491231002X。";
        String id = flow.create(withBody(1, body)).get("id").asText();
        Response r = hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
        assertThat(r.status()).isEqualTo(422);
        assertThat(first(r.json().get("findings"), "personal-info").get("offset").asInt()).isEqualTo(seed.length() + 8);

        String id2 = flow.create(withBody(1, seed + "\n咨询电话13812345678。")).get("id").asText();
        JsonNode ok = flow.submit(id2);
        JsonNode mobile = first(ok.get("findings"), "personal-info");
        assertThat(mobile.get("severity").asText()).isEqualTo("warn");
        assertThat(mobile.get("offset").asInt()).isEqualTo(seed.length() + 5);
    }

    @Test
    void should_let_a_reviewer_waive_a_blocking_finding_with_a_reason_and_record_it() throws Exception {
        String id = flow.create(withBody(0, Seeds.text(0) + "\n内部资料")).get("id").asText();
        Response blocked = hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
        assertThat(blocked.status()).isEqualTo(422);
        String findingId = first(blocked.json().get("findings"), "classification-mark").get("id").asText();
        String hash = blocked.json().at("/item/contentHash").asText();
        Response noReason = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\",\"waivers\":[{\"findingId\":\"" + findingId + "\"}]}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("waivers[0].reason");
        Response withoutWaiver = flow.review("reviewer", id, "first", "approve", hash);
        assertThat(withoutWaiver.status()).isEqualTo(422);
        Response waived = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"" + hash + "\",\"comment\":\"核实\",\"waivers\":[{\"findingId\":\""
                        + findingId + "\",\"reason\":\"“内部资料”为出版物类别名称，非密级标志\"}]}");
        assertThat(waived.status()).as(waived.body()).isEqualTo(200);
        assertThat(waived.json().get("state").asText()).isEqualTo("IN_REVIEW");
        assertThat(flow.review("approver", id, "final", "approve", hash).json().get("state").asText()).isEqualTo("APPROVED");
        JsonNode record = hub.as("approver", "GET", "/api/items/" + id + "/review-record", null).json();
        assertThat(record.get("waivers").get(0).get("reason").asText()).contains("出版物类别");
        assertThat(record.get("waivers").get(0).get("by").asText()).isEqualTo("reviewer");
    }

    @Test
    void should_refuse_self_review_double_review_stale_hash_and_missing_role_with_clear_messages() {
        hub.user("editor-reviewer", "EDITOR", "REVIEWER");
        Response created = hub.as("editor-reviewer", "POST", "/api/items", Seeds.itemJson(3, "[\"website\"]"));
        String id = created.json().get("id").asText();
        String hash = created.json().get("contentHash").asText();
        assertThat(hub.as("editor-reviewer", "POST", "/api/items/" + id + "/submit", "").status()).isEqualTo(200);

        Response self = flow.review("editor-reviewer", id, "first", "approve", hash);
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("message").asText()).contains("may not review");

        Response stale = flow.review("both", id, "first", "approve", "0".repeat(64));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentContentHash").asText()).isEqualTo(hash);

        Response wrongRole = flow.review("reviewer", id, "final", "approve", hash);
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.json().get("message").asText()).contains("APPROVER");
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/reviews", "{}").status()).isEqualTo(403);

        assertThat(flow.review("both", id, "first", "approve", hash).status()).isEqualTo(200);
        Response same = flow.review("both", id, "final", "approve", hash);
        assertThat(same.status()).isEqualTo(403);
        assertThat(same.json().get("message").asText()).contains("first review");
        assertThat(flow.review("approver", id, "final", "approve", hash).json().get("state").asText()).isEqualTo("APPROVED");
    }

    @Test
    void should_send_a_rejected_item_back_to_draft_and_void_reviews_on_edit() {
        JsonNode item = flow.create(Seeds.itemJson(2, "[\"website\"]"));
        String id = item.get("id").asText();
        String hash = item.get("contentHash").asText();
        flow.submit(id);
        Response rej = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"first\",\"decision\":\"reject\",\"contentHash\":\"" + hash + "\",\"comment\":\"请补充文号\"}");
        assertThat(rej.json().get("state").asText()).isEqualTo("DRAFT");
        assertThat(rej.json().get("stateReason").asText()).isEqualTo("请补充文号");

        flow.submit(id);
        assertThat(flow.review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
        Response edited = hub.as("editor", "PUT", "/api/items/" + id, Seeds.itemJson(2, "[\"website\",\"sms\"]"));
        assertThat(edited.json().get("state").asText()).isEqualTo("DRAFT");
        String newHash = edited.json().get("contentHash").asText();
        assertThat(flow.review("approver", id, "final", "approve", newHash).status()).isEqualTo(409);
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(409);
    }

    @Test
    void should_keep_a_complete_review_record_and_export_it_as_csv_with_chinese_intact() {
        JsonNode approved = flow.approved(Seeds.itemJson(4, "[\"website\",\"wechat\",\"sms\"]"));
        String id = approved.get("id").asText();
        JsonNode record = hub.as("reviewer", "GET", "/api/items/" + id + "/review-record", null).json();
        assertThat(record.get("contentHash").asText()).isEqualTo(approved.get("contentHash").asText());
        assertThat(record.get("proposedChannels").toString()).contains("website", "wechat", "sms");
        assertThat(record.get("proposedScope").asText()).isEqualTo("主动公开");
        assertThat(record.at("/approval/approver").asText()).isEqualTo("approver");
        List<String> steps = new ArrayList<>();
        record.get("events").forEach(e -> steps.add(e.get("kind").asText() + "/" + e.get("stage").asText("") + "/" + e.get("decision").asText()
                + "/" + e.get("actor").asText() + "/" + e.get("role").asText()));
        assertThat(steps).containsExactly("submit//submitted/editor/EDITOR", "review/first/approve/reviewer/REVIEWER",
                "review/final/approve/approver/APPROVER");
        record.get("events").forEach(e -> assertThat(e.get("at").asText()).isNotBlank());

        Response csv = hub.as("reviewer", "GET", "/api/review-records.csv", null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.bytes()[0]).isEqualTo((byte) 0xEF);
        assertThat(csv.bytes()[1]).isEqualTo((byte) 0xBB);
        assertThat(csv.bytes()[2]).isEqualTo((byte) 0xBF);
        String text = new String(csv.bytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("审查人").contains(Seeds.title(4)).contains("终审").contains("同意公开");
        Response range = hub.as("reviewer", "GET", "/api/review-records?from=2000-01-01&to=2000-01-02", null);
        assertThat(range.json()).isEmpty();
        assertThat(hub.as("reviewer", "GET", "/api/review-records?from=yesterday", null).status()).isEqualTo(400);
    }

    @Test
    void should_refuse_publication_when_content_changed_after_approval() throws Exception {
        JsonNode approved = flow.approved(Seeds.itemJson(3, "[\"website\"]"));
        String id = approved.get("id").asText();
        RedisKeys keys = hub.bean(RedisKeys.class);
        String key = keys.itemVersion(id, approved.get("version").asInt());
        ObjectNode stored = (ObjectNode) TestHub.JSON.readTree(redis.sync().get(key));
        ((ObjectNode) stored.get("content")).put("body", "篡改后的正文");
        redis.sync().set(key, stored.toString());

        Response publish = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}");
        assertThat(publish.status()).isEqualTo(409);
        assertThat(publish.json().get("message").asText()).contains("differs from what was approved");
        JsonNode refusals = hub.as("approver", "GET", "/api/items/" + id + "/review-record", null).json().get("refusals");
        assertThat(refusals).isNotEmpty();
        assertThat(refusals.get(0).get("reason").asText()).contains("differs");
    }

    @Test
    void should_run_the_gate_on_a_route_file_that_leaves_it_out(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("leak.camel.yaml"), """
                - route:
                    id: leak-item
                    description: An operator's route that forgot the gate
                    from:
                      uri: direct:leak
                      steps:
                        - setHeader:
                            name: reached
                            constant: "yes"
                """);
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.camel.routes-dir", routes.toString());
        try (TestHub other = TestHub.start(props)) {
            Flow f = new Flow(other).users();
            String cleared = f.approved(Seeds.itemJson(0, "[\"website\"]")).get("id").asText();
            String draft = f.create(Seeds.itemJson(1, "[\"website\"]")).get("id").asText();
            var template = other.bean(CamelRuntime.class).context().createProducerTemplate();
            Exchange ok = template.request("direct:leak", e -> e.getMessage().setBody(Map.of("itemId", cleared, "version", "1")));
            assertThat(ok.getMessage().getHeader("reached")).isEqualTo("yes");
            Exchange stopped = template.request("direct:leak", e -> e.getMessage().setBody(Map.of("itemId", draft, "version", "1")));
            assertThat(stopped.getMessage().getHeader("reached")).isNull();
            JsonNode refusals = other.as("editor", "GET", "/api/items/" + draft + "/review-record", null).json().get("refusals");
            assertThat(refusals.get(0).get("route").asText()).isEqualTo("leak-item");
            assertThat(refusals.get(0).get("reason").asText()).contains("no final approval");
        }
    }

    @Test
    void should_block_a_sensitive_word_from_the_admin_list_until_it_is_removed() throws Exception {
        String admin = TestHub.ADMIN_PASSWORD;
        assertThat(hub.post("/api/review/sensitive-words", "{\"word\":\"内部通报\",\"severity\":\"fatal\"}", "admin", admin).status()).isEqualTo(400);
        assertThat(hub.as("editor", "POST", "/api/review/sensitive-words", "{\"word\":\"内部通报\"}").status()).isEqualTo(403);
        assertThat(hub.post("/api/review/sensitive-words", "{\"word\":\"专项整治名单\",\"severity\":\"block\"}", "admin", admin).status()).isEqualTo(201);
        assertThat(hub.get("/api/review/sensitive-words", "admin", admin).body()).contains("专项整治名单");
        String body = Seeds.text(3) + "\n附：专项整治名单。";
        String id = flow.create(withBody(3, body)).get("id").asText();
        Response blocked = hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
        assertThat(blocked.status()).isEqualTo(422);
        assertThat(first(blocked.json().get("findings"), "sensitive-word").get("offset").asInt()).isEqualTo(Seeds.text(3).length() + 3);

        String encoded = java.net.URLEncoder.encode("专项整治名单", StandardCharsets.UTF_8);
        assertThat(hub.send("DELETE", "/api/review/sensitive-words/" + encoded, "admin", admin).status()).isEqualTo(204);
        assertThat(hub.send("DELETE", "/api/review/sensitive-words/" + encoded, "admin", admin).status()).isEqualTo(404);
        assertThat(flow.submit(id).at("/item/state").asText()).isEqualTo("IN_REVIEW");
    }

    @Test
    void should_stop_blocking_a_document_once_it_leaves_the_register() throws Exception {
        String admin = TestHub.ADMIN_PASSWORD;
        assertThat(hub.post("/api/review/restricted-documents", "{\"docNumber\":\"沾政发〔2020〕9号\"}", "admin", admin).status())
                .as("a reason is required").isEqualTo(400);
        Response reg = hub.post("/api/review/restricted-documents", "{\"docNumber\":\"沾政发〔2020〕9号\",\"reason\":\"依申请公开\"}", "admin", admin);
        assertThat(reg.status()).isEqualTo(201);
        String regId = reg.json().get("id").asText();
        String id = flow.create(withBody(3, Seeds.text(3) + "\n依据沾政发[2020]9号。")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/submit", "").status()).isEqualTo(422);
        assertThat(hub.send("DELETE", "/api/review/restricted-documents/" + regId, "admin", admin).status()).isEqualTo(204);
        assertThat(hub.send("DELETE", "/api/review/restricted-documents/" + regId, "admin", admin).status()).isEqualTo(404);
        assertThat(flow.submit(id).at("/item/state").asText()).isEqualTo("IN_REVIEW");
    }

    static JsonNode first(JsonNode findings, String rule) {
        for (JsonNode f : findings) {
            if (f.get("rule").asText().equals(rule)) {
                return f;
            }
        }
        throw new AssertionError("no " + rule + " finding in " + findings);
    }
}

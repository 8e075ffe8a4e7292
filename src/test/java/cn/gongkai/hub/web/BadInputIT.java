package cn.gongkai.hub.web;

import cn.gongkai.hub.channel.Outbox;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, items 13–17: each input that once got a 500 or was accepted malformed, sent through the HTTP API as a client
 * would send it, against a whole hub on a real Redis.
 */
class BadInputIT {
    static final String ITEM = "{\"title\":\"关于开展2024年政务公开工作的通知\",\"body\":\"各有关单位：现将有关事项通知如下。\",\"category\":\"ywgz\",\"channels\":[\"website\"]}";
    static TestRedis redis;
    static TestHub hub;
    static Flow flow;
    static String draft;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        hub = TestHub.start(redis);
        flow = new Flow(hub).users();
        draft = flow.create(ITEM).get("id").asText();
    }

    @AfterAll
    static void stop() {
        hub.close();
        redis.close();
    }

    // ---- 13: dates of the review record ----

    @Test
    void should_refuse_review_record_dates_outside_the_years_2000_to_9999_naming_the_field() {
        refused(hub.as("reviewer", "GET", "/api/review-records?from=-999999999-01-01T00:00:00Z", null), 400, "from", "2000");
        refused(hub.as("reviewer", "GET", "/api/review-records.csv?to=%2B999999999-12-31T23:59:59Z", null), 400, "to", "9999");
        refused(hub.as("reviewer", "GET", "/api/review-records?to=1999-12-31", null), 400, "to", "2000");
        assertThat(hub.as("reviewer", "GET", "/api/review-records?from=2000-01-01&to=9999-12-31", null).status()).isEqualTo(200);
        assertThat(hub.as("reviewer", "GET", "/api/review-records.csv?from=2000-01-01T00:00:00%2B08:00", null).status()).isEqualTo(200);
    }

    // ---- 13: attachment types; 17: nosniff ----

    @Test
    void should_refuse_an_attachment_whose_part_content_type_is_not_a_media_type() {
        int before = version(draft);
        Response r = upload(draft, "说明.txt", "garbage", "第一条 说明".getBytes(StandardCharsets.UTF_8));
        refused(r, 400, "file", "Content-Type");
        assertThat(version(draft)).isEqualTo(before);
    }

    @Test
    void should_store_the_type_detected_from_the_name_and_the_bytes_not_the_declared_one() {
        String id = flow.create(ITEM).get("id").asText();
        byte[] pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        Response up = upload(id, "通知.pdf", "text/html", pdf);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(attachment(up, "通知.pdf").get("contentType").asText()).isEqualTo("application/pdf");
        Response txt = upload(id, "说明.txt", "application/x-anything", "第一条 说明".getBytes(StandardCharsets.UTF_8));
        assertThat(attachment(txt, "说明.txt").get("contentType").asText()).isEqualTo("text/plain");
    }

    @Test
    void should_take_an_upload_over_the_json_limit_because_uploads_stream_and_are_not_buffered() {
        String id = flow.create(ITEM).get("id").asText();
        byte[] pdf = new byte[3 * 1024 * 1024];
        System.arraycopy("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), 0, pdf, 0, 9);
        Response up = upload(id, "扫描件.pdf", "application/pdf", pdf);
        assertThat(attachment(up, "扫描件.pdf").get("size").asLong()).isEqualTo(pdf.length);
    }

    @Test
    void should_serve_an_attachment_with_an_odd_stored_type_as_octet_stream_with_nosniff() {
        String id = flow.create(ITEM).get("id").asText();
        byte[] bytes = "年份,数量\n2024,3\n".getBytes(StandardCharsets.UTF_8);
        JsonNode stored = attachment(upload(id, "数据.csv", "text/csv", bytes), "数据.csv");
        // an attachment written before types were checked may carry any string as its type
        ItemStore store = hub.bean(ItemStore.class);
        Item item = store.find(id).orElseThrow();
        Attachment odd = new Attachment("旧数据.csv", "garbage", stored.get("size").asLong(), stored.get("sha256").asText());
        store.addVersion(id, item.version(), item.content().withAttachments(List.of(odd)), "editor").orElseThrow();

        Response down = hub.as("reviewer", "GET", "/api/items/" + id + "/attachments/" + pathSegment("旧数据.csv"), null);
        assertThat(down.status()).as(down.body()).isEqualTo(200);
        assertThat(down.bytes()).isEqualTo(bytes);
        assertThat(down.header("Content-Type")).startsWith("application/octet-stream");
        assertThat(down.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(down.header("Content-Disposition")).startsWith("attachment;");
    }

    @Test
    void should_send_nosniff_on_every_response_of_the_hub() {
        assertThat(hub.get("/health", null, null).header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(hub.get("/api/items", null, null).header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(hub.as("reviewer", "GET", "/api/items/999999", null).header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(hub.as("reviewer", "GET", "/api/review-records.csv", null).header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    // ---- 15: attachment names (spaces around a name never arrive: Netty's multipart decoder trims them) ----

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("..", "'.' or '..'"),
                Arguments.of(".", "'.' or '..'"),
                Arguments.of("通知\u202Etxt.exe", "U+202E"),
                Arguments.of("通知\u2066.txt", "U+2066"),
                Arguments.of("通知\u200B.txt", "U+200B"),
                Arguments.of("通知\u0085.txt", "control"),
                Arguments.of("通知\u009B.txt", "control"),
                Arguments.of("通知\u0001.txt", "control"),
                Arguments.of("目录/通知.txt", "/ or \\"),
                Arguments.of("目录\\通知.txt", "/ or \\"),
                Arguments.of("长".repeat(85) + ".txt", "255"));
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void should_refuse_an_attachment_name_saying_which_rule_it_breaks(String name, String rule) {
        int before = version(draft);
        Response r = upload(draft, name, "text/plain", "第一条 说明".getBytes(StandardCharsets.UTF_8));
        refused(r, 400, "file", rule);
        assertThat(version(draft)).isEqualTo(before);
    }

    @Test
    void should_accept_a_name_of_255_utf8_bytes() {
        String id = flow.create(ITEM).get("id").asText();
        String name = "长".repeat(83) + "ab.txt";
        assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        Response r = upload(id, name, "text/plain", "第一条".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    // ---- 14: JSON read strictly ----

    @Test
    void should_refuse_content_after_the_object_and_two_concatenated_objects() {
        long before = total();
        refused(postJson("editor", "/api/items", bytes(ITEM + " garbage")), 400, "(body)", "after the JSON object");
        refused(postJson("editor", "/api/items", bytes(ITEM + ITEM)), 400, "(body)", "after the JSON object");
        refused(postJson("editor", "/api/items", bytes(ITEM + "\n" + ITEM)), 400, "(body)", "after the JSON object");
        assertThat(total()).isEqualTo(before);
        assertThat(postJson("editor", "/api/items", bytes(ITEM + " \r\n\t")).status()).isEqualTo(201);
    }

    @Test
    void should_refuse_a_duplicate_key_naming_it() {
        long before = total();
        String dup = ITEM.replace("{\"title\":", "{\"title\":\"第一个标题\",\"title\":");
        refused(postJson("editor", "/api/items", bytes(dup)), 400, "title", "more than once");
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void should_refuse_invalid_utf8_instead_of_replacing_it() {
        long before = total();
        for (byte[] bad : List.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC0, (byte) 0x80}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[]{(byte) 0xE5, (byte) 0x85})) {
            byte[] body = splice(bytes(ITEM), bytes(ITEM.substring(0, ITEM.indexOf("各有关单位"))).length, bad);
            refused(postJson("editor", "/api/items", body), 400, "(body)", "UTF-8");
        }
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void should_refuse_a_lone_surrogate_naming_the_field() {
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("关于开展", "关于\\ud800开展"))), 400, "title", "surrogate");
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("各有关单位", "各有关\\udc00单位"))), 400, "body", "surrogate");
        refused(postJson("reviewer", "/api/items/" + draft + "/reviews",
                bytes("{\"stage\":\"first\",\"decision\":\"reject\",\"contentHash\":\"x\",\"comment\":\"退回\\ud83d\"}")), 400, "comment", "surrogate");
        // a pair is one character and stays
        assertThat(postJson("editor", "/api/items", bytes(ITEM.replace("关于开展", "关于\\ud83d\\ude00开展"))).status()).isEqualTo(201);
    }

    @Test
    void should_refuse_control_characters_in_one_line_fields_and_all_but_line_breaks_and_tabs_in_the_body() {
        long before = total();
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("关于开展", "关于\\u0000开展"))), 400, "title", "control");
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("关于开展", "关于\\t开展"))), 400, "title", "control");
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("}", ",\"summary\":\"摘要\\u001b[31m\"}"))), 400, "summary", "control");
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("各有关单位", "各有关\\u0007单位"))), 400, "body", "control");
        refused(postJson("editor", "/api/items", bytes(ITEM.replace("各有关单位", "各有关\\u0085单位"))), 400, "body", "control");
        assertThat(total()).isEqualTo(before);
        Response lines = postJson("editor", "/api/items", bytes(ITEM.replace("各有关单位：", "各有关单位：\\r\\n\\t一、")));
        assertThat(lines.status()).as(lines.body()).isEqualTo(201);
        assertThat(lines.json().get("body").asText()).contains("：\r\n\t一、");
    }

    @Test
    void should_answer_parser_limits_in_the_hubs_words() {
        String deep = ITEM.replace("\"body\":", "\"summary\":" + "[".repeat(2000) + "]".repeat(2000) + ",\"body\":");
        refused(postJson("editor", "/api/items", bytes(deep)), 400, "(body)", "nested too deeply");
        String longNumber = ITEM.replace("\"body\":", "\"summary\":1" + "0".repeat(5000) + ",\"body\":");
        refused(postJson("editor", "/api/items", bytes(longNumber)), 400, "(body)", "a number is too long");
        String longName = ITEM.replace("{", "{\"" + "k".repeat(60_000) + "\":1,");
        refused(postJson("editor", "/api/items", bytes(longName)), 400, "(body)", "field name is too long");
    }

    @Test
    void should_answer_413_naming_the_configured_json_limit_for_a_declared_or_chunked_large_body() {
        long before = total();
        String message = "the request body is larger than the 2 MB the hub accepts for JSON requests";
        for (int mb : List.of(3, 12)) {
            byte[] big = bytes(ITEM.replace("各有关单位", "长".repeat(mb * 1024 * 1024 / 3)));
            for (boolean chunked : List.of(false, true)) {
                Response r = hub.postBytes("/api/items", "application/json", big, chunked, "editor", TestHub.password("editor"));
                assertThat(r.status()).as(mb + " MB, chunked " + chunked + ": " + r.body()).isEqualTo(413);
                assertThat(r.json().get("status").asInt()).isEqualTo(413);
                assertThat(r.json().get("message").asText()).isEqualTo(message);
                assertThat(r.body()).doesNotContain("micronaut").doesNotContain("max-request");
            }
        }
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void should_read_every_json_endpoint_strictly() {
        String admin = TestHub.ADMIN_PASSWORD;
        refused(hub.postBytes("/api/users", "application/json",
                bytes("{\"username\":\"zhangsan\",\"displayName\":\"张\\u0000三\",\"roles\":[\"EDITOR\"],\"password\":\"long-enough-pw\"}"),
                false, "admin", admin), 400, "displayName", "control");
        refused(hub.postBytes("/api/users", "application/json",
                bytes("{\"username\":\"zhangsan\",\"displayName\":\"张三\",\"roles\":[\"EDITOR\"],\"password\":\"long-enough-pw\",\"role\":\"ADMIN\"}"),
                false, "admin", admin), 400, "role", "not a field");
        assertThat(hub.get("/api/users", "admin", admin).body()).doesNotContain("zhangsan");
        refused(postJson("reviewer", "/api/items/" + draft + "/reviews",
                bytes("{\"stage\":\"first\",\"decison\":\"approve\",\"contentHash\":\"x\"}")), 400, "decison", "not a field");
        refused(postJson("reviewer", "/api/items/" + draft + "/reviews",
                bytes("{\"stage\":\"first\",\"decision\":\"approve\",\"contentHash\":\"x\",\"waivers\":[{\"findingId\":\"f1\",\"reason\":\"公开\\u0000\"}]}")),
                400, "waivers[0].reason", "control");
        refused(postJson("editor", "/api/items/" + draft + "/publish", bytes("{\"channels\":[\"website\"],\"channels\":[\"qq\"]}")),
                400, "channels", "more than once");
        refused(postJson("approver", "/api/items/" + draft + "/withdraw", bytes("{\"reason\":\"误发\\u0000\"}")), 400, "reason", "control");
        refused(postJson("approver", "/api/items/" + draft + "/withdraw", bytes("{\"reason\":\"误发\"} {}")), 400, "(body)", "after the JSON object");
        refused(hub.postBytes("/api/review/restricted-documents", "application/json",
                bytes("{\"docNumber\":\"嘉政办发〔2019〕1号\",\"reason\":\"内部文件\"} x"), false, "admin", admin), 400, "(body)", "after the JSON object");
        refused(hub.postBytes("/api/review/sensitive-words", "application/json",
                splice(bytes("{\"word\":\"内部\"}"), 9, new byte[]{(byte) 0xFE}), false, "admin", admin), 400, "(body)", "UTF-8");
        refused(hub.postBytes("/api/review/sensitive-words", "application/json",
                bytes("{\"word\":\"内\\u200B部\\u0000\"}"), false, "admin", admin), 400, "word", "control");
        assertThat(hub.get("/api/review/sensitive-words", "admin", admin).json()).isEmpty();
        refused(postJson("editor", "/api/items", bytes("[" + ITEM + "]")), 400, "(body)", "JSON object");
        refused(postJson("editor", "/api/items", bytes("")), 400, "(body)", "JSON object");
        refused(postJson("editor", "/api/items", bytes("{\"title\": \"标题\",")), 400, "(body)", "not valid JSON");
    }

    // ---- 16: CSV ----

    @Test
    void should_prefix_csv_values_a_spreadsheet_would_run_as_formulas_even_when_they_span_lines() throws Exception {
        ObjectNode n = (ObjectNode) TestHub.JSON.readTree(ITEM);
        String title = "=HYPERLINK(\"https://evil.example.com\",\"点击\")\u2028第二行";
        n.put("title", title);
        String id = flow.create(n.toString()).get("id").asText();
        String hash = flow.submit(id).at("/item/contentHash").asText();
        Response reject = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"first\",\"decision\":\"reject\",\"contentHash\":\"" + hash + "\",\"comment\":\"@SUM(1+1)*cmd\"}");
        assertThat(reject.status()).as(reject.body()).isEqualTo(200);

        Response csv = hub.as("reviewer", "GET", "/api/review-records.csv", null);
        assertThat(csv.status()).isEqualTo(200);
        String text = csv.body();
        assertThat(text).startsWith("\uFEFF");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text.substring(1))).getRecords();
        List<CSVRecord> mine = rows.stream().filter(r -> r.get("信息ID").equals(id)).toList();
        assertThat(mine).hasSize(2);
        mine.forEach(r -> assertThat(r.get("标题")).isEqualTo("'" + title));
        assertThat(mine.get(1).get("意见")).isEqualTo("'@SUM(1+1)*cmd");
        assertThat(text).contains("\r\n").doesNotContain("\"\n");
    }

    // ---- 17: the website page ----

    @Test
    void should_publish_a_website_page_whose_images_load_only_from_the_site() throws Exception {
        String body = String.join("\n\n", List.of(
                "各有关单位：现将有关事项通知如下。",
                "<img src=\"/\\evil.example.com/t.png\">",
                "<img src=\"https:\\\\evil.example.com/a.png\">",
                "<img src=\"/&#92;evil.example.com/b.png\">",
                "<img src=\"HTTPS:\\/evil.example.com/c.png\">",
                "<img src=\"\\/evil.example.com/d.png\">",
                "<img src=\"/\t/evil.example.com/e.png\">",
                "<a href=\"/\\evil.example.com/x\">外链</a>",
                "![图](https:\\\\evil.example.com/f.png)",
                "![本站](https://www.example.gov.cn/xxgk/img/site.png)",
                "![相对](img/ok.png)"));
        ObjectNode n = (ObjectNode) TestHub.JSON.readTree(ITEM);
        n.put("body", body);
        JsonNode approved = flow.approved(n.toString());
        String id = approved.get("id").asText();
        Response pub = hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
        assertThat(pub.status()).as(pub.body()).isEqualTo(202);
        Path page = hub.dataDir().resolve("outbox/website")
                .resolve(Outbox.fileName(DeliveryStore.deliveryId("website", id, approved.get("version").asInt(), "publish", "site")) + ".html");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(page));

        Document doc = Jsoup.parse(Files.readString(page), "https://www.example.gov.cn/xxgk/items/" + id + ".html");
        List<String> sources = new ArrayList<>();
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            sources.add(src);
            // what a browser loads: backslashes are slashes, tabs and newlines vanish
            String asBrowser = src.replace('\\', '/').replaceAll("[\\t\\n\\r]", "").strip();
            assertThat(asBrowser).as(src).doesNotStartWith("//");
            String host = URI.create(img.absUrl("src")).getHost();
            assertThat(host).as(src).isEqualTo("www.example.gov.cn");
        }
        assertThat(sources).containsExactly("https://www.example.gov.cn/xxgk/img/site.png", "img/ok.png");
        for (Element a : doc.select("a[href]")) {
            assertThat(a.attr("href")).as(a.outerHtml()).doesNotContain("\\");
        }
    }

    // ---- helpers ----

    static void refused(Response r, int status, String field, String problem) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        JsonNode json = r.json();
        assertThat(json.get("status").asInt()).isEqualTo(status);
        List<String> problems = new ArrayList<>();
        json.get("errors").forEach(e -> {
            if (e.get("field").asText().equals(field)) {
                problems.add(e.get("problem").asText());
            }
        });
        assertThat(problems).as(r.toString()).isNotEmpty();
        assertThat(String.join(" | ", problems)).as(r.toString()).contains(problem);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("com.fasterxml").doesNotContain("StreamReadConstraints")
                .doesNotContain("micronaut").doesNotContain("Jackson");
    }

    static Response postJson(String user, String path, byte[] body) {
        return hub.postBytes(path, "application/json", body, false, user, TestHub.password(user));
    }

    static Response upload(String id, String name, String type, byte[] bytes) {
        return hub.upload("/api/items/" + id + "/attachments", name, type, bytes, "editor", TestHub.password("editor"));
    }

    static JsonNode attachment(Response item, String name) {
        assertThat(item.status()).as(item.body()).isEqualTo(201);
        for (JsonNode a : item.json().get("attachments")) {
            if (a.get("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no attachment " + name + " in " + item.body());
    }

    static int version(String id) {
        return hub.as("reviewer", "GET", "/api/items/" + id, null).json().get("version").asInt();
    }

    static long total() {
        return hub.as("reviewer", "GET", "/api/items?size=1", null).json().get("total").asLong();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] splice(byte[] into, int at, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(into, 0, at);
        out.writeBytes(insert);
        out.write(into, at, into.length - at);
        return out.toByteArray();
    }

    static String pathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

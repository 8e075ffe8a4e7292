package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.support.TestHub;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscriber API on a hub with embedded defaults: imports of CSV in GBK and UTF-8 (with BOM) and of .xlsx, each with
 * bad rows reported by row and column while the good rows go in, idempotent on mobile / e-mail / openid; masking for
 * everyone but ADMIN; exports; opt-outs; erasure; the dimensions; and the refusals of bad input.
 */
class SubscriberApiIT {
    static TestHub hub;
    static final String GOOD_HEADER = "姓名,手机号,邮箱,微信openid,QQ号,标签,首选渠道,同意渠道\n";

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
        hub.user("editor", "EDITOR");
        hub.user("boss", "ADMIN");
        hub.user("reviewer", "REVIEWER");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static JsonNode importAndWait(String fileName, String type, byte[] bytes) {
        TestHub.Response r = hub.upload("/api/subscribers/imports", fileName, type, bytes, "editor", TestHub.password("editor"));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String id = r.json().get("id").asText();
        JsonNode[] job = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            job[0] = hub.as("editor", "GET", "/api/subscribers/imports/" + id, null).json();
            return !job[0].get("state").asText().equals("RUNNING");
        });
        return job[0];
    }

    static String rows(int from, int n, String district) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append("居民").append(i).append(',').append(String.format("136%08d", i)).append(",u").append(i).append("@Example.CN,,,")
                    .append("区域:").append(district).append(";群体:老年人,短信;邮件,短信;邮件\n");
        }
        return sb.toString();
    }

    @Test
    void should_import_a_gbk_csv_reporting_each_bad_row_and_then_update_the_same_people_from_utf8_with_bom() {
        String text = GOOD_HEADER + rows(0, 20, "崇川区")
                + "坏号码,1381234567,,,,区域:崇川区,,\n"            // row 22: bad mobile
                + "坏邮箱,13900001111,not-an-address,,,区域:崇川区,,\n"   // row 23: bad e-mail
                + "坏标签,13900001112,,,,年龄:60,,\n"                // row 24: unknown dimension
                + "重复,13600000003,,,,区域:崇川区,,\n";             // row 25: duplicate of row 5
        JsonNode job = importAndWait("居民名单.csv", "text/csv", text.getBytes(Charset.forName("GBK")));
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("rowsRead").asInt()).isEqualTo(24);
        assertThat(job.get("imported").asInt()).isEqualTo(20);
        assertThat(job.get("refused").asInt()).isEqualTo(4);
        JsonNode errors = job.get("errors");
        assertThat(errors.get(0).get("row").asInt()).isEqualTo(22);
        assertThat(errors.get(0).get("column").asText()).isEqualTo("mobile");
        assertThat(errors.get(1).get("row").asInt()).isEqualTo(23);
        assertThat(errors.get(1).get("column").asText()).isEqualTo("email");
        assertThat(errors.get(2).get("row").asInt()).isEqualTo(24);
        assertThat(errors.get(2).get("problem").asText()).contains("unknown tag dimension '年龄'");
        assertThat(errors.get(3).get("row").asInt()).isEqualTo(25);
        assertThat(errors.get(3).get("problem").asText()).contains("row 5");

        byte[] bom = ("\uFEFF" + GOOD_HEADER + rows(0, 20, "崇川区")).getBytes(StandardCharsets.UTF_8);
        JsonNode again = importAndWait("居民名单-utf8.csv", "text/csv", bom);
        assertThat(again.get("imported").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isEqualTo(20);
        JsonNode page = hub.as("boss", "GET", "/api/subscribers?tag=区域:崇川区&limit=200", null).json();
        long mine = 0;
        for (JsonNode s : page.get("items")) {
            if (s.get("mobile").asText().startsWith("136000000")) {
                mine++;
            }
        }
        assertThat(mine).as("no one twice").isEqualTo(20);
    }

    @Test
    void should_import_an_xlsx_with_numeric_mobiles_and_bad_rows_and_export_it_masked_or_in_full() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            var sheet = wb.createSheet("订阅者");
            String[] head = {"name", "mobile", "email", "wechatOpenId", "qqNumber", "tags", "preferredChannels", "consent"};
            var h = sheet.createRow(0);
            for (int c = 0; c < head.length; c++) {
                h.createCell(c).setCellValue(head[c]);
            }
            for (int i = 0; i < 30; i++) {
                var r = sheet.createRow(i + 1);
                r.createCell(0).setCellValue("海门居民" + i);
                r.createCell(1).setCellValue(13500000000d + i);   // a number cell, as Excel keeps a typed mobile
                r.createCell(5).setCellValue("区域:海门区;群体:学校");
                r.createCell(6).setCellValue("sms");
                r.createCell(7).setCellValue(i == 7 ? "传真" : "sms");  // row 9: unknown channel
            }
            wb.write(out);
        }
        JsonNode job = importAndWait("海门.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.toByteArray());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("imported").asInt()).isEqualTo(29);
        assertThat(job.get("errors").get(0).get("row").asInt()).isEqualTo(9);
        assertThat(job.get("errors").get(0).get("column").asText()).isEqualTo("consent");

        JsonNode masked = hub.as("editor", "GET", "/api/subscribers?tag=区域:海门区&limit=5", null).json();
        assertThat(masked.get("items")).hasSize(5);
        assertThat(masked.get("items").get(0).get("mobile").asText()).matches("135\\*{4}\\d{4}");
        assertThat(masked.get("nextCursor").isNull()).isFalse();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            JsonNode p = hub.as("editor", "GET", "/api/subscribers?tag=%E5%8C%BA%E5%9F%9F:%E6%B5%B7%E9%97%A8%E5%8C%BA&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor), null).json();
            p.get("items").forEach(s -> assertThat(ids.add(s.get("id").asText())).isTrue());
            cursor = p.get("nextCursor").isNull() ? null : p.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(ids).hasSize(29);

        TestHub.Response full = hub.as("boss", "GET", "/api/subscribers/export?format=xlsx&tag=区域:海门区", null);
        assertThat(full.status()).isEqualTo(200);
        Path f = Files.createTempFile("export", ".xlsx");
        Files.write(f, full.bytes());
        int rows = 0;
        try (SubscriberFileReader r = SubscriberFileReader.open(f, "export.xlsx")) {
            while (r.next().isPresent()) {
                rows++;
            }
        }
        assertThat(rows).isEqualTo(29);
        Files.delete(f);
        TestHub.Response csv = hub.as("editor", "GET", "/api/subscribers/export?format=csv&tag=区域:海门区", null);
        assertThat(csv.body()).startsWith("\uFEFF").contains("135****0001").doesNotContain("13500000001");
        assertThat(hub.as("boss", "GET", "/api/subscribers/export?format=csv&tag=区域:海门区", null).body()).contains("13500000001");
    }

    @Test
    void should_refuse_bad_input_naming_the_field_and_files_it_cannot_read(@TempDir Path tmp) {
        TestHub.Response bad = hub.as("editor", "POST", "/api/subscribers",
                "{\"name\": \"张三\", \"mobile\": \"12345\", \"tags\": [\"年龄:60\"], \"consent\": [\"sms\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"mobile\"").contains("年龄");
        assertThat(hub.as("editor", "POST", "/api/subscribers", "{\"name\": \"张三\", \"phone\": \"13800000000\"}").status()).isEqualTo(400);
        assertThat(hub.as("reviewer", "GET", "/api/subscribers", null).status()).as("reviewers do not see subscribers").isEqualTo(403);
        assertThat(hub.as("editor", "GET", "/api/subscribers?limit=0", null).status()).isEqualTo(400);
        assertThat(hub.as("editor", "GET", "/api/subscribers?cursor=garbage", null).status()).isEqualTo(400);
        assertThat(hub.as("editor", "GET", "/api/subscribers/export?format=pdf", null).status()).isEqualTo(400);
        JsonNode xls = importAndWait("old.xls", "application/vnd.ms-excel", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1,
                (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0, 0, 0});
        assertThat(xls.get("state").asText()).isEqualTo("FAILED");
        assertThat(xls.get("problem").asText()).contains(".xlsx");
        JsonNode header = importAndWait("wrong.csv", "text/csv", "姓名,电话号码\n张三,13800000000\n".getBytes(StandardCharsets.UTF_8));
        assertThat(header.get("state").asText()).isEqualTo("FAILED");
        assertThat(hub.as("editor", "PUT", "/api/subscribers/dimensions", "{\"dimensions\": [\"区域\"]}").status()).isEqualTo(403);
        assertThat(hub.as("boss", "PUT", "/api/subscribers/dimensions", "{\"dimensions\": [\"区域\", \"区域\"]}").status()).isEqualTo(400);
    }

    @Test
    void should_create_mask_opt_out_and_erase_one_person() {
        TestHub.Response c = hub.as("editor", "POST", "/api/subscribers", """
                {"name": "周建华", "mobile": "+86 139-0000-9999", "email": "zhoujh@example.cn", "tags": ["区域：通州区", "群体:老年人"],
                 "preferredChannels": ["wechat", "sms"], "consent": ["sms", "email"]}""");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        String id = c.json().get("id").asText();
        assertThat(c.json().get("mobile").asText()).isEqualTo("139****9999");
        assertThat(c.json().get("email").asText()).isEqualTo("z***@example.cn");
        assertThat(c.json().get("tags").get(0).asText()).isEqualTo("区域:通州区");
        assertThat(hub.as("boss", "GET", "/api/subscribers/" + id, null).json().get("mobile").asText()).isEqualTo("13900009999");
        TestHub.Response dup = hub.as("editor", "POST", "/api/subscribers", "{\"name\": \"另一人\", \"mobile\": \"13900009999\", \"consent\": []}");
        assertThat(dup.status()).as(dup.body()).isEqualTo(409);
        assertThat(dup.body()).contains("139****9999").doesNotContain("13900009999");

        TestHub.Response o = hub.as("editor", "POST", "/api/subscribers/" + id + "/opt-outs", "{\"channel\": \"sms\"}");
        assertThat(o.status()).as(o.body()).isEqualTo(200);
        assertThat(o.json().get("optedOut").has("sms")).isTrue();
        assertThat(o.json().get("consent").get("sms").get("given").asBoolean()).as("consent history kept").isTrue();
        assertThat(hub.as("editor", "POST", "/api/subscribers/" + id + "/opt-outs", "{\"channel\": \"fax\"}").status()).isEqualTo(400);

        assertThat(hub.send("DELETE", "/api/subscribers/" + id, "editor", TestHub.password("editor")).status()).isEqualTo(204);
        assertThat(hub.as("boss", "GET", "/api/subscribers/" + id, null).status()).isEqualTo(404);
        assertThat(hub.bean(OptOuts.class).optedOut("sms", List.of("13900009999"))).as("the opt-out outlives the erasure").hasSize(1);
        TestHub.Response again = hub.as("editor", "POST", "/api/subscribers", "{\"name\": \"周建华\", \"mobile\": \"13900009999\", \"consent\": [\"sms\"]}");
        assertThat(again.status()).as("the number is free again after erasure").isEqualTo(201);
        assertThat(again.json().get("optedOut").has("sms")).isTrue();
    }
}

package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.TestHub;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A targeted notice end to end on one hub with embedded defaults (outbox transports): subscribers written, a notice
 * drafted for a segment, reviewed, published; each person gets it on the channel their preferences, addresses,
 * consents and opt-outs allow, and the report counts who was skipped and why.
 */
class NoticeFlowIT {
    static TestHub hub;
    static Flow flow;

    @BeforeAll
    static void start() throws IOException {
        Path config = cn.gongkai.hub.support.ChannelConfigs.copy(Files.createTempDirectory("notice-config"));
        cn.gongkai.hub.support.ChannelConfigs.set(config, "wechat", """
                notice-template:
                  template-id: "Tz8fJ2nQ_notice"
                  fields:
                    thing1: title
                    time2: publishedAt""");
        java.util.Map<String, Object> props = TestHub.defaults(null);
        props.put("hub.channel-config-dir", config.toString());
        // one notice a day per number, so that the second notice meets the quota
        props.put("hub.notices.per-address-per-day.sms", 1);
        hub = TestHub.start(props);
        flow = new Flow(hub).users();
        hub.user("subadmin", "ADMIN");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static SubscriberInput person(String name, String mobile, String email, String qq, List<String> tags, List<Reach> preferred, List<Reach> consent) {
        return new SubscriberInput(name, mobile, email, null, qq, tags, preferred, consent);
    }

    @Test
    void should_send_each_person_of_the_segment_on_their_first_reachable_channel_and_report_the_rest() throws Exception {
        SubscriberService subs = hub.bean(SubscriberService.class);
        List<SubscriberService.RowResult> w = subs.upsert(List.of(
                new SubscriberService.Row(2, person("张桂英", "13800000001", null, null, List.of("区域:崇川区", "群体:老年人"), List.of(Reach.SMS), List.of(Reach.SMS))),
                new SubscriberService.Row(3, person("李建国", "13800000002", "lijianguo@example.cn", null, List.of("区域:崇川区", "群体:残疾人"),
                        List.of(Reach.EMAIL, Reach.SMS), List.of(Reach.EMAIL, Reach.SMS))),
                new SubscriberService.Row(4, person("王秀兰", "13800000003", null, "123456789", List.of("区域:崇川区", "群体:老年人"),
                        List.of(Reach.QQ), List.of(Reach.QQ))),
                // no consent anywhere: skipped
                new SubscriberService.Row(5, person("赵大海", "13800000004", null, null, List.of("区域:崇川区", "群体:老年人"), List.of(Reach.SMS), List.of())),
                // a tester: left out by the segment
                new SubscriberService.Row(6, person("测试员", "13800000005", null, null, List.of("区域:崇川区", "群体:老年人", "群体:测试"), List.of(Reach.SMS), List.of(Reach.SMS))),
                // another district: left out
                new SubscriberService.Row(7, person("陈明", "13800000006", null, null, List.of("区域:海门区", "群体:老年人"), List.of(Reach.SMS), List.of(Reach.SMS))),
                // opted out of SMS (a TD reply), has e-mail consent too: falls back to e-mail
                new SubscriberService.Row(8, person("刘芳", "13800000007", "liufang@example.cn", null, List.of("区域:崇川区", "群体:残疾人"),
                        List.of(Reach.SMS, Reach.EMAIL), List.of(Reach.SMS, Reach.EMAIL))),
                // a follower of the account who prefers WeChat
                new SubscriberService.Row(9, new SubscriberInput("孙丽", "13800000008", null, "oX7bK2c9dE4fG6hJ8kL0mN1pQ3rS", null,
                        List.of("区域:崇川区", "群体:老年人"), List.of(Reach.WECHAT, Reach.SMS), List.of(Reach.WECHAT, Reach.SMS)))), "test-import", "editor");
        assertThat(w).extracting(SubscriberService.RowResult::written).containsOnly(SubscriberService.Written.CREATED);
        hub.bean(OptOuts.class).optOut("sms", "13800000007", "smpp:TD", java.time.Instant.now());

        String notice = """
                {"title": "崇川区老年人、残疾人冬季文化惠民演出通知",
                 "body": "12月10日下午2点在崇川区文化馆举办冬季惠民演出，凭本通知免费入场，欢迎参加。",
                 "segment": {"all": ["区域:崇川区"], "any": ["群体:老年人", "群体:残疾人"], "not": ["群体:测试"]},
                 "channels": ["sms", "email", "qq", "wechat"], "mode": "fallback"}""";
        TestHub.Response preview = hub.as("editor", "POST", "/api/segments/preview",
                "{\"segment\": {\"all\": [\"区域:崇川区\"], \"any\": [\"群体:老年人\", \"群体:残疾人\"], \"not\": [\"群体:测试\"]},"
                        + " \"channels\": [\"sms\", \"email\", \"qq\", \"wechat\"]}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("count").asLong()).isEqualTo(6);
        assertThat(preview.json().get("sample")).hasSize(6);
        assertThat(preview.json().get("channels").get("wechat").asLong()).isEqualTo(1);
        assertThat(preview.body()).doesNotContain("13800000001").contains("138****0001");
        assertThat(preview.json().get("channels").get("sms").asLong()).isEqualTo(1);
        assertThat(preview.json().get("channels").get("email").asLong()).isEqualTo(2);
        assertThat(preview.json().get("channels").get("qq").asLong()).isEqualTo(1);
        assertThat(preview.json().get("skipped").get("noConsent").asLong()).isEqualTo(1);

        TestHub.Response created = hub.as("editor", "POST", "/api/notices", notice);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("kind").asText()).isEqualTo("notice");
        String hash = created.json().get("contentHash").asText();
        flow.submit(id);
        assertThat(flow.review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
        assertThat(flow.review("approver", id, "final", "approve", hash).status()).isEqualTo(200);
        TestHub.Response pub = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}");
        assertThat(pub.status()).as(pub.body()).isEqualTo(202);
        flow.awaitState(id, "PUBLISHED");

        List<String> sms = outbox("sms");
        assertThat(sms).hasSize(1);
        assertThat(sms.get(0)).doesNotContain("https://");
        assertThat(String.join("\n", sms)).contains("13800000001").doesNotContain("13800000002").doesNotContain("13800000004")
                .doesNotContain("13800000005").doesNotContain("13800000006").doesNotContain("13800000007");
        List<String> mail = outbox("press-email");
        assertThat(mail).hasSize(2);
        mail = mail.stream().filter(m -> m.contains("liufang@example.cn")).toList();
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0)).contains("List-Unsubscribe: <http").contains("/unsubscribe/").contains("Subject: =?UTF-8?");
        List<String> qq = outbox("qq");
        assertThat(qq).hasSize(1);
        assertThat(qq.get(0)).contains("\"user_id\" : 123456789").doesNotContain("group_id");
        List<String> wechat = outbox("wechat");
        assertThat(wechat).hasSize(1);
        assertThat(wechat.get(0)).contains("\"touser\" : \"oX7bK2c9dE4fG6hJ8kL0mN1pQ3rS\"").contains("Tz8fJ2nQ_notice").contains("thing1");

        JsonNode report = hub.as("editor", "GET", "/api/notices/" + id + "/report", null).json();
        assertThat(report.get("targeted").asLong()).isEqualTo(6);
        assertThat(report.get("sent").asLong()).isEqualTo(5);
        assertThat(report.get("channels").get("wechat").get("sent").asLong()).isEqualTo(1);
        assertThat(report.get("skipped").get("noConsent").asLong()).isEqualTo(1);
        assertThat(report.get("channels").get("sms").get("sent").asLong()).isEqualTo(1);
        assertThat(report.get("channels").get("sms").get("skipped").get("optedOut").asLong()).isEqualTo(1);
        assertThat(report.get("channels").get("email").get("sent").asLong()).isEqualTo(2);
        TestHub.Response csv = hub.as("editor", "GET", "/api/notices/" + id + "/report?format=csv", null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("\uFEFF").contains("\"sms\"");

        // the e-mail's one-click link opts the person out; a tampered one is refused
        String link = mail.get(0).replaceAll("(?s).*List-Unsubscribe: <(http[^>]+)>.*", "$1");
        String path = link.substring(link.indexOf("/unsubscribe/"));
        TestHub.Response tampered = hub.as(null, "GET", path.substring(0, path.length() - 2) + "xx", null);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.body()).contains("退订链接无效");
        TestHub.Response click = hub.as(null, "GET", path, null);
        assertThat(click.status()).as(click.body()).isEqualTo(200);
        assertThat(click.body()).contains("退订成功").contains("l***@example.cn").doesNotContain("liufang@");
        assertThat(hub.bean(OptOuts.class).optedOut("press-email", List.of("liufang@example.cn"))).containsExactly("liufang@example.cn");
        assertThat(hub.as(null, "GET", path, null).body()).contains("您已退订");

        // a second notice the same day: the SMS quota (1 a day per number here) is planned, not discovered
        String second = notice.replace("冬季文化惠民演出通知", "冬季文化惠民演出补充通知");
        TestHub.Response warn = hub.as("editor", "POST", "/api/segments/preview",
                "{\"segment\": {\"all\": [\"区域:崇川区\"], \"any\": [\"群体:老年人\", \"群体:残疾人\"], \"not\": [\"群体:测试\"]},"
                        + " \"channels\": [\"sms\", \"email\", \"qq\", \"wechat\"]}");
        assertThat(warn.json().get("warnings").toString()).contains("sms: 1 people would go over").contains("per-address-per-day.sms");
        JsonNode n2 = hub.as("editor", "POST", "/api/notices", second).json();
        String id2 = n2.get("id").asText();
        flow.submit(id2);
        assertThat(flow.review("reviewer", id2, "first", "approve", n2.get("contentHash").asText()).status()).isEqualTo(200);
        assertThat(flow.review("approver", id2, "final", "approve", n2.get("contentHash").asText()).status()).isEqualTo(200);
        assertThat(hub.as("approver", "POST", "/api/items/" + id2 + "/publish", "{}").status()).isEqualTo(202);
        flow.awaitState(id2, "PUBLISHED");
        JsonNode r2 = hub.as("editor", "GET", "/api/notices/" + id2 + "/report", null).json();
        assertThat(r2.get("channels").get("sms").get("skipped").get("quota").asLong()).as(r2.toString()).isEqualTo(1);
        assertThat(r2.get("skipped").get("quota").asLong()).as("张桂英 has only SMS").isEqualTo(1);
        assertThat(outbox("sms")).as("no second SMS to 13800000001 the same day").hasSize(1);
    }

    List<String> outbox(String channel) throws IOException {
        Path dir = hub.dataDir().resolve("outbox").resolve(channel);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(".*\\.(json|eml)")).toList()) {
                out.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

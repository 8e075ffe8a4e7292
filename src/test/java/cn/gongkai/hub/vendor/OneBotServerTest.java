package cn.gongkai.hub.vendor;

import cn.gongkai.hub.support.Seeds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The OneBot 11 peer driven by the JDK's HTTP client. */
class OneBotServerTest {
    static final String TOKEN = "kSLuTF2GC2Q4q4ugm3";
    static final long GROUP = 612_345_678L;
    static final long OTHER_GROUP = 612_000_001L;
    static final ObjectMapper JSON = new ObjectMapper();

    final OneBotServer bot = OneBotServer.start(TOKEN, GROUP, OTHER_GROUP);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() {
        bot.close();
    }

    @Test
    void should_send_item_text_as_plain_text_when_auto_escape_is_set() throws Exception {
        String text = "[CQ:at,qq=all] " + Seeds.title(0) + " &amp; 附件[1]";

        JsonNode answer = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", text, "auto_escape", true));

        assertThat(answer.get("status").asText()).isEqualTo("ok");
        assertThat(answer.get("retcode").asInt()).isZero();
        int id = answer.get("data").get("message_id").asInt();
        assertThat(bot.groupMessages(GROUP)).singleElement().satisfies(s -> {
            assertThat(s.messageId()).isEqualTo(id);
            assertThat(s.raw()).isEqualTo(text);
            assertThat(s.plainText()).isEqualTo(text);
            assertThat(s.readAsPlainText()).isTrue();
        });
    }

    @Test
    void should_read_cq_codes_and_unescape_when_auto_escape_is_off() throws Exception {
        postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "[CQ:at,qq=all] 公告 &amp; 附件&#91;1&#93;"));

        OneBotServer.Sent sent = bot.groupMessages(GROUP).get(0);
        assertThat(sent.readAsPlainText()).isFalse();
        assertThat(sent.segments()).first().satisfies(s -> {
            assertThat(s.type()).isEqualTo("at");
            assertThat(s.data()).containsEntry("qq", "all");
        });
        assertThat(sent.plainText()).isEqualTo(" 公告 & 附件[1]");
    }

    @Test
    void should_answer_401_without_a_token_403_with_a_wrong_one_and_accept_it_in_the_query() throws Exception {
        assertThat(send(post("/send_group_msg", "{}", "application/json").build()).statusCode()).isEqualTo(401);
        assertThat(send(post("/send_group_msg", "{}", "application/json").header("Authorization", "Bearer nope").build())
                .statusCode()).isEqualTo(403);

        HttpResponse<String> viaQuery = send(HttpRequest.newBuilder(URI.create(bot.baseUrl() + "/send_group_msg?access_token="
                + TOKEN + "&group_id=" + GROUP + "&message=" + URLEncoder.encode("公告", StandardCharsets.UTF_8))).GET().build());

        assertThat(viaQuery.statusCode()).isEqualTo(200);
        assertThat(bot.groupMessages(GROUP)).singleElement().extracting(OneBotServer.Sent::plainText).isEqualTo("公告");
    }

    @Test
    void should_take_form_bodies_and_refuse_other_content_types_bad_json_and_unknown_actions() throws Exception {
        String form = "group_id=" + GROUP + "&auto_escape=true&message=" + URLEncoder.encode("第2号 [通知]", StandardCharsets.UTF_8);
        HttpResponse<String> ok = send(auth(post("/send_group_msg", form, "application/x-www-form-urlencoded")));

        assertThat(JSON.readTree(ok.body()).get("retcode").asInt()).isZero();
        assertThat(bot.groupMessages(GROUP)).singleElement().extracting(OneBotServer.Sent::plainText).isEqualTo("第2号 [通知]");
        assertThat(send(auth(post("/send_group_msg", "hello", "text/plain"))).statusCode()).isEqualTo(406);
        assertThat(send(auth(post("/send_group_msg", "{\"group_id\":", "application/json"))).statusCode()).isEqualTo(400);
        assertThat(send(auth(post("/send_group_notice", "{}", "application/json"))).statusCode()).isEqualTo(404);
    }

    @Test
    void should_fail_with_a_retcode_for_a_group_the_bot_is_not_in_and_for_a_muted_group() throws Exception {
        JsonNode notIn = postJson("/send_group_msg", Map.of("group_id", 1, "message", "公告"));
        bot.failGroup(OTHER_GROUP, -34, "SEND_MSG_API_ERROR", "账号被禁言");
        JsonNode muted = postJson("/send_group_msg", Map.of("group_id", OTHER_GROUP, "message", "公告"));
        JsonNode empty = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", ""));

        assertThat(notIn.get("status").asText()).isEqualTo("failed");
        assertThat(notIn.get("retcode").asInt()).isEqualTo(OneBotServer.BAD_PARAM);
        assertThat(notIn.get("msg").asText()).isEqualTo("GROUP_NOT_FOUND");
        assertThat(notIn.get("data").isNull()).isTrue();
        assertThat(muted.get("retcode").asInt()).isEqualTo(-34);
        assertThat(muted.get("wording").asText()).isEqualTo("账号被禁言");
        assertThat(empty.get("msg").asText()).isEqualTo("EMPTY_MSG_ERROR");
        assertThat(bot.sent()).isEmpty();
    }

    @Test
    void should_answer_async_at_once_and_still_send_so_a_retry_duplicates() throws Exception {
        Map<String, Object> notice = Map.of("group_id", GROUP, "message", "公告", "auto_escape", true);

        JsonNode async = postJson("/send_group_msg_async", notice);
        JsonNode retry = postJson("/send_group_msg", notice);

        assertThat(async.get("status").asText()).isEqualTo("async");
        assertThat(async.get("retcode").asInt()).isEqualTo(OneBotServer.ASYNC);
        assertThat(async.get("data").isNull()).isTrue();
        assertThat(retry.get("status").asText()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(5)).until(() -> bot.groupMessages(GROUP).size() == 2);
        assertThat(bot.groupMessages(GROUP)).extracting(OneBotServer.Sent::mode)
                .containsExactlyInAnyOrder(OneBotServer.Mode.ASYNC, OneBotServer.Mode.SYNC);
    }

    @Test
    void should_queue_rate_limited_calls_one_interval_apart() throws Exception {
        bot.rateLimitInterval(Duration.ofMillis(300));
        Map<String, Object> notice = Map.of("group_id", GROUP, "message", "公告");

        assertThat(postJson("/send_group_msg_rate_limited", notice).get("status").asText()).isEqualTo("async");
        assertThat(postJson("/send_group_msg_rate_limited", notice).get("status").asText()).isEqualTo("async");

        await().atMost(Duration.ofSeconds(5)).until(() -> bot.calls().size() == 2);
        assertThat(Duration.between(bot.calls().get(0).at(), bot.calls().get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(bot.groupMessages(GROUP)).extracting(OneBotServer.Sent::mode)
                .containsExactly(OneBotServer.Mode.RATE_LIMITED, OneBotServer.Mode.RATE_LIMITED);
    }

    @Test
    void should_answer_502_for_the_next_request_and_then_serve() throws Exception {
        bot.failNextRequests(1, 502);

        assertThat(send(auth(post("/send_group_msg", "{\"group_id\":" + GROUP + ",\"message\":\"a\"}", "application/json")))
                .statusCode()).isEqualTo(502);
        assertThat(postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "a")).get("retcode").asInt()).isZero();
        assertThat(bot.groupMessages(GROUP)).hasSize(1);
    }

    @Test
    void should_send_but_answer_too_late_when_stalled_after_sending() {
        bot.stallAfterSending(1, Duration.ofSeconds(2));
        HttpRequest req = auth(post("/send_group_msg", "{\"group_id\":" + GROUP + ",\"message\":\"a\"}", "application/json")
                .timeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        await().atMost(Duration.ofSeconds(1)).until(() -> bot.groupMessages(GROUP).size() == 1);
    }

    @Test
    void should_send_nothing_before_the_stall_ends_and_send_late_after_it() {
        bot.stallBeforeSending(1, Duration.ofSeconds(1));
        HttpRequest req = auth(post("/send_group_msg", "{\"group_id\":" + GROUP + ",\"message\":\"a\"}", "application/json")
                .timeout(Duration.ofMillis(200)));

        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        assertThat(bot.groupMessages(GROUP)).isEmpty();
        await().atMost(Duration.ofSeconds(3)).until(() -> bot.groupMessages(GROUP).size() == 1);
    }

    @Test
    void should_recall_within_the_window_and_refuse_after_it() throws Exception {
        int first = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "甲")).get("data").get("message_id").asInt();
        int second = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "乙")).get("data").get("message_id").asInt();

        JsonNode recalled = postJson("/delete_msg", Map.of("message_id", first));
        JsonNode again = postJson("/delete_msg", Map.of("message_id", first));
        bot.passTime(Duration.ofMinutes(3));
        JsonNode late = postJson("/delete_msg", Map.of("message_id", second));
        JsonNode unknown = postJson("/delete_msg", Map.of("message_id", 12345));

        assertThat(recalled.get("status").asText()).isEqualTo("ok");
        assertThat(again.get("msg").asText()).isEqualTo("RECALL_API_ERROR");
        assertThat(late.get("retcode").asInt()).isEqualTo(OneBotServer.BAD_PARAM);
        assertThat(late.get("msg").asText()).isEqualTo("RECALL_API_ERROR");
        assertThat(unknown.get("msg").asText()).isEqualTo("MESSAGE_NOT_FOUND");
        assertThat(bot.recalled()).extracting(OneBotServer.Sent::messageId).containsExactly(first);
        assertThat(bot.visibleIn(GROUP)).extracting(OneBotServer.Sent::messageId).containsExactly(second);
    }

    @Test
    void should_refuse_to_recall_only_the_message_made_older_than_the_window() throws Exception {
        int old = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "甲")).get("data").get("message_id").asInt();
        int fresh = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "乙")).get("data").get("message_id").asInt();
        bot.sentAgo(old, Duration.ofMinutes(3));

        assertThat(postJson("/delete_msg", Map.of("message_id", old)).get("msg").asText()).isEqualTo("RECALL_API_ERROR");
        assertThat(postJson("/delete_msg", Map.of("message_id", fresh)).get("status").asText()).isEqualTo("ok");
        assertThat(bot.visibleIn(GROUP)).extracting(OneBotServer.Sent::messageId).containsExactly(old);
    }

    @Test
    void should_return_a_sent_message_with_get_msg_and_echo_the_echo() throws Exception {
        int id = postJson("/send_group_msg", Map.of("group_id", GROUP, "message", "[CQ:face,id=178]公告")).get("data")
                .get("message_id").asInt();

        JsonNode got = postJson("/get_msg", Map.of("message_id", id, "echo", "req-7"));

        assertThat(got.get("echo").asText()).isEqualTo("req-7");
        assertThat(got.get("data").get("message_id").asInt()).isEqualTo(id);
        assertThat(got.get("data").get("message_type").asText()).isEqualTo("group");
        assertThat(got.get("data").get("message").get(0).get("type").asText()).isEqualTo("face");
        assertThat(got.get("data").get("message").get(1).get("data").get("text").asText()).isEqualTo("公告");
    }

    @Test
    void should_take_a_segment_array_as_given() throws Exception {
        String segments = "[{\"type\":\"text\",\"data\":{\"text\":\"[CQ:at,qq=all]\"}}]";

        HttpResponse<String> r = send(auth(post("/send_group_msg", "{\"group_id\":" + GROUP + ",\"message\":" + segments + "}",
                "application/json")));

        assertThat(JSON.readTree(r.body()).get("retcode").asInt()).isZero();
        assertThat(bot.groupMessages(GROUP)).singleElement().satisfies(s -> {
            assertThat(s.plainText()).isEqualTo("[CQ:at,qq=all]");
            assertThat(s.segments()).hasSize(1);
        });
    }

    @Test
    void should_send_private_messages_to_friends_only() throws Exception {
        bot.addFriend(10_001L);

        JsonNode friend = postJson("/send_private_msg", Map.of("user_id", "10001", "message", "公告"));
        JsonNode stranger = postJson("/send_private_msg", Map.of("user_id", 10_002L, "message", "公告"));

        assertThat(friend.get("retcode").asInt()).isZero();
        assertThat(stranger.get("msg").asText()).isEqualTo("FRIEND_NOT_FOUND");
        assertThat(bot.sent()).singleElement().satisfies(s -> {
            assertThat(s.target()).isEqualTo(OneBotServer.Target.PRIVATE);
            assertThat(s.targetId()).isEqualTo(10_001L);
        });
    }

    JsonNode postJson(String path, Map<String, ?> body) throws Exception {
        HttpResponse<String> r = send(auth(post(path, JSON.writeValueAsString(body), "application/json")));
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    HttpRequest.Builder post(String path, String body, String contentType) {
        return HttpRequest.newBuilder(URI.create(bot.baseUrl() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    HttpRequest auth(HttpRequest.Builder b) {
        return b.header("Authorization", "Bearer " + TOKEN).build();
    }

    HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

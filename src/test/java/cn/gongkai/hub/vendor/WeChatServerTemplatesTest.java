package cn.gongkai.hub.vendor;

import cn.gongkai.hub.vendor.WeChatServer.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.crypto.WxCryptUtil;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateData;
import me.chanjar.weixin.mp.bean.template.WxMpTemplateMessage;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fake's {@code message/template/send} and its message push are as strict as WeChat documents them. */
class WeChatServerTemplatesTest {
    private static final String APP_ID = "wx6a2f1b0c9d8e7f01";
    private static final String SECRET = "3f1c0d5e9a7b42c68e0f1a2b3c4d5e6f";
    private static final String TEMPLATE = "Tq3vNn1uHb8kS0w-Y2xQp4LmR7cZe9aF_0dGiJkUoEw";
    private static final String TOKEN = "gongkaihubtoken2026";
    private static final String FOLLOWER = WeChatServer.openId(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WeChatServer server;
    private WxMpService wx;

    @BeforeEach
    void start() {
        server = WeChatServer.start(APP_ID, SECRET).template(TEMPLATE, "thing1", "time2", "character_string3", "phrase4").follower(FOLLOWER);
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(APP_ID);
        config.setSecret(SECRET);
        config.useStableAccessToken(true);
        config.setHostConfig(WxMpHostConfig.builder().apiHost(server.baseUrl()).build());
        wx = new WxMpServiceImpl();
        wx.setWxMpConfigStorage(config);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Data set as a list: WxJava's addData would cut a long thing to 17 characters and "..." before the server sees it. */
    static WxMpTemplateMessage message(String toUser, String templateId, Map<String, String> data) {
        WxMpTemplateMessage m = WxMpTemplateMessage.builder().toUser(toUser).templateId(templateId).url("https://www.example.gov.cn/n/1.html")
                .clientMsgId("wechat.0123456789abcdef01234567").build();
        m.setData(new java.util.ArrayList<>(data.entrySet().stream().map(e -> new WxMpTemplateData(e.getKey(), e.getValue())).toList()));
        return m;
    }

    static Map<String, String> good() {
        return new java.util.LinkedHashMap<>(Map.of("thing1", "关于暂停开放的通知", "time2", "2026年11月5日 10:03",
                "character_string3", "[2021]12", "phrase4", "已发布"));
    }

    int code(WxMpTemplateMessage m) {
        try {
            wx.getTemplateMsgService().sendTemplateMsg(m);
        } catch (WxErrorException e) {
            return e.getError().getErrorCode();
        }
        throw new AssertionError("sent");
    }

    @Test
    void should_send_a_template_message_to_a_follower_and_answer_its_msgid() throws Exception {
        String msgId = wx.getTemplateMsgService().sendTemplateMsg(message(FOLLOWER, TEMPLATE, good()));

        assertThat(server.templateSends()).singleElement().satisfies(s -> {
            assertThat(String.valueOf(s.msgId())).isEqualTo(msgId);
            assertThat(s.toUser()).isEqualTo(FOLLOWER);
            assertThat(s.templateId()).isEqualTo(TEMPLATE);
            assertThat(s.url()).isEqualTo("https://www.example.gov.cn/n/1.html");
            assertThat(s.clientMsgId()).isEqualTo("wechat.0123456789abcdef01234567");
            assertThat(s.data()).isEqualTo(good());
        });
        assertThat(server.calls(Api.TEMPLATE_SEND)).singleElement().satisfies(c -> assertThat(c.response()).contains("\"msgid\":" + msgId));
    }

    @Test
    void should_refuse_a_malformed_openid_an_unknown_template_a_non_follower_and_one_who_refuses() {
        server.refusesMessages(WeChatServer.openId(3)).follower(WeChatServer.openId(3));
        assertThat(code(message("not-an-openid", TEMPLATE, good()))).isEqualTo(40003);
        assertThat(code(message(FOLLOWER, "no-such-template", good()))).isEqualTo(40037);
        assertThat(code(message(WeChatServer.openId(2), TEMPLATE, good()))).isEqualTo(43004);
        assertThat(code(message(WeChatServer.openId(3), TEMPLATE, good()))).isEqualTo(43101);
        server.unfollow(FOLLOWER);
        assertThat(code(message(FOLLOWER, TEMPLATE, good()))).isEqualTo(43004);
        assertThat(server.templateSends()).isEmpty();
    }

    @Test
    void should_refuse_data_that_do_not_match_the_templates_keywords_with_47003_naming_the_keyword() throws Exception {
        Map<String, String> missing = good();
        missing.remove("phrase4");
        Map<String, String> extra = good();
        extra.put("thing9", "多余");
        Map<String, String> tooLong = good();
        tooLong.put("thing1", "关于开展2026年度政府信息公开工作检查的通知");
        Map<String, String> chinese = good();
        chinese.put("character_string3", "通文广旅发〔2021〕12号");

        assertThat(code(message(FOLLOWER, TEMPLATE, missing))).isEqualTo(47003);
        assertThat(code(message(FOLLOWER, TEMPLATE, extra))).isEqualTo(47003);
        assertThat(code(message(FOLLOWER, TEMPLATE, tooLong))).isEqualTo(47003);
        assertThat(code(message(FOLLOWER, TEMPLATE, chinese))).isEqualTo(47003);
        assertThat(server.calls(Api.TEMPLATE_SEND)).extracting(WeChatServer.Call::response)
                .anySatisfy(r -> assertThat(r).contains("data.phrase4.value is empty"))
                .anySatisfy(r -> assertThat(r).contains("data.thing9 invalid"))
                .anySatisfy(r -> assertThat(r).contains("data.thing1.value invalid"))
                .anySatisfy(r -> assertThat(r).contains("data.character_string3.value invalid"));
        assertThat(server.templateSends()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "thing | 关于开展2026年度政府信息公开工作检查 | true", "thing | 关于开展2026年度政府信息公开工作检查的 | false",
            "thing | 通知😀 | true",
            "character_string | [2021]12 | true", "character_string | 2021年 | false", "character_string | 'a b' | false",
            "phrase | 已发布 | true", "phrase | 已发布通知了 | false", "phrase | 发布OK | false",
            "time | 15:01 | true", "time | 2019年10月1日 15:01 | true", "time | 2023-09-12 19:43:07 | true",
            "time | 2023-08-09 08:00~08:30 | true", "time | 2024-06-2116: 34: 24 | false", "time | 啊啊啊 | false", "time | 25:00 | false",
            "date | 2019年10月1日 | true", "date | 2018-01-01 | true", "date | 10月1日 | true", "date | 明天 | false",
            "number | 12.5 | true", "number | 12a | false", "letter | abc | true", "letter | ab1 | false",
            "symbol | 【】!?# | true", "symbol | !!!!!! | false", "amount | ¥12.50 | true", "amount | 12元 | true",
            "amount | ¥12345678901 | false", "phone_number | +86-0766-66888866 | true", "phone_number | 0766-66888866-12345 | false",
            "car_number | 粤A8Z888挂 | true", "car_number | 粤粤A888 | false", "name | 欧阳娜娜Nana | true", "name | 张三3 | false",
            "name | John Smith | true", "const | 已办结 | true"})
    void should_judge_each_value_by_its_keyword_types_rule(String type, String value, boolean valid) {
        assertThat(WeChatServerTemplates.valid(type, value)).as(type + " " + value).isEqualTo(valid);
    }

    @Test
    void should_refuse_a_control_character_in_any_value() {
        assertThat(WeChatServerTemplates.valid("thing", "第一行\n第二行")).isFalse();
        assertThat(WeChatServerTemplates.valid("const", "已办结\t")).isFalse();
        assertThat(WeChatServerTemplates.valid("thing", "第一行 第二行")).isTrue();
    }

    @Test
    void should_send_one_message_per_openid_and_client_msg_id_within_ten_minutes() throws Exception {
        String first = wx.getTemplateMsgService().sendTemplateMsg(message(FOLLOWER, TEMPLATE, good()));
        String again = wx.getTemplateMsgService().sendTemplateMsg(message(FOLLOWER, TEMPLATE, good()));
        server.advance(Duration.ofMinutes(11));
        String later = wx.getTemplateMsgService().sendTemplateMsg(message(FOLLOWER, TEMPLATE, good()));

        assertThat(again).isEqualTo(first);
        assertThat(later).isNotEqualTo(first);
        assertThat(server.templateSends()).hasSize(2);
    }

    @Test
    void should_need_an_access_token_and_switch_failures_on_for_the_next_calls() throws Exception {
        JsonNode noToken = post("/cgi-bin/message/template/send", "{\"touser\":\"" + FOLLOWER + "\"}");
        assertThat(noToken.get("errcode").asInt()).isEqualTo(41001);

        server.failNext(Api.TEMPLATE_SEND, 45009, 1).failNext(Api.TEMPLATE_SEND, -1, 1);
        assertThat(code(message(FOLLOWER, TEMPLATE, good()))).isEqualTo(45009);
        // by hand: WxJava's own service sends a call answered -1 again by itself
        JsonNode busy = post("/cgi-bin/message/template/send?access_token=" + wx.getAccessToken(), message(FOLLOWER, TEMPLATE, good()).toJson());
        assertThat(busy.get("errcode").asInt()).isEqualTo(-1);
        assertThat(wx.getTemplateMsgService().sendTemplateMsg(message(FOLLOWER, TEMPLATE, good()))).isNotBlank();
        assertThat(server.templateSends()).hasSize(1);
    }

    /** What a server at the callback URL received. */
    record Received(String method, String query, String body) {
        Map<String, String> params() {
            return VendorHttp.decodeForm(query);
        }
    }

    HttpServer receiver(List<Received> into) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/callbacks/wechat", exchange -> {
            try (exchange) {
                into.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawQuery(),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                VendorHttp.send(exchange, 200, "text/plain", "success".getBytes(StandardCharsets.UTF_8));
            }
        });
        http.start();
        return http;
    }

    static URI uri(HttpServer http) {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/callbacks/wechat");
    }

    @Test
    void should_push_a_signed_template_send_job_finish_after_each_accepted_message() throws Exception {
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer http = receiver(got);
        try {
            server.callback(uri(http), TOKEN, null).blocksTemplateMessages(WeChatServer.openId(4)).follower(WeChatServer.openId(4));
            String ok = wx.getTemplateMsgService().sendTemplateMsg(message(FOLLOWER, TEMPLATE, good()));
            String blocked = wx.getTemplateMsgService().sendTemplateMsg(message(WeChatServer.openId(4), TEMPLATE, good()));

            await().atMost(Duration.ofSeconds(10)).until(() -> server.pushes().size() == 3);
            assertThat(server.pushes()).extracting(WeChatServer.Pushed::event).containsExactly("subscribe", "TEMPLATESENDJOBFINISH",
                    "TEMPLATESENDJOBFINISH");
            assertThat(server.pushes()).allSatisfy(p -> assertThat(p.reply().acknowledged()).isTrue());
            Received finish = got.get(1);
            Map<String, String> q = finish.params();
            assertThat(q.get("signature")).isEqualTo(WeChatServerCallback.signature(TOKEN, q.get("timestamp"), q.get("nonce")));
            assertThat(q.get("openid")).isEqualTo(FOLLOWER);
            assertThat(finish.body()).contains("<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>", "<MsgID>" + ok + "</MsgID>",
                    "<Status><![CDATA[success]]></Status>", "<ToUserName><![CDATA[" + server.accountId() + "]]></ToUserName>");
            assertThat(got.get(2).body()).contains("<MsgID>" + blocked + "</MsgID>", "<Status><![CDATA[failed:user block]]></Status>");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void should_encrypt_a_push_in_safe_mode_so_that_wxjava_decrypts_it_and_sign_it_with_msg_signature() throws Exception {
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer http = receiver(got);
        String aesKey = WeChatServerCallback.newEncodingAesKey();
        try {
            server.callback(uri(http), TOKEN, aesKey).unfollow(FOLLOWER);

            assertThat(got).singleElement().satisfies(r -> {
                Map<String, String> q = r.params();
                assertThat(q.get("encrypt_type")).isEqualTo("aes");
                assertThat(r.body()).contains("<Encrypt>").doesNotContain("unsubscribe");
                String encrypt = r.body().replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>.*", "$1");
                assertThat(q.get("msg_signature")).isEqualTo(WeChatServerCallback.signature(TOKEN, q.get("timestamp"), q.get("nonce"), encrypt));
                String plain = new WxCryptUtil(TOKEN, aesKey, APP_ID).decryptContent(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), encrypt);
                assertThat(plain).contains("<Event><![CDATA[unsubscribe]]></Event>", "<FromUserName><![CDATA[" + FOLLOWER + "]]></FromUserName>");
                assertThat(WeChatServerCallback.decrypt(WeChatServerCallback.aesKey(aesKey), encrypt)).containsExactly(plain, APP_ID);
            });
        } finally {
            http.stop(0);
        }
    }

    private JsonNode post(String pathAndQuery, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return VendorHttp.JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
    }
}

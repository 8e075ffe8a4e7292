package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.subscriber.OptOuts;
import cn.gongkai.hub.vendor.WeChatServer;
import cn.gongkai.hub.vendor.WeChatServerCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signatures, the replay window, encryption and the XML reading of the WeChat callback, without HTTP. */
class WeChatCallbacksTest {
    static final String TOKEN = "gongkaihubtoken2026";
    static final String APP_ID = "wx6a2f1b0c9d8e7f01";
    static final Instant NOW = Instant.parse("2026-11-05T02:03:00Z");
    static final String OPENID = WeChatServer.openId(7);

    /** The opt-outs recorded, in order (the port's Redis store is exercised by WeChatCallbackIT). */
    static final class Recorded implements OptOuts {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void optOut(String channel, String address, String source, Instant at) {
            calls.add(channel + " " + address + " " + source + " " + at);
        }

        @Override
        public Set<String> optedOut(String channel, Collection<String> addresses) {
            return Set.of();
        }

        @Override
        public java.util.Map<String, Instant> optedOutAt(String channel, Collection<String> addresses) {
            return java.util.Map.of();
        }

        @Override
        public void forget(String channel, String address) {
            calls.add("forget " + channel + " " + address);
        }
    }

    final Recorded optOuts = new Recorded();

    WeChatCallbacks callbacks(String aesKey) {
        return new WeChatCallbacks(new WeChatCallbackConfig(TOKEN, aesKey), new WeChatConfig(APP_ID, "", "南通文广旅"), optOuts, null,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static WeChatCallbacks.Query signed(Instant at, String nonce) {
        String ts = Long.toString(at.getEpochSecond());
        return new WeChatCallbacks.Query(WeChatServerCallback.signature(TOKEN, ts, nonce), ts, nonce, "6803457263846289", null, null);
    }

    static String unsubscribe(Instant at) {
        return "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[" + OPENID + "]]></FromUserName>"
                + "<CreateTime>" + at.getEpochSecond() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[unsubscribe]]></Event></xml>";
    }

    @Test
    void should_sign_as_the_access_guide_does() {
        // the guide's own example: Token AAAAA, timestamp 1714037059, nonce 486452656
        assertThat(WeChatCallbacks.signature("AAAAA", "1714037059", "486452656")).isEqualTo("899cf89e464efb63f54ddac96b0a0a235f53aa78");
        assertThat(WeChatCallbacks.signature("b", "a", "c")).isEqualTo(WeChatCallbacks.signature("c", "b", "a"));
        assertThat(WeChatCallbacks.same("899cf89e464efb63f54ddac96b0a0a235f53aa78", "899CF89E464EFB63F54DDAC96B0A0A235F53AA78")).isTrue();
        assertThat(WeChatCallbacks.same("899cf89e464efb63f54ddac96b0a0a235f53aa78", "899cf89e464efb63f54ddac96b0a0a235f53aa79")).isFalse();
        assertThat(WeChatCallbacks.same("899cf89e464efb63f54ddac96b0a0a235f53aa78", null)).isFalse();
    }

    @Test
    void should_answer_the_echostr_of_a_url_check_signed_with_the_token_and_refuse_another() {
        WeChatCallbacks c = callbacks("");
        assertThat(c.verify(signed(NOW, "486452656"), "127.0.0.1")).isEqualTo(new WeChatCallbacks.Answer(200, "6803457263846289"));

        WeChatCallbacks.Query q = signed(NOW, "486452656");
        WeChatCallbacks.Query wrong = new WeChatCallbacks.Query(WeChatServerCallback.signature("another-token", q.timestamp(), q.nonce()),
                q.timestamp(), q.nonce(), q.echostr(), null, null);
        assertThat(c.verify(wrong, "127.0.0.1").status()).isEqualTo(403);
        assertThat(c.verify(new WeChatCallbacks.Query(null, q.timestamp(), q.nonce(), q.echostr(), null, null), "127.0.0.1").status()).isEqualTo(403);
        assertThat(c.verify(new WeChatCallbacks.Query(q.signature(), null, q.nonce(), q.echostr(), null, null), "127.0.0.1").status()).isEqualTo(403);
    }

    @ParameterizedTest
    @CsvSource({"-301, 403", "-299, 200", "299, 200", "301, 403"})
    void should_refuse_a_timestamp_more_than_five_minutes_from_now(long seconds, int status) {
        Instant at = NOW.plusSeconds(seconds);
        WeChatCallbacks.Answer a = callbacks("").receive(signed(at, "1234"), unsubscribe(at).getBytes(StandardCharsets.UTF_8), "127.0.0.1");
        assertThat(a.status()).isEqualTo(status);
        assertThat(optOuts.calls).hasSize(status == 200 ? 1 : 0);
        if (status == 403) {
            assertThat(a.body()).contains("replayed");
        }
    }

    @Test
    void should_record_a_plaintext_unsubscribe_as_an_opt_out_at_its_create_time_and_answer_success() {
        Instant created = NOW.minusSeconds(3);
        WeChatCallbacks.Answer a = callbacks("").receive(signed(NOW, "1234"), unsubscribe(created).getBytes(StandardCharsets.UTF_8), "127.0.0.1");

        assertThat(a).isEqualTo(new WeChatCallbacks.Answer(200, "success"));
        assertThat(optOuts.calls).containsExactly("wechat " + OPENID + " wechat:unsubscribe " + created);
    }

    @Test
    void should_decrypt_a_safe_mode_push_signed_by_msg_signature_and_refuse_a_tampered_one() {
        String aesKey = WeChatServerCallback.newEncodingAesKey();
        String ts = Long.toString(NOW.getEpochSecond());
        String encrypt = WeChatServerCallback.encrypt(WeChatServerCallback.aesKey(aesKey), APP_ID, unsubscribe(NOW),
                "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        byte[] body = ("<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>")
                .getBytes(StandardCharsets.UTF_8);
        String signature = WeChatServerCallback.signature(TOKEN, ts, "99");
        String msgSignature = WeChatServerCallback.signature(TOKEN, ts, "99", encrypt);
        WeChatCallbacks c = callbacks(aesKey);

        assertThat(c.receive(new WeChatCallbacks.Query(signature, ts, "99", null, "aes", msgSignature.replace('a', 'b') + "0"), body, "127.0.0.1")
                .status()).isEqualTo(403);
        String otherEncrypt = WeChatServerCallback.encrypt(WeChatServerCallback.aesKey(aesKey), APP_ID, unsubscribe(NOW).replace(OPENID,
                WeChatServer.openId(8)), "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        byte[] swapped = new String(body, StandardCharsets.UTF_8).replace(encrypt, otherEncrypt).getBytes(StandardCharsets.UTF_8);
        assertThat(c.receive(new WeChatCallbacks.Query(signature, ts, "99", null, "aes", msgSignature), swapped, "127.0.0.1").body())
                .contains("msg_signature does not match");
        assertThat(optOuts.calls).isEmpty();

        assertThat(c.receive(new WeChatCallbacks.Query(signature, ts, "99", null, "aes", msgSignature), body, "127.0.0.1"))
                .isEqualTo(new WeChatCallbacks.Answer(200, "success"));
        assertThat(optOuts.calls).containsExactly("wechat " + OPENID + " wechat:unsubscribe " + NOW);
        assertThat(callbacks("").receive(new WeChatCallbacks.Query(signature, ts, "99", null, "aes", msgSignature), body, "127.0.0.1").body())
                .contains("no EncodingAESKey");
    }

    @Test
    void should_refuse_a_document_type_so_that_no_entity_is_ever_expanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><FromUserName>&e;</FromUserName><MsgType>event</MsgType><Event>unsubscribe</Event></xml>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<xml><FromUserName>&b;</FromUserName><MsgType>event</MsgType><Event>unsubscribe</Event></xml>";
        assertThatThrownBy(() -> WeChatCallbacks.fields(xxe)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> WeChatCallbacks.fields(laughs)).isInstanceOf(IllegalArgumentException.class);

        WeChatCallbacks.Answer a = callbacks("").receive(signed(NOW, "1"), xxe.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
        assertThat(a.status()).isEqualTo(400);
        assertThat(optOuts.calls).isEmpty();
    }

    @Test
    void should_read_the_fields_of_an_xml_or_a_json_message() {
        assertThat(WeChatCallbacks.fields("<xml><MsgID>200163836</MsgID><Status><![CDATA[failed: system failed]]></Status></xml>"))
                .containsEntry("MsgID", "200163836").containsEntry("Status", "failed: system failed");
        assertThat(WeChatCallbacks.fields("{\"ToUserName\":\"gh_97417a04a28d\",\"CreateTime\":1714037059,\"Event\":\"unsubscribe\"}"))
                .containsEntry("CreateTime", "1714037059").containsEntry("Event", "unsubscribe");
        assertThatThrownBy(() -> WeChatCallbacks.fields("<html><body/></html>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeChatCallbacks.fields("")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"success | DELIVRD", "failed:user block | REJECTD", "failed: system failed | UNDELIV",
            "failed:something new | UNDELIV"})
    void should_map_the_status_of_a_template_send_job_finish_to_a_receipt(String status, String receipt) {
        WeChatCallbacks.Event e = WeChatCallbacks.Event.of(Map.of("MsgType", "event", "Event", "TEMPLATESENDJOBFINISH", "MsgID", "200163836",
                "Status", status, "CreateTime", "1714037059"), NOW);
        DeliveryReceipt r = WeChatCallbacks.receipt(e);
        assertThat(r.status()).isEqualTo(receipt);
        assertThat(r.at()).isEqualTo(Instant.ofEpochSecond(1714037059));
        assertThat(r.detail()).startsWith("TEMPLATESENDJOBFINISH " + status);
        assertThat(e.msgId()).isEqualTo("200163836");
    }

    @Test
    void should_be_off_without_a_token_and_refuse_a_malformed_encoding_aes_key_at_start() {
        WeChatCallbacks off = new WeChatCallbacks(new WeChatCallbackConfig("", ""), new WeChatConfig("", "", "南通文广旅"), optOuts, null);
        assertThat(off.configured()).isFalse();
        assertThat(off.verify(signed(NOW, "1"), "127.0.0.1").status()).isEqualTo(404);
        assertThat(off.receive(signed(NOW, "1"), unsubscribe(NOW).getBytes(StandardCharsets.UTF_8), "127.0.0.1").body())
                .contains("not configured", "WECHAT_CALLBACK_TOKEN");
        assertThatThrownBy(() -> callbacks("too-short")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("channel-config/wechat.yml: callback.aes-key");
    }

    @Test
    void should_refuse_a_body_larger_than_any_push() {
        byte[] big = new byte[WeChatCallbacks.MAX_BODY_BYTES + 1];
        assertThat(callbacks("").receive(signed(NOW, "1"), big, "127.0.0.1").status()).isEqualTo(413);
    }
}

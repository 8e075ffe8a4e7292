package cn.gongkai.hub.vendor;

import cn.gongkai.hub.vendor.WeChatServer.Api;
import com.fasterxml.jackson.databind.JsonNode;
import me.chanjar.weixin.mp.bean.material.WxMediaImgUploadResult;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.bean.WxMpMassTagMessage;
import me.chanjar.weixin.mp.bean.draft.WxMpAddDraft;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import me.chanjar.weixin.mp.bean.material.WxMpMaterial;
import me.chanjar.weixin.mp.bean.material.WxMpMaterialUploadResult;
import me.chanjar.weixin.mp.bean.result.WxMpMassSendResult;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeChatServerTest {
    private static final String APP_ID = "wx6a2f1b0c9d8e7f01";
    private static final String SECRET = "3f1c0d5e9a7b42c68e0f1a2b3c4d5e6f";
    private static final String TITLE = "南通市文广旅局2025年政府信息公开工作年度报告";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private WeChatServer server;

    @BeforeEach
    void start() {
        server = WeChatServer.start(APP_ID, SECRET).tag(101);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void should_publish_through_wxjava_from_image_upload_to_delete() throws Exception {
        WxMpService wx = wxJava();
        server.publishingPolls(2);

        WxMediaImgUploadResult body = wx.getMaterialService().mediaImgUpload(file("示意图.jpg", jpeg(64)));
        WxMpMaterialUploadResult cover = wx.getMaterialService().materialFileUpload("image", material(file("封面.png", png(64))));
        String content = "<p>全文如下。</p><p><img src=\"" + body.getUrl() + "\" alt=\"示意图\"></p>";
        String draft = wx.getDraftService().addDraft(draft(TITLE, content, cover.getMediaId()));
        String submitted = wx.getFreePublishService().submit(draft);

        // WxJava returns the JSON string with its quotes (JsonElement.toString()): as it is, WeChat does not know it
        assertThat(submitted).startsWith("\"").endsWith("\"");
        assertThatThrownBy(() -> wx.getFreePublishService().getPushStatus(submitted))
                .isInstanceOfSatisfying(WxErrorException.class, e -> assertThat(e.getError().getErrorCode()).isEqualTo(40097));
        String publishId = submitted.substring(1, submitted.length() - 1);
        WxMpFreePublishStatus first = wx.getFreePublishService().getPushStatus(publishId);
        WxMpFreePublishStatus second = wx.getFreePublishService().getPushStatus(publishId);
        WxMpFreePublishStatus done = wx.getFreePublishService().getPushStatus(publishId);

        assertThat(body.getUrl()).startsWith("http://mmbiz.qpic.cn/sz_mmbiz_jpg/").endsWith("/0");
        assertThat(cover.getUrl()).startsWith("http://mmbiz.qpic.cn/sz_mmbiz_png/");
        assertThat(List.of(first.getPublish_status(), second.getPublish_status(), done.getPublish_status())).containsExactly(1, 1, 0);
        assertThat(done.getArticle_id()).isNotBlank();
        assertThat(done.getArticle_detail().getCount()).isEqualTo(1);
        String articleUrl = done.getArticle_detail().getItem().get(0).getArticle_url();
        assertThat(articleUrl).startsWith("https://mp.weixin.qq.com/s/");
        WeChatServer.Article published = server.publishedArticles().get(0);
        assertThat(published.title()).isEqualTo(TITLE);
        assertThat(published.images()).containsExactly(body.getUrl());
        assertThat(published.thumbMediaId()).isEqualTo(cover.getMediaId());
        WeChatServer.Part upload = server.calls(Api.UPLOAD_IMG).get(0).parts().get(0);
        assertThat(upload.name()).isEqualTo("media");
        assertThat(upload.filename()).isEqualTo("示意图.jpg");

        // a draft that was published has left the draft box
        assertThatThrownBy(() -> wx.getFreePublishService().submit(draft))
                .isInstanceOfSatisfying(WxErrorException.class, e -> assertThat(e.getError().getErrorCode()).isEqualTo(40007));

        assertThat(wx.getFreePublishService().deletePushAllArticle(done.getArticle_id())).isTrue();
        assertThat(server.deletions()).singleElement().satisfies(d -> {
            assertThat(d.api()).isEqualTo(Api.PUBLISH_DELETE);
            assertThat(d.id()).isEqualTo(done.getArticle_id());
            assertThat(d.index()).isZero();
        });
        assertThat(server.publishedArticles()).isEmpty();
        assertThat(wx.getFreePublishService().getPushStatus(publishId).getPublish_status()).isEqualTo(5);
        assertThatThrownBy(() -> wx.getFreePublishService().deletePush("no-such-article", 0))
                .isInstanceOfSatisfying(WxErrorException.class, e -> assertThat(e.getError().getErrorCode()).isEqualTo(53600));
    }

    @Test
    void should_end_a_publication_in_the_switched_status_with_fail_idx() throws Exception {
        WxMpService wx = wxJava();
        server.publishingPolls(0).nextPublicationEnds(4, 1);
        String draft = wx.getDraftService().addDraft(draft(TITLE, "<p>正文</p>", cover(wx)));
        String publishId = unquote(wx.getFreePublishService().submit(draft));

        WxMpFreePublishStatus status = wx.getFreePublishService().getPushStatus(publishId);

        assertThat(status.getPublish_status()).isEqualTo(4);
        assertThat(status.getFail_idx()).containsExactly(1);
        assertThat(status.getArticle_id()).isNull();
        assertThat(server.publishedArticles()).isEmpty();
    }

    @Test
    void should_refuse_content_weChat_would_not_take() throws Exception {
        WxMpService wx = wxJava();
        String cover = cover(wx);

        assertThat(code(() -> wx.getDraftService().addDraft(draft(TITLE, "<p>正文</p><script>alert(1)</script>", cover)))).isEqualTo(45166);
        assertThat(code(() -> wx.getDraftService().addDraft(draft(TITLE, "<img src=\"https://gk.nantong.gov.cn/a.jpg\">", cover)))).isEqualTo(45166);
        assertThat(code(() -> wx.getDraftService().addDraft(draft(TITLE, "字".repeat(WeChatServer.MAX_CONTENT_CHARS), cover)))).isEqualTo(45002);
        assertThat(code(() -> wx.getDraftService().addDraft(draft("题".repeat(33), "<p>正文</p>", cover)))).isEqualTo(45003);
        assertThat(code(() -> wx.getDraftService().addDraft(draft(TITLE, "<p>正文</p>", "not-a-permanent-media-id")))).isEqualTo(40007);
        assertThat(code(() -> wx.getMaterialService().mediaImgUpload(file("a.gif", "GIF89a....".getBytes(StandardCharsets.US_ASCII))))).isEqualTo(40005);
        assertThat(code(() -> wx.getMaterialService().mediaImgUpload(file("big.jpg", oversizedJpeg())))).isEqualTo(40009);

        server.contentPolicy(WeChatServer.ContentPolicy.FILTER);
        String filtered = wx.getDraftService().addDraft(draft(TITLE, "<p onclick=\"x()\">正文</p><script>alert(1)</script><img src=\"https://gk.nantong.gov.cn/a.jpg\">", cover));
        server.publishingPolls(0);
        wx.getFreePublishService().getPushStatus(unquote(wx.getFreePublishService().submit(filtered)));
        WeChatServer.Article cleaned = server.publishedArticles().get(0);
        assertThat(cleaned.content()).contains("正文").doesNotContain("script", "onclick", "gk.nantong.gov.cn");
        assertThat(cleaned.removed()).hasSize(3);
        assertThat(server.calls(Api.DRAFT_ADD)).extracting(WeChatServer.Call::errcode).containsExactly(45166, 45166, 45002, 45003, 40007, 0);
    }

    @Test
    void should_answer_45065_with_the_earlier_msg_id_when_a_clientmsgid_is_sent_again() throws Exception {
        WxMpService wx = wxJava();
        server.massQuota(5);
        String cover = cover(wx);
        WxMpMassSendResult sent = wx.getMassMessageService().massGroupMessageSend(mass(wx.getDraftService().addDraft(draft(TITLE, "<p>正文</p>", cover)), 101L, "delivery-42"));
        String again = wx.getDraftService().addDraft(draft(TITLE, "<p>正文</p>", cover));

        assertThat(code(() -> wx.getMassMessageService().massGroupMessageSend(mass(again, 101L, "delivery-42")))).isEqualTo(45066);
        server.advance(Duration.ofMinutes(2));
        WxErrorException duplicate = (WxErrorException) catchThrowable(() -> wx.getMassMessageService().massGroupMessageSend(mass(again, 101L, "delivery-42")));

        assertThat(sent.getErrorCode()).isEqualTo("0");
        assertThat(duplicate.getError().getErrorCode()).isEqualTo(45065);
        // WxJava has no field for it: the earlier msg_id is only in the raw reply WxError keeps
        JsonNode raw = VendorHttp.JSON.readTree(duplicate.getError().getJson());
        assertThat(raw.path("msg_id").asText()).isEqualTo(sent.getMsgId());
        assertThat(wx.getMassMessageService().messageMassGet(Long.parseLong(sent.getMsgId())).getMsgstatus()).isEqualTo("SEND_SUCCESS");
        assertThat(server.massSends()).singleElement().satisfies(s -> {
            assertThat(s.clientMsgId()).isEqualTo("delivery-42");
            assertThat(s.tagId()).isEqualTo(101L);
            assertThat(s.articles().get(0).title()).isEqualTo(TITLE);
        });
        JsonNode request = server.calls(Api.MASS_SENDALL).get(0).json();
        assertThat(request.path("filter").path("is_to_all").asBoolean()).isFalse();
        assertThat(request.path("msgtype").asText()).isEqualTo("mpnews");

        wx.getMassMessageService().delete(Long.parseLong(sent.getMsgId()), 0);
        assertThat(wx.getMassMessageService().messageMassGet(Long.parseLong(sent.getMsgId())).getMsgstatus()).isEqualTo("DELETE");
        assertThat(server.deletions()).extracting(WeChatServer.Deletion::api).containsExactly(Api.MASS_DELETE);
    }

    @Test
    void should_refuse_a_mass_send_past_the_daily_quota_with_45028() throws Exception {
        WxMpService wx = wxJava();
        String cover = cover(wx);
        wx.getMassMessageService().massGroupMessageSend(mass(wx.getDraftService().addDraft(draft(TITLE, "<p>一</p>", cover)), null, "d-1"));
        String second = wx.getDraftService().addDraft(draft(TITLE, "<p>二</p>", cover));

        assertThat(code(() -> wx.getMassMessageService().massGroupMessageSend(mass(second, null, "d-2")))).isEqualTo(45028);
        assertThat(code(() -> wx.getMassMessageService().massGroupMessageSend(mass(second, 999L, "d-3")))).isEqualTo(45159);
        server.advance(Duration.ofDays(1));
        assertThat(wx.getMassMessageService().massGroupMessageSend(mass(second, null, "d-2")).getMsgId()).isNotBlank();
        assertThat(server.massSends()).extracting(WeChatServer.MassSend::toAll).containsExactly(true, true);
    }

    @Test
    void should_let_two_wxjava_instances_share_one_stable_token() throws Exception {
        WxMpService one = wxJava();
        WxMpService two = wxJava();

        assertThat(one.getAccessToken()).isEqualTo(two.getAccessToken());
        assertThat(server.tokenIssues()).isEqualTo(1);
        assertThat(server.calls(Api.STABLE_TOKEN)).hasSize(2).allSatisfy(c -> {
            assertThat(c.json().path("appid").asText()).isEqualTo(APP_ID);
            assertThat(c.json().path("grant_type").asText()).isEqualTo("client_credential");
            assertThat(c.json().path("force_refresh").asBoolean()).isFalse();
        });
    }

    @Test
    void should_see_wxjava_refresh_and_retry_once_by_itself_on_an_expired_token() throws Exception {
        WxMpService wx = wxJava();
        String before = wx.getAccessToken();
        server.expireTokensNow();

        wx.getMaterialService().mediaImgUpload(file("a.jpg", jpeg(8)));

        assertThat(server.calls(Api.UPLOAD_IMG)).extracting(WeChatServer.Call::errcode).containsExactly(42001, 0);
        assertThat(server.calls(Api.STABLE_TOKEN)).hasSize(2);
        assertThat(wx.getAccessToken()).isNotEqualTo(before).isEqualTo(server.currentStableToken());
    }

    @Test
    void should_see_wxjava_retry_40001_once_with_the_same_stable_token_and_then_give_up() throws Exception {
        WxMpService wx = wxJava();
        wx.getAccessToken();
        server.failNext(Api.UPLOAD_IMG, 40001, 1);
        wx.getMaterialService().mediaImgUpload(file("a.jpg", jpeg(8)));
        // the normal-mode stable_token call hands back the same token: WxJava's retry runs on it
        assertThat(server.tokenIssues()).isEqualTo(1);
        assertThat(server.calls(Api.STABLE_TOKEN)).hasSize(2);

        server.failNext(Api.UPLOAD_IMG, 40014, 2);
        assertThat(code(() -> wx.getMaterialService().mediaImgUpload(file("a.jpg", jpeg(8))))).isEqualTo(40014);
        assertThat(server.calls(Api.UPLOAD_IMG)).extracting(WeChatServer.Call::errcode).containsExactly(40001, 0, 40014, 40014);
    }

    @Test
    void should_see_wxjava_resend_by_itself_on_system_busy_but_not_on_rate_limits() throws Exception {
        WxMpService wx = wxJava();
        wx.setRetrySleepMillis(1);
        String cover = cover(wx);
        String draft = wx.getDraftService().addDraft(draft(TITLE, "<p>正文</p>", cover));
        server.failNext(Api.MASS_SENDALL, -1, 2);

        assertThat(wx.getMassMessageService().massGroupMessageSend(mass(draft, null, "d-busy")).getMsgId()).isNotBlank();
        assertThat(server.calls(Api.MASS_SENDALL)).extracting(WeChatServer.Call::errcode).containsExactly(-1, -1, 0);

        server.failNext(Api.MASS_SENDALL, 45009, 1).failNext(Api.MASS_SENDALL, 45011, 1);
        assertThat(code(() -> wx.getMassMessageService().massGroupMessageSend(mass(draft, null, "d-2")))).isEqualTo(45009);
        assertThat(code(() -> wx.getMassMessageService().massGroupMessageSend(mass(draft, null, "d-2")))).isEqualTo(45011);
        server.failUntilCleared(Api.MASS_SENDALL, -1);
        assertThatThrownBy(() -> wx.getMassMessageService().massGroupMessageSend(mass(draft, null, "d-3"))).isInstanceOf(WxRuntimeException.class);
    }

    @Test
    void should_check_credentials_and_tokens_as_weChat_documents_for_a_hand_built_client() throws Exception {
        assertThat(get("/cgi-bin/token?grant_type=client_credential&appid=" + APP_ID + "&secret=wrong").path("errcode").asInt()).isEqualTo(40125);
        assertThat(get("/cgi-bin/token?grant_type=client_credential&appid=wx0000000000000000&secret=" + SECRET).path("errcode").asInt()).isEqualTo(40013);
        assertThat(post("/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID + "\"}").path("errcode").asInt()).isEqualTo(41004);
        assertThat(post("/cgi-bin/stable_token", "grant_type=client_credential").path("errcode").asInt()).isEqualTo(47001);

        String plain = get("/cgi-bin/token?grant_type=client_credential&appid=" + APP_ID + "&secret=" + SECRET).path("access_token").asText();
        String plainNext = get("/cgi-bin/token?grant_type=client_credential&appid=" + APP_ID + "&secret=" + SECRET).path("access_token").asText();
        server.advance(Duration.ofMinutes(4));
        assertThat(massGet(plain).path("errcode").asInt()).isEqualTo(40097);
        server.advance(Duration.ofMinutes(2));
        assertThat(massGet(plain).path("errcode").asInt()).isEqualTo(42001);
        assertThat(massGet(plainNext).path("errcode").asInt()).isEqualTo(40097);

        String stable = stable(false).path("access_token").asText();
        assertThat(stable(false).path("access_token").asText()).isEqualTo(stable);
        JsonNode forced = stable(true);
        assertThat(forced.path("access_token").asText()).isNotEqualTo(stable);
        assertThat(forced.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(massGet(stable).path("errcode").asInt()).isEqualTo(40001);
        assertThat(stable(true).path("access_token").asText()).as("a force refresh within 30 s does not refresh").isEqualTo(forced.path("access_token").asText());

        assertThat(post("/cgi-bin/message/mass/get", "{\"msg_id\":1}").path("errcode").asInt()).isEqualTo(41001);
        assertThat(massGet("not-a-token").path("errcode").asInt()).isEqualTo(40014);
        JsonNode refused = massGet("97_" + "A".repeat(150));
        assertThat(refused.path("errcode").asInt()).isEqualTo(40001);
        assertThat(refused.path("errmsg").asText()).startsWith("invalid credential, access_token is invalid or not latest rid: ");
        assertThat(server.tokenIssues()).isEqualTo(4);
    }

    @Test
    void should_speak_the_documented_json_to_a_hand_built_client() throws Exception {
        String token = stable(false).path("access_token").asText();
        String thumb = uploadByHand(token, "/cgi-bin/material/add_material?type=thumb", jpeg(8)).path("media_id").asText();
        JsonNode draft = post("/cgi-bin/draft/add?access_token=" + token,
                "{\"articles\":[{\"title\":\"" + TITLE + "\",\"content\":\"<p>正文</p>\",\"thumb_media_id\":\"" + thumb + "\"}]}");
        JsonNode submitted = post("/cgi-bin/freepublish/submit?access_token=" + token, "{\"media_id\":\"" + draft.path("media_id").asText() + "\"}");

        assertThat(submitted.path("errcode").asInt()).isZero();
        assertThat(submitted.path("publish_id").isTextual()).isTrue();
        String publishId = submitted.path("publish_id").asText();
        JsonNode publishing = post("/cgi-bin/freepublish/get?access_token=" + token, "{\"publish_id\":\"" + publishId + "\"}");
        assertThat(publishing.path("publish_status").asInt()).isEqualTo(1);
        JsonNode done = post("/cgi-bin/freepublish/get?access_token=" + token, "{\"publish_id\":\"" + publishId + "\"}");
        assertThat(done.path("publish_status").asInt()).isZero();
        assertThat(done.path("article_detail").path("item").get(0).path("idx").asInt()).isEqualTo(1);
        assertThat(done.path("fail_idx").isArray()).isTrue();

        JsonNode mass = post("/cgi-bin/message/mass/sendall?access_token=" + token,
                "{\"filter\":{\"is_to_all\":true},\"mpnews\":{\"media_id\":\"gone\"},\"msgtype\":\"mpnews\",\"clientmsgid\":\"" + "x".repeat(65) + "\"}");
        assertThat(mass.path("errcode").asInt()).isEqualTo(45067);
        assertThat(post("/cgi-bin/draft/add?access_token=" + token, "{not json").path("errcode").asInt()).isEqualTo(47001);
        assertThat(get("/cgi-bin/stable_token").path("errcode").asInt()).isEqualTo(43002);
    }

    @Test
    void should_hold_a_call_past_the_clients_timeout_until_healed() throws Exception {
        String token = stable(false).path("access_token").asText();
        server.hangNext(Api.MASS_GET, 1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/cgi-bin/message/mass/get?access_token=" + token))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString("{\"msg_id\":1}")).build();

        assertThatThrownBy(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        server.heal();
        assertThat(massGet(token).path("errcode").asInt()).isEqualTo(40097);
    }

    // ---- WxJava, as the hub will set it up

    private WxMpService wxJava() {
        WxMpDefaultConfigImpl config = new WxMpDefaultConfigImpl();
        config.setAppId(APP_ID);
        config.setSecret(SECRET);
        config.useStableAccessToken(true);
        config.setHostConfig(WxMpHostConfig.builder().apiHost(server.baseUrl()).build());
        WxMpService wx = new WxMpServiceImpl();
        wx.setWxMpConfigStorage(config);
        return wx;
    }

    private String cover(WxMpService wx) throws Exception {
        return wx.getMaterialService().materialFileUpload("image", material(file("cover.jpg", jpeg(32)))).getMediaId();
    }

    private static WxMpAddDraft draft(String title, String content, String thumbMediaId) {
        return WxMpAddDraft.builder().articles(List.of(WxMpDraftArticles.builder()
                .title(title).author("市文广旅局").content(content).thumbMediaId(thumbMediaId).build())).build();
    }

    private static WxMpMassTagMessage mass(String mediaId, Long tagId, String clientMsgId) {
        WxMpMassTagMessage m = new WxMpMassTagMessage();
        m.setMsgType("mpnews");
        m.setMediaId(mediaId);
        m.setTagId(tagId);
        m.setSendAll(tagId == null);
        m.setClientMsgId(clientMsgId);
        return m;
    }

    private static WxMpMaterial material(File f) {
        WxMpMaterial m = new WxMpMaterial();
        m.setName(f.getName());
        m.setFile(f);
        return m;
    }

    private File file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p.toFile();
    }

    private static byte[] jpeg(int side) throws IOException {
        return image("jpg", side);
    }

    private static byte[] png(int side) throws IOException {
        return image("png", side);
    }

    private static byte[] image(String format, int side) throws IOException {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                img.setRGB(x, y, (x * 7919 + y * 104729) & 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    /** A JPEG's magic bytes followed by 1 MB of padding: WeChat checks size, not pixels. */
    private static byte[] oversizedJpeg() throws IOException {
        byte[] small = jpeg(8);
        byte[] big = new byte[1024 * 1024 + small.length];
        System.arraycopy(small, 0, big, 0, small.length);
        return big;
    }

    private static String unquote(String s) {
        return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable catchThrowable(Call call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an exception");
    }

    private static int code(Call call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(WxErrorException.class);
        return ((WxErrorException) t).getError().getErrorCode();
    }

    // ---- a client by hand

    private JsonNode stable(boolean force) throws Exception {
        return post("/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"appid\":\"" + APP_ID + "\",\"secret\":\"" + SECRET
                + "\",\"force_refresh\":" + force + "}");
    }

    private JsonNode massGet(String token) throws Exception {
        return post("/cgi-bin/message/mass/get?access_token=" + token, "{\"msg_id\":\"1\"}");
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery)).GET().build();
        return VendorHttp.JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(String pathAndQuery, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return VendorHttp.JSON.readTree(response.body());
    }

    private JsonNode uploadByHand(String token, String pathAndQuery, byte[] image) throws Exception {
        String boundary = "gongkai" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"封面.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(image);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery + "&access_token=" + token))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return VendorHttp.JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}

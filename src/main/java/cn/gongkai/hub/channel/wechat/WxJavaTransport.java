package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.wechat.WeChatSteps.Step;
import cn.gongkai.hub.channel.wechat.WeChatSteps.Steps;
import cn.gongkai.hub.delivery.DeliveryReceipt;
import cn.gongkai.hub.delivery.Receipts;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.Catalogue;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.WxMpMassTagMessage;
import me.chanjar.weixin.mp.bean.draft.WxMpAddDraft;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import me.chanjar.weixin.mp.bean.material.WxMpMaterial;
import me.chanjar.weixin.mp.bean.result.WxMpMassSendResult;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The official account through WxJava ({@code weixin-java-mp}), every call's result recorded per delivery
 * ({@link WeChatSteps}) before the next call, so a retry or a crash resumes and never publishes twice.
 *
 * <p><b>The article</b> (target {@code account}): each image of the item that the body shows goes through
 * {@code POST /cgi-bin/media/uploadimg} and the article keeps only the URL it returns; the cover is the first of them
 * as permanent material ({@code POST /cgi-bin/material/add_material?type=image}), else {@code default-cover};
 * {@code POST /cgi-bin/draft/add}, {@code POST /cgi-bin/freepublish/submit}, then {@code POST /cgi-bin/freepublish/get}:
 * 0 → SENT with the article URL as the reference; 2, 3, 4, 6 → FAILED with the status and {@code fail_idx}; 1 →
 * PENDING: the engine brings the delivery back after {@code poll-interval} and it only looks again. A submit whose
 * answer never came → IN_DOUBT; when a person sends it again, the same draft is submitted, and WeChat takes a draft
 * once (40007 after it was published), so it cannot be published twice.
 *
 * <p><b>The push to followers</b> (target {@code followers}, for the columns in {@code mass-send}): its own draft (a
 * draft is used up by a publication or a mass send), then {@code POST /cgi-bin/message/mass/sendall} (mpnews, to all or
 * to a tag) with the delivery id as {@code clientmsgid}, so WeChat sends it at most once: a resend after a lost answer
 * gets 45065 with the earlier msg_id, checked with {@code POST /cgi-bin/message/mass/get} → SENT. 45028 (no quota left)
 * → FAILED with the quota state; 45009, 45011, -1 and a lost answer → retried.
 *
 * <p><b>Targeted notices</b> (an item with a notice, one delivery per follower): a template message each,
 * {@code POST /cgi-bin/message/template/send} ({@link WxTemplateSender}); no immediate receipt, the
 * {@code TEMPLATESENDJOBFINISH} event reports whether it reached the follower.
 *
 * <p><b>Withdrawal</b>: {@code POST /cgi-bin/freepublish/delete} of each article of the item this transport published,
 * {@code POST /cgi-bin/message/mass/delete} of each of its mass sends (followers keep the card they already got).
 *
 * <p>The access token is the stable one ({@code POST /cgi-bin/stable_token}), shared by every instance through Redis
 * ({@link SharedTokenStorage}); WxJava refreshes it once and retries on 40001, 40014, 42001. WxJava's own resending of
 * a call answered -1 (up to 5 times, sleeping) is off: a mass send is never repeated blindly, the engine retries.
 */
@Singleton
@Named("wechat")
@Requires(property = "hub.channels.wechat.selected.wechat", value = "true")
public class WxJavaTransport implements WeChatTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WxJavaTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** The target of the article; the channel's one target before mass sends. */
    static final String ACCOUNT = "account";
    /** The target of the push to followers. */
    static final String FOLLOWERS = "followers";
    /** Codes that mean "not now": busy, the daily or per-minute API limit, a token that stayed invalid after WxJava's refresh. */
    private static final Set<Integer> RETRY = Set.of(-1, 45009, 45011, 40001, 40014, 42001);

    private final WxJavaConfig config;
    private final WeChatSteps steps;
    private final AttachmentStore attachments;
    private final Receipts receipts;
    private final MassTarget.Plan mass;
    private final Path defaultCover;
    private final WxMpService wx;
    private final HubHttpClientBuilder http;
    private final WxTemplateSender templates;
    private final AtomicBoolean down = new AtomicBoolean();

    public WxJavaTransport(WxJavaConfig config, WeChatSteps steps, AttachmentStore attachments, Receipts receipts, Catalogue catalogue,
                           RedisAccess redis, RedisKeys keys) {
        this.config = config;
        this.steps = steps;
        this.attachments = attachments;
        this.receipts = receipts;
        this.mass = MassTarget.Plan.of(config.massSend(), catalogue);
        this.defaultCover = Path.of(config.defaultCover().strip());
        if (!Files.isRegularFile(defaultCover) || !isJpeg(defaultCover)) {
            throw new ConfigException("channel-config/wechat.yml: wechat.default-cover: " + defaultCover + " is not a readable JPEG file");
        }
        SharedTokenStorage storage = new SharedTokenStorage(new RedisWxOps(redis, config.timeout().multipliedBy(3).plusSeconds(1)),
                keys.wechatToken(config.appId()), keys.wechatTokenLock(config.appId()));
        storage.setAppId(config.appId());
        storage.setSecret(config.appSecret());
        storage.setHostConfig(WxMpHostConfig.builder().apiHost(config.apiHost().replaceAll("/+$", "")).build());
        this.http = new HubHttpClientBuilder(config.timeout());
        storage.setApacheHttpClientBuilder(http);
        HubWxMpService service = new HubWxMpService();
        service.setWxMpConfigStorage(storage);
        this.wx = service;
        this.templates = new WxTemplateSender(service, steps, config.apiHost());
    }

    @Override
    public String name() {
        return "wechat";
    }

    /**
     * Every step is recorded before the next, and a mass send carries its clientmsgid: a resend resumes. A template
     * message records its attempt before the call goes out, so one the engine hands over again after a crash is left
     * IN_DOUBT by {@link WxTemplateSender} instead of being sent twice.
     */
    @Override
    public boolean resendSafe() {
        return true;
    }

    @Override
    public boolean pushesToFollowers() {
        return !mass.byColumn().isEmpty();
    }

    /** WxJava, as this transport set it up (tests read the shared token through it). */
    WxMpService wx() {
        return wx;
    }

    @Override
    public List<DeliveryOutcome> send(List<Addressed<WeChatMessage>> batch) throws ChannelUnavailableException {
        if (!batch.isEmpty() && batch.get(0).message() instanceof WeChatMessage.Template) {
            token();
            List<DeliveryOutcome> out = templates.send(batch);
            answersAgain();
            LOG.info("wechat notices via wechat: {} of {} sent, {} refused, {} in doubt, {} to retry", count(out, DeliveryOutcome.Kind.SENT),
                    batch.size(), count(out, DeliveryOutcome.Kind.REJECTED), count(out, DeliveryOutcome.Kind.IN_DOUBT),
                    count(out, DeliveryOutcome.Kind.UNAVAILABLE));
            return out;
        }
        List<DeliveryOutcome> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Addressed<WeChatMessage> a = batch.get(i);
            try {
                token();
                out.add(sendOne(a.delivery(), a.message()));
            } catch (ChannelUnavailableException e) {
                if (out.isEmpty()) {
                    throw e;
                }
                for (int j = i; j < batch.size(); j++) {
                    out.add(DeliveryOutcome.unavailable(batch.get(j).delivery().id(), e.getMessage()));
                }
                break;
            }
        }
        answersAgain();
        LOG.info("wechat via wechat: {} of {} sent, {} failed, {} waiting for WeChat, {} to retry", count(out, DeliveryOutcome.Kind.SENT),
                batch.size(), count(out, DeliveryOutcome.Kind.REJECTED), count(out, DeliveryOutcome.Kind.PENDING),
                count(out, DeliveryOutcome.Kind.UNAVAILABLE));
        return out;
    }

    private void answersAgain() {
        if (down.compareAndSet(true, false)) {
            LOG.info("The WeChat API at {} answers again", config.apiHost());
        }
    }

    private static long count(List<DeliveryOutcome> out, DeliveryOutcome.Kind kind) {
        return out.stream().filter(o -> o.kind() == kind).count();
    }

    private DeliveryOutcome sendOne(Delivery d, WeChatMessage m) {
        try {
            if (m instanceof WeChatMessage.Deletion del) {
                return withdraw(d, del);
            }
            WeChatMessage.Draft draft = (WeChatMessage.Draft) m;
            return FOLLOWERS.equals(d.target().id()) ? massSend(d, draft) : publish(d, draft);
        } catch (StepFailed f) {
            return f.outcome;
        }
    }

    /** The token first, so a wrong secret or an unreachable API stops the batch before anything is sent. */
    private void token() throws ChannelUnavailableException {
        try {
            wx.getAccessToken();
        } catch (WxErrorException e) {
            int code = e.getError().getErrorCode();
            String why = Set.of(40125, 40001, 41004).contains(code) ? ": check WECHAT_APP_SECRET" : code == 40013 ? ": check wechat.app-id"
                    : code == 40164 ? ": add this server's address to the account's IP whitelist" : "";
            throw unavailable("WeChat refused the access token (stable_token " + describe(e.getError()) + ")" + why);
        } catch (WxRuntimeException e) {
            throw unavailable("cannot get an access token from " + config.apiHost() + " (" + rootMessage(e) + ")");
        }
    }

    private ChannelUnavailableException unavailable(String reason) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("WeChat articles wait: {}", reason);
        }
        return new ChannelUnavailableException(reason);
    }

    // ---- the article

    private DeliveryOutcome publish(Delivery d, WeChatMessage.Draft draft) throws StepFailed {
        String id = d.id();
        Steps s = begin(d);
        if (s.has(Step.ARTICLE_URL)) {
            return DeliveryOutcome.sent(new Receipt(id, 1, 1, s.get(Step.ARTICLE_URL)));
        }
        if (!s.has(Step.PUBLISH_ID)) {
            String draftId = draft(d, s, draft);
            boolean again = s.has(Step.SUBMITTING);
            steps.record(id, Step.SUBMITTING, Instant.now().toString());
            String publishId;
            try {
                publishId = unquote(wx.getFreePublishService().submit(draftId));
            } catch (WxErrorException e) {
                Failure f = Failure.of(e);
                if (f == Failure.NO_ANSWER) {
                    throw new StepFailed(DeliveryOutcome.inDoubt(id, "freepublish/submit of draft " + draftId + " got no answer ("
                            + rootMessage(e) + "): the article may be published; see 发表记录 in the WeChat admin. Sent again, the same"
                            + " draft is submitted, which WeChat publishes once at most"));
                }
                if (f == Failure.ANSWERED && e.getError().getErrorCode() == 40007) {
                    if (again) {
                        throw new StepFailed(DeliveryOutcome.inDoubt(id, "freepublish/submit: draft " + draftId + " is no longer in the"
                                + " draft box (40007), so the earlier submit whose answer was lost most likely took it: the article is"
                                + " probably published; see 发表记录 in the WeChat admin"));
                    }
                    steps.forget(id, Step.DRAFT);
                    steps.forget(id, Step.SUBMITTING);
                    throw new StepFailed(DeliveryOutcome.unavailable(id, "freepublish/submit: draft " + draftId
                            + " was removed from the draft box (40007); a new draft is made on the next try"));
                }
                steps.forget(id, Step.SUBMITTING);
                throw new StepFailed(failed(id, "freepublish/submit", e, s));
            }
            // the publish_id first: from here on the delivery only looks
            steps.record(id, Step.PUBLISH_ID, publishId);
            steps.record(id, Step.SUBMITTED_AT, Instant.now().toString());
            steps.forget(id, Step.SUBMITTING);
            s = steps.load(id);
        }
        return poll(d, s);
    }

    private DeliveryOutcome poll(Delivery d, Steps s) throws StepFailed {
        String id = d.id();
        String publishId = s.get(Step.PUBLISH_ID);
        WxMpFreePublishStatus st;
        try {
            st = wx.getFreePublishService().getPushStatus(publishId);
        } catch (WxErrorException e) {
            throw new StepFailed(failed(id, "freepublish/get of publish_id " + publishId, e, s));
        }
        int status = st.getPublish_status() == null ? -1 : st.getPublish_status();
        String failIdx = st.getFail_idx() == null ? "[]" : st.getFail_idx().toString();
        switch (status) {
            case 0 -> {
                String url = st.getArticle_detail() == null || st.getArticle_detail().getItem() == null || st.getArticle_detail().getItem().isEmpty()
                        ? null : st.getArticle_detail().getItem().get(0).getArticle_url();
                steps.record(id, Step.ARTICLE_ID, String.valueOf(st.getArticle_id()));
                String reference = url == null || url.isBlank() ? "article_id " + st.getArticle_id() : url;
                steps.record(id, Step.ARTICLE_URL, reference);
                report(reference, "freepublish/get publish_status 0 (published); " + steps.load(id).summary());
                return DeliveryOutcome.sent(new Receipt(id, 1, 1, reference));
            }
            case 1 -> {
                Instant since = s.has(Step.SUBMITTED_AT) ? Instant.parse(s.get(Step.SUBMITTED_AT)) : Instant.now();
                if (Duration.between(since, Instant.now()).compareTo(config.publishTimeout()) > 0) {
                    return DeliveryOutcome.inDoubt(id, "WeChat is still publishing publish_id " + publishId + " after "
                            + config.publishTimeout().toHours() + " h (publish_status 1); see 发表记录 in the WeChat admin");
                }
                return DeliveryOutcome.pending(id, "WeChat is publishing (freepublish/get publish_status 1); looking again in "
                        + config.pollInterval().toSeconds() + " s; " + s.summary(), config.pollInterval());
            }
            case 2, 3, 4, 6 -> {
                return DeliveryOutcome.rejected(id, "WeChat did not publish it: freepublish/get publish_status " + status + " ("
                        + statusText(status) + "), fail_idx " + failIdx + "; " + s.summary());
            }
            case 5 -> {
                return DeliveryOutcome.rejected(id, "the article was deleted on WeChat (freepublish/get publish_status 5); " + s.summary());
            }
            default -> {
                return DeliveryOutcome.unavailable(id, "freepublish/get answered publish_status " + status + "; " + s.summary());
            }
        }
    }

    private static String statusText(int status) {
        return switch (status) {
            case 2 -> "original-content check failed";
            case 3 -> "normal failure";
            case 4 -> "rejected by the platform's review";
            case 6 -> "banned after publishing";
            default -> "status " + status;
        };
    }

    // ---- the push to followers

    private DeliveryOutcome massSend(Delivery d, WeChatMessage.Draft draft) throws StepFailed {
        String id = d.id();
        Optional<MassTarget> to = mass.forColumn(draft.category());
        Steps s = steps.load(id);
        if (s.has(Step.MSG_ID)) {
            return DeliveryOutcome.sent(new Receipt(id, 1, 1, s.get(Step.MSG_ID)));
        }
        if (to.isEmpty()) {
            return DeliveryOutcome.skipped(id, "column " + draft.category() + " is published without a push to followers (wechat.mass-send)");
        }
        s = begin(d);
        String draftId = draft(d, s, draft);
        WxMpMassTagMessage message = new WxMpMassTagMessage();
        message.setMsgType("mpnews");
        message.setMediaId(draftId);
        message.setSendAll(to.get().toAll());
        message.setTagId(to.get().tagId());
        message.setClientMsgId(clientMsgId(id));
        String msgId;
        String msgDataId = null;
        String how;
        try {
            WxMpMassSendResult r = wx.getMassMessageService().massGroupMessageSend(message);
            msgId = r.getMsgId();
            msgDataId = r.getMsgDataId();
            how = "message/mass/sendall to " + to.get();
        } catch (WxErrorException e) {
            Failure f = Failure.of(e);
            int code = f == Failure.ANSWERED ? e.getError().getErrorCode() : 0;
            if (code == 45065) {
                msgId = earlierMsgId(e.getError());
                if (msgId == null) {
                    throw new StepFailed(DeliveryOutcome.inDoubt(id, "message/mass/sendall: 45065 (clientmsgid " + clientMsgId(id)
                            + " was sent already) without the earlier msg_id; see 群发记录 in the WeChat admin"));
                }
                how = "an earlier message/mass/sendall with clientmsgid " + clientMsgId(id) + " (45065), mass/get: " + massStatus(msgId);
            } else if (code == 45028) {
                long today = steps.massSends(config.appId(), LocalDate.now(BEIJING));
                throw new StepFailed(DeliveryOutcome.rejected(id, "quota used up: WeChat answered 45028 (" + message(e.getError())
                        + ") to message/mass/sendall; mass sends through this hub today (Beijing time): " + today
                        + "; a subscription account may mass-send once a day, a service account's followers get 4 a month"
                        + "; the article itself is published by its own delivery"));
            } else if (code == 45066 || f == Failure.NO_ANSWER) {
                // WeChat de-duplicates by clientmsgid: trying again is safe, and tells whether it went out (45065)
                throw new StepFailed(DeliveryOutcome.unavailable(id, "message/mass/sendall: " + (f == Failure.NO_ANSWER
                        ? "no answer (" + rootMessage(e) + ")" : describe(e.getError())) + "; tried again with the same clientmsgid"));
            } else if (code == 40007) {
                steps.forget(id, Step.DRAFT);
                throw new StepFailed(DeliveryOutcome.unavailable(id, "message/mass/sendall: draft " + draftId
                        + " is no longer in the draft box (40007); a new draft is made on the next try"));
            } else {
                throw new StepFailed(failed(id, "message/mass/sendall", e, s));
            }
        }
        steps.record(id, Step.MSG_ID, msgId);
        if (msgDataId != null) {
            steps.record(id, Step.MSG_DATA_ID, msgDataId);
            steps.countMassSend(config.appId(), LocalDate.now(BEIJING));
        }
        report(msgId, how + "; " + steps.load(id).summary());
        return DeliveryOutcome.sent(new Receipt(id, 1, 1, msgId));
    }

    /** The delivery id (channel, dot, 24 hex digits: 31 bytes; WeChat takes up to 64). */
    static String clientMsgId(String deliveryId) {
        return deliveryId.length() <= 64 ? deliveryId : deliveryId.substring(deliveryId.length() - 64);
    }

    /** WxJava keeps no field for it: 45065 carries the earlier send's msg_id only in the raw reply. */
    private static String earlierMsgId(WxError error) {
        try {
            JsonNode raw = error.getJson() == null ? null : JSON.readTree(error.getJson());
            JsonNode v = raw == null ? null : raw.get("msg_id");
            return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private String massStatus(String msgId) {
        try {
            return wx.getMassMessageService().messageMassGet(Long.parseLong(msgId)).getMsgstatus();
        } catch (WxErrorException | RuntimeException e) {
            return "not checked (" + e.getMessage() + ")";
        }
    }

    // ---- steps both share: images, cover, draft

    /** Records what the delivery is for (once), so a withdrawal finds it. */
    private Steps begin(Delivery d) {
        Steps s = steps.load(d.id());
        if (!s.has(Step.ITEM)) {
            steps.record(d.id(), Step.VERSION, String.valueOf(d.version()));
            steps.record(d.id(), Step.TARGET, d.target().id());
            steps.record(d.id(), Step.ITEM, d.itemId());
            steps.index(d.itemId(), d.id());
            s = steps.load(d.id());
        }
        return s;
    }

    /** The draft's media_id: uploads what is not uploaded yet, then {@code draft/add}. */
    private String draft(Delivery d, Steps s, WeChatMessage.Draft draft) throws StepFailed {
        String id = d.id();
        if (s.has(Step.DRAFT)) {
            return s.get(Step.DRAFT);
        }
        for (Attachment a : draft.images()) {
            if (!s.images().containsKey(a.name())) {
                String url = upload(id, a, s);
                steps.recordImage(id, a.name(), url);
                s.images().put(a.name(), url);
            }
        }
        if (!s.has(Step.COVER)) {
            String cover = cover(id, draft, s);
            steps.record(id, Step.COVER, cover);
            s.values().put(Step.COVER, cover);
        }
        List<WxMpDraftArticles> articles = new ArrayList<>();
        for (WeChatMessage.Article a : draft.articles()) {
            articles.add(WxMpDraftArticles.builder().title(a.title()).author(a.author()).digest(a.digest())
                    .content(withImages(a.content(), s)).contentSourceUrl(a.contentSourceUrl()).thumbMediaId(s.get(Step.COVER))
                    .needOpenComment(a.needOpenComment()).build());
        }
        String mediaId;
        try {
            mediaId = wx.getDraftService().addDraft(WxMpAddDraft.builder().articles(articles).build());
        } catch (WxErrorException e) {
            // a draft/add that went unanswered leaves at most an unused draft in the draft box
            throw new StepFailed(failed(id, "draft/add", e, s));
        }
        steps.record(id, Step.DRAFT, mediaId);
        s.values().put(Step.DRAFT, mediaId);
        return mediaId;
    }

    /** The content with each {@code attachments/<name>} image pointing at its uploaded URL. */
    private static String withImages(String content, Steps s) {
        Document doc = Jsoup.parseBodyFragment(content);
        doc.outputSettings(cn.gongkai.hub.channel.render.MarkdownHtml.outputSettings());
        boolean changed = false;
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            String name = src.startsWith(WeChatRenderer.ATTACHMENTS) ? src.substring(WeChatRenderer.ATTACHMENTS.length()) : null;
            String url = name == null ? null : s.images().get(name);
            if (url == null) {
                img.remove();
            } else {
                img.attr("src", url);
            }
            changed = true;
        }
        return changed ? doc.body().html() : content;
    }

    private String upload(String id, Attachment a, Steps s) throws StepFailed {
        Path file = copy(id, a);
        try {
            return wx.getMaterialService().mediaImgUpload(file.toFile()).getUrl();
        } catch (WxErrorException e) {
            int code = Failure.of(e) == Failure.ANSWERED ? e.getError().getErrorCode() : 0;
            if (code == 40005 || code == 40009) {
                throw new StepFailed(DeliveryOutcome.rejected(id, "media/uploadimg refused image " + a.name() + " (" + describe(e.getError())
                        + "): an article's images must be JPEG or PNG under 1 MB"));
            }
            throw new StepFailed(failed(id, "media/uploadimg of " + a.name(), e, s));
        } finally {
            delete(file);
        }
    }

    private String cover(String id, WeChatMessage.Draft draft, Steps s) throws StepFailed {
        Optional<Attachment> first = draft.images().stream().findFirst();
        Path file = first.isPresent() ? copy(id, first.get()) : defaultCover;
        String what = first.map(a -> "cover " + a.name()).orElse("default cover " + defaultCover);
        try {
            WxMpMaterial material = new WxMpMaterial();
            material.setName(file.getFileName().toString());
            material.setFile(file.toFile());
            return wx.getMaterialService().materialFileUpload("image", material).getMediaId();
        } catch (WxErrorException e) {
            throw new StepFailed(failed(id, "material/add_material of the " + what, e, s));
        } finally {
            if (first.isPresent()) {
                delete(file);
            }
        }
    }

    /** The attachment's bytes in a file of its name (WxJava uploads files, and sends the name). */
    private Path copy(String id, Attachment a) throws StepFailed {
        try (InputStream in = attachments.open(a)) {
            Path dir = Files.createTempDirectory("wechat-upload");
            Path file = dir.resolve(a.name().replaceAll("[/\\\\\\x00-\\x1f]", "_"));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new StepFailed(DeliveryOutcome.unavailable(id, "cannot read attachment " + a.name() + " to upload it: " + e.getMessage()));
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            LOG.debug("temporary upload {} not removed: {}", file, e.toString());
        }
    }

    // ---- withdrawal

    private DeliveryOutcome withdraw(Delivery d, WeChatMessage.Deletion del) throws StepFailed {
        String id = d.id();
        boolean followers = FOLLOWERS.equals(d.target().id());
        List<String> done = new ArrayList<>();
        for (String pub : steps.publications(del.itemId())) {
            Steps s = steps.load(pub);
            int version = s.has(Step.VERSION) ? Integer.parseInt(s.get(Step.VERSION)) : Integer.MAX_VALUE;
            if (version > del.version() || followers != FOLLOWERS.equals(s.get(Step.TARGET))) {
                continue;
            }
            if (s.has(Step.DELETED)) {
                done.add((followers ? "msg_id " + s.get(Step.MSG_ID) : "article_id " + s.get(Step.ARTICLE_ID)) + " (deleted " + s.get(Step.DELETED) + ")");
                continue;
            }
            if (followers) {
                if (s.has(Step.MSG_ID)) {
                    deleteMass(id, pub, s);
                    done.add("msg_id " + s.get(Step.MSG_ID));
                }
                continue;
            }
            if (!s.has(Step.ARTICLE_ID) && s.has(Step.PUBLISH_ID)) {
                DeliveryOutcome looked = poll(new Delivery(pub, d.channel(), del.itemId(), version, d.target(), 1), s);
                if (looked.kind() == DeliveryOutcome.Kind.PENDING) {
                    return DeliveryOutcome.pending(id, "WeChat is still publishing publish_id " + s.get(Step.PUBLISH_ID)
                            + " of this item: it is deleted once published; looking again in " + config.pollInterval().toSeconds() + " s",
                            config.pollInterval());
                }
                s = steps.load(pub);
            }
            if (s.has(Step.ARTICLE_ID)) {
                deleteArticle(id, pub, s);
                done.add("article_id " + s.get(Step.ARTICLE_ID));
            }
        }
        if (done.isEmpty()) {
            return DeliveryOutcome.rejected(id, followers ? "no mass send of this item is recorded by the wechat transport: nothing to delete"
                    : "no published article of this item is recorded by the wechat transport (published before it, or not published):"
                    + " delete it in the WeChat admin (发表记录) if it is there");
        }
        String what = (followers ? "mass/delete " : "freepublish/delete ") + String.join(", ", done);
        return DeliveryOutcome.sent(new Receipt(id, 1, 1, what.length() > 500 ? what.substring(0, 500) + "…" : what));
    }

    private void deleteArticle(String id, String pub, Steps s) throws StepFailed {
        try {
            wx.getFreePublishService().deletePush(s.get(Step.ARTICLE_ID), 0);
        } catch (WxErrorException e) {
            // 53600: WeChat does not know the article (any more): deleted in the admin, or by an earlier try
            if (Failure.of(e) != Failure.ANSWERED || e.getError().getErrorCode() != 53600) {
                throw new StepFailed(failed(id, "freepublish/delete of article_id " + s.get(Step.ARTICLE_ID), e, s));
            }
        }
        steps.record(pub, Step.DELETED, Instant.now().toString());
    }

    private void deleteMass(String id, String pub, Steps s) throws StepFailed {
        try {
            wx.getMassMessageService().delete(Long.parseLong(s.get(Step.MSG_ID)), 0);
        } catch (WxErrorException e) {
            throw new StepFailed(failed(id, "message/mass/delete of msg_id " + s.get(Step.MSG_ID)
                    + " (followers keep the card they already got)", e, s));
        }
        steps.record(pub, Step.DELETED, Instant.now().toString());
    }

    // ---- answers

    /** What a failed call means for the delivery: retried when WeChat is busy or unreachable, FAILED otherwise. */
    private DeliveryOutcome failed(String id, String call, WxErrorException e, Steps s) {
        String done = s.summary().isEmpty() ? "" : "; " + s.summary();
        return switch (Failure.of(e)) {
            case NOT_SENT -> DeliveryOutcome.unavailable(id, call + ": cannot reach " + config.apiHost() + " (" + rootMessage(e) + ")" + done);
            case NO_ANSWER -> DeliveryOutcome.unavailable(id, call + ": no answer (" + rootMessage(e) + ")" + done);
            case ANSWERED -> RETRY.contains(e.getError().getErrorCode())
                    ? DeliveryOutcome.unavailable(id, call + ": " + describe(e.getError()) + done)
                    : DeliveryOutcome.rejected(id, call + ": " + describe(e.getError()) + done);
        };
    }

    private void report(String reference, String detail) {
        receipts.report("wechat", name(), reference, new DeliveryReceipt("DELIVRD", Instant.now(), detail));
    }

    static String describe(WxError e) {
        return e.getErrorCode() + " " + message(e);
    }

    /** WeChat's own errmsg (WxJava translates some into Chinese and keeps the original apart). */
    private static String message(WxError e) {
        String en = e.getErrorMsgEn();
        return en != null && !en.isBlank() ? en : String.valueOf(e.getErrorMsg());
    }

    private static String unquote(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : ": " + r.getMessage());
    }

    private static boolean isJpeg(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(3);
            return b.length == 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF;
        } catch (IOException e) {
            return false;
        }
    }

    /** How a call that threw ended: WeChat answered with a code, the request never left, or it left and no answer came. */
    enum Failure {
        ANSWERED, NOT_SENT, NO_ANSWER;

        static Failure of(WxErrorException e) {
            // WxJava wraps a WeChat answer in a second WxErrorException, and an I/O failure in one with code -99
            IOException io = null;
            for (Throwable t = e; t != null && io == null; t = t.getCause() == t ? null : t.getCause()) {
                io = t instanceof IOException x ? x : null;
            }
            if (io == null) {
                // -99 without I/O: WxJava's code for an empty body, which is no answer
                return e.getError() != null && e.getError().getErrorCode() == -99 ? NO_ANSWER : ANSWERED;
            }
            for (Throwable t = io; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                        || t instanceof org.apache.http.conn.ConnectTimeoutException
                        || t instanceof org.apache.http.conn.ConnectionPoolTimeoutException
                        // an HTTP error status from a gateway: the API did not take the call
                        || t instanceof org.apache.http.client.HttpResponseException) {
                    return NOT_SENT;
                }
            }
            return NO_ANSWER;
        }
    }

    /** A step that ends the delivery's try, with its outcome. */
    private static final class StepFailed extends Exception {
        final transient DeliveryOutcome outcome;

        StepFailed(DeliveryOutcome outcome) {
            super(outcome.reason(), null, false, false);
            this.outcome = outcome;
        }
    }

    @PreDestroy
    void close() {
        http.close();
    }
}

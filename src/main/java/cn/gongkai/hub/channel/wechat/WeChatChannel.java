package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.ChannelPreview;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ConfiguredChannel;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Deliveries;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Outbox;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport;
import cn.gongkai.hub.item.Action;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The official WeChat account: each item as a {@code draft/add} article with WeChat-safe HTML ({@link WeChatRenderer});
 * a withdrawal as a deletion request. Target {@code account} is the published article; when the transport pushes some
 * columns to followers ({@code wechat.mass-send}), a second target {@code followers} is the mass send, a delivery of
 * its own: the article and the push each have their own outcome (a used-up mass-send quota fails the push, not the
 * article, which stays published and is still withdrawn), their own reference (article URL, msg_id) and their own
 * withdrawal ({@code freepublish/delete}, {@code mass/delete}). An item of a column that is not pushed has its
 * {@code followers} delivery SKIPPED, saying so.
 *
 * <p><b>Targeted notices</b> (an item whose content has a notice): one delivery per subscriber, its target's address
 * the person's openid; one template message is rendered for the publication ({@link TemplateRenderer}, from
 * {@code notice-template:}) and sent to each openid ({@code message/template/send} takes one {@code touser}). A notice
 * is not withdrawn: a template message cannot be recalled, so each withdrawal delivery is SKIPPED saying so. Without a
 * configured template, or when the notice leaves a keyword empty, each delivery is REJECTED with the reason.
 *
 * <p>Transports: {@code outbox} writes the {@code draft/add} request body ({@code {"articles": [...]}}),
 * {@code {"action": "delete", ...}} or the {@code message/template/send} body of one follower; {@code discard} drops
 * it; {@code wechat} ({@link WxJavaTransport}) publishes through the official account's API.
 *
 * <p>Resend-safe: the mass send that reaches followers de-duplicates by {@code clientmsgid} (45065: already sent,
 * with the earlier msg_id), and a second draft of the same delivery is never published twice to followers. Template
 * messages are not resend-safe, and the transport keeps them from going twice ({@link WxTemplateSender}).
 */
@Singleton
public class WeChatChannel extends ConfiguredChannel<WeChatMessage> {
    public static final String NAME = "wechat";

    private final WeChatRenderer renderer;
    private final TemplateRenderer notices;
    private final NoticeTimes times;

    @Inject
    public WeChatChannel(WeChatConfig config, NoticeTemplateConfig notice, HubConfig hub, NoticeTimes times,
                         @Named(NAME) ChannelSettings settings, Outbox outbox, List<WeChatTransport> own) {
        super(settings, new WeChatDescriptor(), (d, m) -> outbox.writeJson(NAME, d.id(), m), own);
        this.renderer = new WeChatRenderer(config);
        this.notices = new TemplateRenderer(NoticeTemplate.of(notice), hub.zoneId());
        this.times = times;
        String appId = config.appId() == null || config.appId().isBlank() ? "account" : config.appId();
        Target account = new Target(WxJavaTransport.ACCOUNT, appId, config.accountName());
        boolean push = own.stream().anyMatch(t -> settings.transport().contains(t.name()) && t.pushesToFollowers());
        this.targets = push ? List.of(account, new Target(WxJavaTransport.FOLLOWERS, appId, config.accountName() + " 的关注者")) : List.of(account);
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        if (publication.content().notice() != null) {
            return notice(publication, deliveries);
        }
        WeChatMessage message = renderer.render(publication);
        return transport.send(deliveries.stream().map(d -> new Transport.Addressed<>(d, message)).toList());
    }

    private List<DeliveryOutcome> notice(Publication p, List<Delivery> deliveries) throws ChannelUnavailableException {
        List<DeliveryOutcome> out = new ArrayList<>(deliveries.size());
        if (p.action() == Action.WITHDRAW) {
            deliveries.forEach(d -> out.add(DeliveryOutcome.skipped(d.id(), "a WeChat template message cannot be recalled:"
                    + " followers keep the notice they got")));
            return out;
        }
        List<Delivery> go = new ArrayList<>(deliveries.size());
        for (Delivery d : deliveries) {
            if (targets.stream().anyMatch(t -> t.id().equals(d.target().id()))) {
                out.add(DeliveryOutcome.skipped(d.id(), "a notice goes to each subscriber's openid as a template message,"
                        + " not to the account's articles"));
            } else if (d.target().address() == null || d.target().address().isBlank()) {
                out.add(DeliveryOutcome.rejected(d.id(), "the subscriber has no WeChat openid"));
            } else {
                go.add(d);
            }
        }
        if (go.isEmpty()) {
            return out;
        }
        TemplateRenderer.Rendered rendered = notices.render(p, times.releasedAt(p.itemId(), p.version(), Instant.now()));
        if (rendered instanceof TemplateRenderer.Rendered.Refused r) {
            go.forEach(d -> out.add(DeliveryOutcome.rejected(d.id(), r.reason())));
            return out;
        }
        TemplateRenderer.Rendered.Ready r = (TemplateRenderer.Rendered.Ready) rendered;
        Map<String, WeChatMessage.Value> data = new java.util.LinkedHashMap<>();
        r.data().forEach((k, v) -> data.put(k, new WeChatMessage.Value(v)));
        List<Transport.Addressed<WeChatMessage>> batch = go.stream().map(d -> new Transport.Addressed<WeChatMessage>(d,
                new WeChatMessage.Template(d.target().address().strip(), r.templateId(), r.url(), d.id(), data))).toList();
        try {
            out.addAll(transport.send(batch));
        } catch (ChannelUnavailableException e) {
            if (out.isEmpty()) {
                throw e;
            }
            // the skipped and rejected ones of the batch are final: only the others are retried
            go.forEach(d -> out.add(DeliveryOutcome.unavailable(d.id(), e.getMessage())));
        }
        return out;
    }

    /** The {@code draft/add} article as it would be sent (a targeted notice: its template message's keywords). */
    @Override
    public java.util.Optional<ChannelPreview> preview(Publication publication) {
        if (publication.content().notice() != null) {
            TemplateRenderer.Rendered rendered = notices.render(publication, Instant.now());
            if (rendered instanceof TemplateRenderer.Rendered.Ready r) {
                StringBuilder text = new StringBuilder();
                r.data().forEach((k, v) -> text.append(k).append("：").append(v).append('\n'));
                return java.util.Optional.of(new ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), List.of(
                        new ChannelPreview.Fact("发送方式", "模板消息（逐人发送）"),
                        new ChannelPreview.Fact("模板", r.templateId())), List.of(new ChannelPreview.Text("模板消息", text.toString()))));
            }
            return java.util.Optional.of(new ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), List.of(
                    new ChannelPreview.Fact("无法发送", ((TemplateRenderer.Rendered.Refused) rendered).reason())), List.of()));
        }
        WeChatMessage.Draft draft = (WeChatMessage.Draft) renderer.render(publication);
        WeChatMessage.Article a = draft.articles().get(0);
        List<ChannelPreview.Fact> facts = new ArrayList<>(List.of(
                new ChannelPreview.Fact("标题", a.title()),
                new ChannelPreview.Fact("作者", a.author()),
                new ChannelPreview.Fact("摘要", a.digest()),
                new ChannelPreview.Fact("正文长度", a.content().length() + " 字符（上限 " + WeChatRenderer.MAX_CONTENT + "）")));
        if (!a.contentSourceUrl().isEmpty()) {
            facts.add(new ChannelPreview.Fact("阅读原文", a.contentSourceUrl()));
        }
        facts.add(new ChannelPreview.Fact("推送给关注者", targets.size() > 1 ? "按栏目设置推送" : "否（仅发布图文）"));
        String page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>"
                + org.jsoup.nodes.Entities.escape(a.title()) + "</title></head><body style=\"max-width:640px;margin:0 auto;padding:16px\">"
                + "<h1 style=\"font-size:22px;line-height:1.4\">" + org.jsoup.nodes.Entities.escape(a.title()) + "</h1>"
                + a.content() + "</body></html>";
        return java.util.Optional.of(new ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), facts, List.of(new ChannelPreview.Document("图文消息正文", page))));
    }

    public WeChatRenderer renderer() {
        return renderer;
    }
}

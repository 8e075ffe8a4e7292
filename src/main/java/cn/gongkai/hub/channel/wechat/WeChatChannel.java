package cn.gongkai.hub.channel.wechat;

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
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The official WeChat account: each item as a {@code draft/add} article with WeChat-safe HTML ({@link WeChatRenderer});
 * a withdrawal as a deletion request. Target {@code account} is the published article; when the transport pushes some
 * columns to followers ({@code wechat.mass-send}), a second target {@code followers} is the mass send, a delivery of
 * its own: the article and the push each have their own outcome (a used-up mass-send quota fails the push, not the
 * article, which stays published and is still withdrawn), their own reference (article URL, msg_id) and their own
 * withdrawal ({@code freepublish/delete}, {@code mass/delete}). An item of a column that is not pushed has its
 * {@code followers} delivery SKIPPED, saying so.
 *
 * <p>Transports: {@code outbox} writes the {@code draft/add} request body ({@code {"articles": [...]}}) or
 * {@code {"action": "delete", ...}}; {@code discard} drops it; {@code wechat} ({@link WxJavaTransport}) publishes
 * through the official account's API.
 *
 * <p>Resend-safe: the mass send that reaches followers de-duplicates by {@code clientmsgid} (45065: already sent,
 * with the earlier msg_id), and a second draft of the same delivery is never published twice to followers.
 */
@Singleton
public class WeChatChannel extends ConfiguredChannel<WeChatMessage> {
    public static final String NAME = "wechat";

    private final WeChatRenderer renderer;

    public WeChatChannel(WeChatConfig config, @Named(NAME) ChannelSettings settings, Outbox outbox, List<WeChatTransport> own) {
        super(settings, new WeChatDescriptor(), (d, m) -> outbox.writeJson(NAME, d.id(), m), own);
        this.renderer = new WeChatRenderer(config);
        String appId = config.appId() == null || config.appId().isBlank() ? "account" : config.appId();
        Target account = new Target(WxJavaTransport.ACCOUNT, appId, config.accountName());
        boolean push = own.stream().anyMatch(t -> settings.transport().contains(t.name()) && t.pushesToFollowers());
        this.targets = push ? List.of(account, new Target(WxJavaTransport.FOLLOWERS, appId, config.accountName() + " 的关注者")) : List.of(account);
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        WeChatMessage message = renderer.render(publication);
        return transport.send(deliveries.stream().map(d -> new Transport.Addressed<>(d, message)).toList());
    }

    public WeChatRenderer renderer() {
        return renderer;
    }
}

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
 * The official WeChat account (one target, {@code account}): each item as a {@code draft/add} article with
 * WeChat-safe HTML ({@link WeChatRenderer}); a withdrawal as a deletion request.
 *
 * <p>Transports: {@code outbox} writes the {@code draft/add} request body ({@code {"articles": [...]}}) or
 * {@code {"action": "delete", ...}}; {@code discard} drops it. The real transport (Real transports II, through WxJava)
 * will call {@code POST /cgi-bin/draft/add}, {@code POST /cgi-bin/freepublish/submit} and poll
 * {@code /cgi-bin/freepublish/get}, optionally {@code /cgi-bin/message/mass/sendall} with a {@code clientmsgid} derived
 * from the delivery id, and {@code /cgi-bin/freepublish/delete} for a withdrawal.
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
        this.targets = List.of(new Target("account", appId, config.accountName()));
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

package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.ConfiguredChannel;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Deliveries;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.DeliveryRejectedException;
import cn.gongkai.hub.channel.Outbox;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Receipt;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.Transport;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages to the QQ groups in {@code channel-config/qq.yml}: a plain-text notice per group ({@link QqRenderer}).
 *
 * <p>Transports: {@code outbox} writes exactly the parameters of OneBot 11 {@code send_group_msg}
 * ({@code {group_id, message, auto_escape}}); {@code discard} drops them; {@code onebot} ({@link OneBotTransport}) POSTs
 * them to a OneBot 11 HTTP API and records the {@code message_id} (for {@code delete_msg} when an item is withdrawn).
 *
 * <p>Not resend-safe: {@code send_group_msg} has no de-duplication key, so a resend is a second message in the group.
 */
@Singleton
public class QqChannel extends ConfiguredChannel<QqMessage> {
    public static final String NAME = "qq";

    private final QqRenderer renderer = new QqRenderer();

    public QqChannel(List<QqGroup> groups, @Named(NAME) ChannelSettings settings, Outbox outbox, List<QqTransport> own) {
        super(settings, new QqDescriptor(), (d, m) -> outbox.writeJson(NAME, d.id(), m.person() ? sendPrivateMsg(d, m) : sendGroupMsg(d, m)), own);
        this.targets = groups.stream().sorted(Comparator.comparing(QqGroup::id))
                .map(g -> new Target(g.id(), String.valueOf(g.groupId()), g.name())).toList();
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        QqMessage rendered = renderer.render(publication);
        QqMessage message = publication.content().notice() != null ? rendered.toPerson() : rendered;
        return transport.send(deliveries.stream().map(d -> new Transport.Addressed<>(d, message)).toList());
    }

    /** The group message as it would be posted. */
    @Override
    public java.util.Optional<cn.gongkai.hub.channel.ChannelPreview> preview(Publication publication) {
        QqMessage m = renderer.render(publication);
        return java.util.Optional.of(new cn.gongkai.hub.channel.ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), List.of(
                new cn.gongkai.hub.channel.ChannelPreview.Fact("字数", m.text().length() + " 字（上限 " + QqRenderer.MAX_CHARS + "）"),
                new cn.gongkai.hub.channel.ChannelPreview.Fact("接收", publication.content().notice() != null ? "订阅者本人（私聊）"
                        : targets.size() + " 个群")),
                List.of(new cn.gongkai.hub.channel.ChannelPreview.Text("群消息", m.text()))));
    }

    public QqRenderer renderer() {
        return renderer;
    }

    /** OneBot 11 {@code send_private_msg} parameters (a targeted notice to one person's QQ number). */
    static Map<String, Object> sendPrivateMsg(Delivery d, QqMessage m) throws DeliveryRejectedException {
        long userId;
        try {
            userId = Long.parseLong(d.target().address());
        } catch (NumberFormatException e) {
            throw new DeliveryRejectedException("target " + d.target().id() + ": QQ number is not a number");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user_id", userId);
        json.put("message", m.text());
        json.put("auto_escape", true);
        return json;
    }

    /**
     * OneBot 11 {@code send_group_msg} parameters; the group number goes as a JSON number, and {@code auto_escape}
     * makes the text plain text, so a {@code [CQ:at,qq=all]} in an item cannot become a CQ code.
     */
    static Map<String, Object> sendGroupMsg(Delivery d, QqMessage m) throws DeliveryRejectedException {
        long groupId;
        try {
            groupId = Long.parseLong(d.target().address());
        } catch (NumberFormatException e) {
            throw new DeliveryRejectedException("target " + d.target().id() + ": group id '" + d.target().address() + "' is not a number");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("group_id", groupId);
        json.put("message", m.text());
        json.put("auto_escape", true);
        return json;
    }
}

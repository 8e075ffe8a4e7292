package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.item.Action;
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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SMS broadcast to every number of the lists in {@code channel-config/sms.yml}: one short text per number
 * ({@link SmsRenderer}: signature, title, summary, link, opt-out suffix) with its part count computed before sending
 * ({@link SmsSegments}). A number that is not a mainland mobile number is rejected alone; the rest of the batch goes.
 *
 * <p>Transports: {@code outbox} writes {@code {to, text, parts, encoding}} per delivery; {@code discard} drops it.
 * The real transports (Real transports I) will call a carrier gateway with SMPP {@code submit_sm} (UCS2 data coding 8,
 * concatenated parts), or Aliyun {@code SendSms} / Tencent Cloud {@code SendSms} over HTTPS.
 *
 * <p>A withdrawal cannot take a text off a phone: with {@code withdrawal: none} (the default) its deliveries end SKIPPED
 * saying so; with {@code withdrawal: correction} each number gets the renderer's short correction text.
 *
 * <p>Not resend-safe: no SMS gateway de-duplicates (Aliyun SendSms takes no idempotency key), so a delivery resent
 * after a crash is a second message on someone's phone; a half-done delivery is left IN_DOUBT for a person.
 */
@Singleton
public class SmsChannel extends ConfiguredChannel<SmsMessage> {
    public static final String NAME = "sms";
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private final SmsConfig config;
    private final SmsRenderer renderer;

    public SmsChannel(SmsConfig config, List<SmsList> lists, @Named(NAME) ChannelSettings settings, Outbox outbox, List<SmsTransport> own) {
        super(settings, new SmsDescriptor(), (d, m) -> outbox.writeJson(NAME, d.id(), outboxEntry(d, m)), own);
        this.config = config;
        this.renderer = new SmsRenderer(config);
        List<Target> t = new ArrayList<>();
        for (SmsList list : lists.stream().sorted(Comparator.comparing(SmsList::id)).toList()) {
            for (String number : list.numbers()) {
                String n = number.strip();
                t.add(new Target(list.id() + "-" + n, n, list.name()));
            }
        }
        this.targets = List.copyOf(t);
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        if (publication.action() == Action.WITHDRAW && !config.sendsCorrection()) {
            return deliveries.stream().map(d -> DeliveryOutcome.skipped(d.id(), SmsConfig.NOT_RECALLED)).toList();
        }
        SmsMessage message = renderer.render(publication);
        List<DeliveryOutcome> out = new ArrayList<>();
        List<Transport.Addressed<SmsMessage>> batch = new ArrayList<>();
        for (Delivery d : deliveries) {
            String to = d.target().address();
            if (to == null || !MOBILE.matcher(to).matches()) {
                out.add(DeliveryOutcome.rejected(d.id(), "target " + d.target().id() + ": not an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)"));
            } else {
                batch.add(new Transport.Addressed<>(d, message));
            }
        }
        if (!batch.isEmpty()) {
            // the outbox and discard count the rendered text's parts; a provider reports what it billed (a template's)
            boolean builtIn = cn.gongkai.hub.channel.Transports.BUILT_IN_NAMES.contains(transport.name());
            for (DeliveryOutcome o : transport.send(batch)) {
                out.add(o.isSent() && builtIn ? new DeliveryOutcome(o.deliveryId(), o.kind(),
                        new Receipt(o.deliveryId(), o.receipt().recipients(), message.parts(), o.receipt().reference(),
                                o.receipt().moreReferences()), null, o.transport()) : o);
            }
        }
        return out;
    }

    /** The text every number gets, with its length and parts counted as the channel counts them when it sends. */
    @Override
    public java.util.Optional<cn.gongkai.hub.channel.ChannelPreview> preview(Publication publication) {
        SmsMessage m = renderer.render(publication);
        List<String> parts = SmsSegments.split(m.text());
        List<cn.gongkai.hub.channel.ChannelPreview.Fact> facts = new ArrayList<>(List.of(
                new cn.gongkai.hub.channel.ChannelPreview.Fact("字数", SmsSegments.units(m.text())
                        + (m.encoding() == SmsEncoding.UCS2 ? " 字（UCS-2 编码，每条 " + SmsEncoding.UCS2.single() + " 字，长短信每条 "
                        + SmsEncoding.UCS2.perPart() + " 字）" : " 字符（GSM 7 位编码）")),
                new cn.gongkai.hub.channel.ChannelPreview.Fact("条数", m.parts() + " 条（上限 " + config.maxParts() + " 条）"),
                new cn.gongkai.hub.channel.ChannelPreview.Fact("接收号码", targets.size() + " 个")));
        if (!cn.gongkai.hub.channel.Transports.BUILT_IN_NAMES.contains(transport.name())) {
            facts.add(new cn.gongkai.hub.channel.ChannelPreview.Fact("说明", "经短信服务商发送，按其审核通过的模板计费"));
        }
        List<cn.gongkai.hub.channel.ChannelPreview.Shown> shown = new ArrayList<>();
        shown.add(new cn.gongkai.hub.channel.ChannelPreview.Text("短信内容", m.text()));
        if (parts.size() > 1) {
            for (int i = 0; i < parts.size(); i++) {
                shown.add(new cn.gongkai.hub.channel.ChannelPreview.Text("第 " + (i + 1) + " 条（共 " + parts.size() + " 条）", parts.get(i)));
            }
        }
        return java.util.Optional.of(new cn.gongkai.hub.channel.ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), facts, shown));
    }

    /** The renderer, for previews and the real transports. */
    public SmsRenderer renderer() {
        return renderer;
    }

    static Map<String, Object> outboxEntry(Delivery d, SmsMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("to", d.target().address());
        json.put("text", m.text());
        json.put("parts", m.parts());
        json.put("encoding", m.encoding().name());
        return json;
    }
}

package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.HubConfig;
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
import cn.gongkai.hub.channel.UnsubscribeLinks;
import cn.gongkai.hub.item.AttachmentStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * E-mail to the press contacts in {@code channel-config/press-email.yml}: one MIME message per contact, addressed to
 * that contact alone, with the item as text and HTML and its attachments ({@link PressEmailRenderer}); a withdrawal
 * as a correction notice.
 *
 * <p>Transports: {@code outbox} writes the message as {@code <deliveryId>.eml} ({@link MimeMessage#writeTo}), exactly
 * the bytes an SMTP server receives after {@code DATA}; {@code discard} drops it; {@code smtp} ({@link SmtpTransport})
 * sends the same message through the mail server in the file's {@code smtp:} section, one connection per batch.
 *
 * <p>Not resend-safe: the stable Message-ID lets some clients fold a duplicate, but SMTP servers deliver it again, so a
 * half-done delivery is left IN_DOUBT instead of being resent.
 */
@Singleton
public class PressEmailChannel extends ConfiguredChannel<MimeMessage> {
    public static final String NAME = "press-email";

    private final Map<String, PressContact> contacts;
    private final PressEmailRenderer renderer;
    private final Clock clock;

    private final UnsubscribeLinks unsubscribe;

    public PressEmailChannel(PressEmailConfig config, List<PressContact> contacts, @Named(NAME) ChannelSettings settings,
                             HubConfig hub, AttachmentStore attachments, Outbox outbox, List<PressEmailTransport> own,
                             UnsubscribeLinks unsubscribe) {
        super(settings, new PressEmailDescriptor(), (d, m) -> outbox.write(NAME, d.id(), "eml", out -> {
            try {
                m.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException(e.getMessage(), e);
            }
        }), own);
        this.contacts = contacts.stream().collect(Collectors.toUnmodifiableMap(PressContact::id, Function.identity()));
        this.targets = contacts.stream().sorted(Comparator.comparing(PressContact::id))
                .map(c -> new Target(c.id(), c.email(), c.outlet().isBlank() ? c.name() : c.name() + "（" + c.outlet() + "）"))
                .toList();
        this.renderer = new PressEmailRenderer(config, attachments::open);
        this.clock = Clock.system(hub.zoneId());
        this.unsubscribe = unsubscribe;
    }

    @Override
    public List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries) throws ChannelUnavailableException {
        List<DeliveryOutcome> out = new ArrayList<>();
        List<Transport.Addressed<MimeMessage>> batch = new ArrayList<>();
        for (Delivery d : deliveries) {
            try {
                new InternetAddress(d.target().address(), true).validate();
            } catch (AddressException | NullPointerException e) {
                out.add(DeliveryOutcome.rejected(d.id(), "target " + d.target().id() + ": '"
                        + (publication.content().notice() != null ? "the subscriber's address" : d.target().address()) + "' is not an e-mail address"));
                continue;
            }
            if (publication.content().notice() != null) {
                // a targeted notice to a subscriber: their own one-click unsubscribe link, no name (the address only)
                batch.add(new Transport.Addressed<>(d, renderer.renderNotice(publication, d.id(), d.target().id(), d.target().address(),
                        unsubscribe.link(d.target().id(), NAME), ZonedDateTime.now(clock))));
                continue;
            }
            PressContact contact = contacts.get(d.target().id());
            String name = contact == null ? d.target().label() : contact.name();
            batch.add(new Transport.Addressed<>(d, renderer.render(publication, d.id(), d.target().id(), name, d.target().address(),
                    ZonedDateTime.now(clock))));
        }
        if (!batch.isEmpty()) {
            out.addAll(transport.send(batch));
        }
        return out;
    }

    /**
     * The message the first contact would get (a targeted notice: one subscriber), rendered as sent and read back:
     * subject, recipient, text part, attachment names. Attachment bytes are not read.
     */
    @Override
    public java.util.Optional<cn.gongkai.hub.channel.ChannelPreview> preview(Publication publication) {
        boolean notice = publication.content().notice() != null;
        Target first = notice || targets.isEmpty() ? new Target("preview", "subscriber@example.invalid", "订阅者") : targets.get(0);
        String deliveryId = "preview-" + publication.itemId();
        MimeMessage m = notice
                ? renderer.renderNotice(publication, deliveryId, first.id(), first.address(), unsubscribe.link(first.id(), NAME), ZonedDateTime.now(clock))
                : renderer.render(publication, deliveryId, first.id(), contacts.containsKey(first.id()) ? contacts.get(first.id()).name() : first.label(),
                        first.address(), ZonedDateTime.now(clock));
        try {
            List<cn.gongkai.hub.channel.ChannelPreview.Fact> facts = new ArrayList<>(List.of(
                    new cn.gongkai.hub.channel.ChannelPreview.Fact("主题", m.getSubject()),
                    new cn.gongkai.hub.channel.ChannelPreview.Fact("发件人", ((InternetAddress) m.getFrom()[0]).toUnicodeString()),
                    new cn.gongkai.hub.channel.ChannelPreview.Fact("收件人", notice ? "每位订阅者各一封"
                            : targets.size() + " 位联系人，各收一封（示例：" + first.label() + "）")));
            if (!publication.content().attachments().isEmpty()) {
                facts.add(new cn.gongkai.hub.channel.ChannelPreview.Fact("附件", String.join("、",
                        publication.content().attachments().stream().map(cn.gongkai.hub.item.Attachment::name).toList())));
            }
            return java.util.Optional.of(new cn.gongkai.hub.channel.ChannelPreview(NAME, cn.gongkai.hub.channel.ChannelDescriptors.label(NAME), facts,
                    List.of(new cn.gongkai.hub.channel.ChannelPreview.Text("邮件正文（纯文本部分）", plainPart(m)))));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read back the preview e-mail of item " + publication.itemId() + ": " + e.getMessage(), e);
        }
    }

    /** The first text/plain part of the message, as a client shows it. */
    private static String plainPart(jakarta.mail.Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                String found = plainPart(mp.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public PressEmailRenderer renderer() {
        return renderer;
    }
}

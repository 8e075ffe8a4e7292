package cn.gongkai.hub.item;

import java.util.List;

/**
 * Everything about an item that would be published. One immutable value per version; the review gate binds
 * to {@link ContentHash#of(ItemContent)} of it.
 *
 * @param category catalogue column code (see {@code hub.catalogue} in application.yml)
 * @param channels channel names: website, wechat, sms, qq, led, press-email
 */
public record ItemContent(
        String title,
        String body,
        String summary,
        String category,
        Disclosure disclosure,
        String docNumber,
        String issuer,
        List<String> channels,
        Urgency urgency,
        List<Attachment> attachments) {

    public ItemContent {
        channels = channels == null ? List.of() : List.copyOf(channels);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        urgency = urgency == null ? Urgency.NORMAL : urgency;
    }

    public ItemContent withAttachments(List<Attachment> newAttachments) {
        return new ItemContent(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, newAttachments);
    }
}

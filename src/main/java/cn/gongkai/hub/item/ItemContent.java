package cn.gongkai.hub.item;

import java.time.LocalDate;
import java.util.List;

/**
 * Everything about an item that would be published. One immutable value per version; the review gate binds
 * to {@link ContentHash#of(ItemContent)} of it.
 *
 * @param category catalogue column code (see {@code hub.catalogue} in application.yml)
 * @param channels channel names: website, wechat, sms, qq, led, press-email
 * @param notice   for a targeted notice (kind {@code notice}): its segment and mode; null for a catalogue item
 * @param formedAt the day the information was formed or changed (条例第二十六条 counts its 20 working days from it);
 *                 metadata that no channel shows, so it is not in the content hash; null in versions written before
 *                 the field existed (read as the item's creation date)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = "kind", allowGetters = true)
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
        List<Attachment> attachments,
        Notice notice,
        LocalDate formedAt) {

    public ItemContent(String title, String body, String summary, String category, Disclosure disclosure, String docNumber,
                       String issuer, List<String> channels, Urgency urgency, List<Attachment> attachments, Notice notice) {
        this(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, attachments, notice, null);
    }

    public ItemContent(String title, String body, String summary, String category, Disclosure disclosure, String docNumber,
                       String issuer, List<String> channels, Urgency urgency, List<Attachment> attachments) {
        this(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, attachments, null, null);
    }

    public ItemContent {
        channels = channels == null ? List.of() : List.copyOf(channels);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        urgency = urgency == null ? Urgency.NORMAL : urgency;
    }

    public ItemContent withAttachments(List<Attachment> newAttachments) {
        return new ItemContent(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, newAttachments, notice, formedAt);
    }

    public ItemContent withNotice(Notice newNotice) {
        return new ItemContent(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, attachments, newNotice, formedAt);
    }

    public ItemContent withFormedAt(LocalDate newFormedAt) {
        return new ItemContent(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, attachments, notice, newFormedAt);
    }

    /** {@code notice} for a targeted notice, {@code item} for a catalogue item (shown, never read back). */
    @com.fasterxml.jackson.annotation.JsonProperty("kind")
    public String kind() {
        return notice == null ? "item" : "notice";
    }

}

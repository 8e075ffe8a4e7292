package cn.gongkai.hub.subscriber;

import java.util.List;

/**
 * What an editor sends to draft a targeted notice ({@code POST /api/notices}, {@code PUT /api/notices/{id}}), as read
 * from the request; {@link NoticeService} checks what it means.
 *
 * @param channels  person channels: sms, wechat, email, qq (短信, 微信, 邮件, QQ)
 * @param mode      fallback (default) or all
 * @param publishAt ISO-8601 time it should go out once approved, or null
 * @param formedAt  yyyy-MM-dd, the day the information was formed or changed, as for an item (default: the day it is
 *                  drafted; an edit without it keeps the one before)
 */
public record NoticeDraft(String title, String body, String summary, SegmentDraft segment, List<String> channels, String mode,
                          String urgency, String publishAt, String issuer, String docNumber, String formedAt) {

    public static final java.util.Set<String> FIELDS = java.util.Set.of("title", "body", "summary", "segment", "channels", "mode",
            "urgency", "publishAt", "issuer", "docNumber", "formedAt");

    public NoticeDraft(String title, String body, String summary, SegmentDraft segment, List<String> channels, String mode,
                       String urgency, String publishAt, String issuer, String docNumber) {
        this(title, body, summary, segment, channels, mode, urgency, publishAt, issuer, docNumber, null);
    }

    /** {@code {"all": [...], "any": [...], "not": [...]}}; null lists are empty. */
    public record SegmentDraft(List<String> all, List<String> any, List<String> not) {
        public static final java.util.Set<String> FIELDS = java.util.Set.of("all", "any", "not");
    }
}

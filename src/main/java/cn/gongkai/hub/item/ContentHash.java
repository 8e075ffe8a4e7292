package cn.gongkai.hub.item;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * SHA-256 over a canonical form of everything a channel shows: the content fields, the 索引号, and each attachment's
 * name, media type, size and SHA-256 (so an attachment file changed on disk no longer matches, see
 * {@link AttachmentStore#open}). Fields are length-prefixed so no two different contents share a canonical form;
 * channels are sorted (order carries no meaning), attachments keep their order (it is shown).
 *
 * <p>{@link ItemContent#formedAt()} is left out on purpose: it is the office's own record of when the information was
 * formed, which no channel shows, so it cannot make what went out differ from what was approved; and leaving it out
 * keeps the hashes (and approvals) of versions written before the field existed valid.
 */
public final class ContentHash {
    private ContentHash() {
    }

    public static String of(String indexNumber, ItemContent c) {
        StringBuilder sb = new StringBuilder(256 + (c.body() == null ? 0 : c.body().length()));
        field(sb, "indexNumber", indexNumber);
        field(sb, "title", c.title());
        field(sb, "summary", c.summary());
        field(sb, "body", c.body());
        field(sb, "category", c.category());
        field(sb, "disclosure", c.disclosure() == null ? null : c.disclosure().name());
        field(sb, "docNumber", c.docNumber());
        field(sb, "issuer", c.issuer());
        field(sb, "urgency", c.urgency().name());
        field(sb, "channels", String.join(",", new TreeSet<>(c.channels())));
        if (c.notice() != null) {
            // only for notices, so the hashes of catalogue items approved before notices existed stay the same
            field(sb, "notice.segment", c.notice().segment().canonical());
            field(sb, "notice.mode", c.notice().mode().json());
        }
        List<Attachment> atts = c.attachments();
        field(sb, "attachments", Integer.toString(atts.size()));
        for (Attachment a : atts) {
            field(sb, "a.name", a.name());
            field(sb, "a.contentType", a.contentType());
            field(sb, "a.size", Long.toString(a.size()));
            field(sb, "a.sha256", a.sha256());
        }
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(':');
        if (value == null) {
            sb.append("-1:");
        } else {
            sb.append(value.length()).append(':').append(value);
        }
        sb.append('\n');
    }
}

package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.InlineStyles;
import cn.gongkai.hub.channel.render.ItemFacts;
import cn.gongkai.hub.channel.render.MarkdownHtml;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.ItemContent;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Renders an item as one MIME message for one press contact, built with Jakarta Mail directly:
 * {@code multipart/mixed( multipart/alternative(text/plain, text/html), attachments… )}, all UTF-8. The subject is
 * {@code 【政府信息公开】<title>} (RFC 2047); attachment names go out as RFC 2231 parameters
 * ({@code filename*=UTF-8''…}), which current clients decode. The HTML is the sanitised body with inline styles,
 * preceded by issuer, doc number and index number and followed by a link to the web page. {@code Message-ID} is
 * {@code <deliveryId@gongkai-hub>}, stable across retries, and {@code X-Hub-Delivery-Id} names the delivery.
 * {@code List-Unsubscribe} (RFC 2369) is a {@code mailto:} of the reply-to address with the subject 退订, which the
 * office handles by hand; there is no {@code List-Unsubscribe-Post}, since RFC 8058 one-click needs an HTTPS URL that
 * unsubscribes on a POST, and the hub has none for press contacts.
 * A withdrawal is a short correction notice without attachments, subject {@code 【撤回】<title>} with the reason in the
 * body, its own Message-ID (from the withdrawal delivery) and {@code In-Reply-To}/{@code References} (RFC 5322 3.6.4)
 * naming the Message-ID the contact's copy of the withdrawn version went out with, so a client threads it under it.
 */
public final class PressEmailRenderer {
    public static final String SUBJECT_PREFIX = "【政府信息公开】";
    public static final String WITHDRAWAL_PREFIX = "【撤回】";
    public static final String MESSAGE_ID_DOMAIN = "gongkai-hub";
    public static final String DELIVERY_HEADER = "X-Hub-Delivery-Id";
    public static final String UNSUBSCRIBE_SUBJECT = "退订";
    public static final String NOTICE_PREFIX = "【通知】";

    private final PressEmailConfig config;
    private final Attachments attachments;
    private final Session session;
    private final MarkdownHtml markdown = MarkdownHtml.withoutImages();

    /** Where an attachment's bytes are read from when the message is written. */
    @FunctionalInterface
    public interface Attachments {
        /** The approved bytes; the stream fails if they differ from what was approved ({@code AttachmentStore::open}). */
        InputStream open(Attachment a) throws IOException;
    }

    public PressEmailRenderer(PressEmailConfig config, Attachments attachments) {
        this.config = config;
        this.attachments = attachments;
        Properties props = new Properties();
        // Angus reads these two from system properties, not the session; its defaults are these values. Attachment
        // names are written per RFC 2231 by this class (rfc2231), whatever the JVM's settings.
        props.setProperty("mail.mime.encodefilename", "false");
        props.setProperty("mail.mime.encodeparameters", "true");
        props.setProperty("mail.mime.charset", "UTF-8");
        this.session = Session.getInstance(props);
    }

    /** The session messages are built in; a real SMTP transport sends them with its own. */
    public Session session() {
        return session;
    }

    /**
     * @param deliveryId the delivery (one per contact): Message-ID and X-Hub-Delivery-Id
     * @param date       the Date header, in the office's zone
     */
    public MimeMessage render(Publication p, String deliveryId, String toName, String toAddress, ZonedDateTime date) {
        return render(p, deliveryId, null, toName, toAddress, date);
    }

    /**
     * @param targetId the contact's id: a withdrawal's {@code In-Reply-To} is the Message-ID of the withdrawn version's
     *                 publish delivery to it (none when null)
     */
    public MimeMessage render(Publication p, String deliveryId, String targetId, String toName, String toAddress, ZonedDateTime date) {
        return render(p, deliveryId, targetId, toName, toAddress, date, null);
    }

    /**
     * A targeted notice to one subscriber: subject {@code 【通知】<title>}, the notice's text, and the person's own
     * one-click unsubscribe link, in the body and as {@code List-Unsubscribe} with {@code List-Unsubscribe-Post}
     * (RFC 8058: the hub unsubscribes on a POST to the same https address; a GET shows a page that does it).
     */
    public MimeMessage renderNotice(Publication p, String deliveryId, String targetId, String toAddress, String unsubscribeUrl,
                                    ZonedDateTime date) {
        return render(p, deliveryId, targetId, null, toAddress, date, unsubscribeUrl);
    }

    private MimeMessage render(Publication p, String deliveryId, String targetId, String toName, String toAddress, ZonedDateTime date,
                               String unsubscribeUrl) {
        ItemContent c = p.content();
        boolean notice = unsubscribeUrl != null;
        boolean withdrawal = p.action() == Action.WITHDRAW;
        try {
            MimeMessage m = new StableIdMessage(session, messageId(deliveryId));
            m.setFrom(new InternetAddress(config.fromAddress(), config.fromName(), "UTF-8"));
            m.setReplyTo(new InternetAddress[]{new InternetAddress(config.replyTo(), config.fromName(), "UTF-8")});
            m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(toAddress, toName, "UTF-8"));
            m.setSubject((withdrawal ? WITHDRAWAL_PREFIX : notice ? NOTICE_PREFIX : SUBJECT_PREFIX) + Texts.oneLine(c.title()), "UTF-8");
            if (withdrawal && targetId != null) {
                String original = messageId(DeliveryStore.deliveryId(PressEmailChannel.NAME, p.itemId(), p.version(),
                        Action.PUBLISH.wire(), targetId));
                m.setHeader("In-Reply-To", original);
                m.setHeader("References", original);
            }
            m.setHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(date));
            m.setHeader(DELIVERY_HEADER, MimeUtility.encodeText(deliveryId, "UTF-8", "B"));
            if (notice) {
                m.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">, <" + unsubscribeMailto(config.replyTo()) + ">");
                if (unsubscribeUrl.startsWith("https://")) {
                    m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                }
            } else {
                m.setHeader("List-Unsubscribe", "<" + unsubscribeMailto(config.replyTo()) + ">");
            }

            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText((withdrawal ? withdrawalText(p) : text(p)) + (notice ? unsubscribeText(unsubscribeUrl) : ""), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(notice ? withUnsubscribe(withdrawal ? withdrawalHtml(p) : html(p), unsubscribeUrl) : withdrawal ? withdrawalHtml(p) : html(p),
                    "UTF-8", "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(html);
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);

            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(body);
            if (!withdrawal) {
                for (Attachment a : c.attachments()) {
                    mixed.addBodyPart(attachment(a));
                }
            }
            m.setContent(mixed);
            m.saveChanges();
            return m;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot build the e-mail for delivery " + deliveryId + ": " + e.getMessage(), e);
        }
    }

    private MimeBodyPart attachment(Attachment a) throws MessagingException {
        String type = Texts.isBlank(a.contentType()) ? "application/octet-stream" : a.contentType().strip();
        ContentType ct;
        try {
            ct = new ContentType(type);
        } catch (jakarta.mail.internet.ParseException e) {
            ct = new ContentType("application", "octet-stream", null);
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new StoredSource(attachments, a, ct.getBaseType())));
        part.setHeader("Content-Type", ct.getBaseType() + ";\r\n\t" + rfc2231("name", a.name()));
        part.setHeader("Content-Disposition", "attachment;\r\n\t" + rfc2231("filename", a.name()));
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /**
     * An RFC 2231 parameter in UTF-8: {@code filename*=UTF-8''%E9%99%84…} on one line, as most clients expect; a name so
     * long that the line would pass RFC 5322's 998-character limit goes out as continuations ({@code filename*0*=},
     * {@code filename*1*=}, …) split between characters.
     */
    static String rfc2231(String param, String value) {
        List<String> chars = new ArrayList<>();
        value.codePoints().forEach(cp -> chars.add(Texts.pathSegment(new String(Character.toChars(cp)))));
        String whole = String.join("", chars);
        if (whole.length() <= 900) {
            return param + "*=UTF-8''" + whole;
        }
        List<String> segments = new ArrayList<>();
        StringBuilder seg = new StringBuilder();
        for (String c : chars) {
            if (seg.length() + c.length() > 60) {
                segments.add(seg.toString());
                seg.setLength(0);
            }
            seg.append(c);
        }
        segments.add(seg.toString());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            sb.append(i == 0 ? "" : ";\r\n\t").append(param).append('*').append(i).append("*=")
                    .append(i == 0 ? "UTF-8''" : "").append(segments.get(i));
        }
        return sb.toString();
    }



    private String text(Publication p) {
        ItemContent c = p.content();
        StringBuilder sb = new StringBuilder(Texts.oneLine(c.title())).append("\n\n");
        ItemFacts.of(p).forEach(f -> sb.append(f).append('\n'));
        if (!Texts.isBlank(p.webUrl())) {
            sb.append("原文链接：").append(p.webUrl().strip()).append('\n');
        }
        sb.append('\n').append(Texts.plain(c.body())).append("\n");
        if (!c.attachments().isEmpty()) {
            sb.append("\n附件：").append(String.join("、", c.attachments().stream().map(Attachment::name).toList())).append('\n');
        }
        return sb.append("\n-- \n").append(config.fromName()).append('\n').toString();
    }

    private String html(Publication p) {
        ItemContent c = p.content();
        Element body = shell(c.title());
        body.appendElement("h1").text(Texts.oneLine(c.title()));
        List<String> facts = ItemFacts.of(p);
        if (!facts.isEmpty()) {
            body.appendElement("p").addClass("facts").text(String.join("　", facts));
        }
        body.appendElement("div").html(markdown.toHtml(c.body()));
        if (!c.attachments().isEmpty()) {
            body.appendElement("p").text("附件：" + String.join("、", c.attachments().stream().map(Attachment::name).toList()));
        }
        if (!Texts.isBlank(p.webUrl())) {
            Element link = body.appendElement("p").text("原文链接：");
            link.appendElement("a").attr("href", p.webUrl().strip()).text(p.webUrl().strip());
        }
        body.appendElement("p").addClass("signature").text(config.fromName());
        return finish(body);
    }

    private static String unsubscribeText(String url) {
        return "\n不想再收到此类通知？点此退订：" + url + "\n";
    }

    private static String withUnsubscribe(String html, String url) {
        Document doc = org.jsoup.Jsoup.parse(html);
        doc.outputSettings(MarkdownHtml.outputSettings());
        Element p = doc.body().appendElement("p").addClass("unsubscribe").attr("style", "font-size:12px;color:#666;");
        p.appendText("不想再收到此类通知？");
        p.appendElement("a").attr("href", url).text("点此退订");
        return doc.outerHtml();
    }

    private String withdrawalNotice(Publication p) {
        ItemContent c = p.content();
        List<String> facts = ItemFacts.of(p);
        return "我单位发布的《" + Texts.oneLine(c.title()) + "》" + (facts.isEmpty() ? "" : "（" + String.join("，", facts) + "）")
                + "已撤回，请勿再引用或刊发。";
    }

    private String withdrawalText(Publication p) {
        StringBuilder sb = new StringBuilder("更正/撤回通知\n\n").append(withdrawalNotice(p)).append('\n');
        if (!Texts.isBlank(p.reason())) {
            sb.append("撤回原因：").append(p.reason().strip()).append('\n');
        }
        return sb.append("\n-- \n").append(config.fromName()).append('\n').toString();
    }

    private String withdrawalHtml(Publication p) {
        Element body = shell("撤回：" + p.content().title());
        body.appendElement("h1").text("更正/撤回通知");
        body.appendElement("p").text(withdrawalNotice(p));
        if (!Texts.isBlank(p.reason())) {
            body.appendElement("p").text("撤回原因：" + p.reason().strip());
        }
        body.appendElement("p").addClass("signature").text(config.fromName());
        return finish(body);
    }

    private static Element shell(String title) {
        Document doc = Document.createShell("");
        doc.outputSettings(MarkdownHtml.outputSettings());
        doc.prependChild(new DocumentType("html", "", ""));
        doc.selectFirst("html").attr("lang", "zh-CN");
        doc.head().appendElement("meta").attr("charset", "UTF-8");
        doc.head().appendElement("title").text(Texts.oneLine(title));
        return doc.body();
    }

    private static String finish(Element body) {
        InlineStyles.apply(body);
        body.attr("style", "margin:0;padding:16px;font-family:'PingFang SC','Microsoft YaHei',sans-serif;");
        body.select("p").forEach(p -> p.attr("style", InlineStyles.of("p")));
        return body.ownerDocument().outerHtml();
    }

    /** RFC 6068: the address with its local part percent-encoded, and the subject 退订 as UTF-8 percent-encoded octets. */
    static String unsubscribeMailto(String address) {
        int at = address.lastIndexOf('@');
        return "mailto:" + Texts.pathSegment(address.substring(0, at)) + address.substring(at) + "?subject="
                + Texts.pathSegment(UNSUBSCRIBE_SUBJECT);
    }

    /** The Message-ID of a delivery's e-mail, {@code <deliveryId@gongkai-hub>}. */
    public static String messageId(String deliveryId) {
        return "<" + messageIdLocalPart(deliveryId) + "@" + MESSAGE_ID_DOMAIN + ">";
    }

    /** Message-ID left part: atext only (RFC 5322), other bytes percent-encoded, so any delivery id gives a valid id. */
    static String messageIdLocalPart(String deliveryId) {
        StringBuilder sb = new StringBuilder();
        byte[] bytes = deliveryId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            // a dot may not start or end the dot-atom, nor follow another dot
            boolean dotOk = c == '.' && i > 0 && i < bytes.length - 1 && bytes[i - 1] != '.';
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&'*+-/=?^_`{|}~".indexOf(c) >= 0 || dotOk) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Keeps the Message-ID it was given: MimeMessage would make a new one on every saveChanges. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * An attachment streamed from the attachment store when the message is written, never held in memory, and checked
     * against its approved hash as it streams: a changed file fails the write before the message is complete.
     */
    private record StoredSource(Attachments attachments, Attachment attachment, String contentType) implements DataSource {
        @Override
        public InputStream getInputStream() throws IOException {
            return attachments.open(attachment);
        }

        @Override
        public String getName() {
            return attachment.name();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }
    }
}

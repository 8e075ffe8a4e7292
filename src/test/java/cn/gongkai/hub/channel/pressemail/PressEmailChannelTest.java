package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.channel.ChannelUnavailableException;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.DeliveryOutcome;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.support.Seeds;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PressEmailChannelTest {
    static final PressEmailConfig CONFIG = new PressEmailConfig("南通市文化广电和旅游局", "xxgk@example.gov.cn", "bgs@example.gov.cn");
    static final List<PressContact> CONTACTS = List.of(
            new PressContact("ntrb", "张编辑", "news@ntrb.example.cn", "南通日报"),
            new PressContact("ntgd", "李记者", "newsroom@ntgd.example.cn", "南通广播电视台"),
            new PressContact("jswh", "王编辑", "culture@jswh.example.cn", ""));
    static final String PDF_NAME = "附件1：2020年政府信息公开情况统计表.pdf";
    static final byte[] PDF = ("%PDF-1.4\n" + Seeds.text(3)).getBytes(StandardCharsets.UTF_8);

    static PressEmailChannel channel(Path data, AttachmentStore store, String transport) {
        return new PressEmailChannel(CONFIG, CONTACTS, ChannelFixtures.settings("press-email", transport), ChannelFixtures.hub(data),
                store, ChannelFixtures.outbox(data), List.of(), (id, channel) -> "https://hub.example.gov.cn/unsubscribe/" + id + "." + channel);
    }

    static Publication itemWithAttachment(AttachmentStore store) throws Exception {
        AttachmentStore.Stored stored = store.store(new ByteArrayInputStream(PDF), 1 << 20);
        ItemContent c = ChannelFixtures.content(Seeds.title(3), Seeds.text(3) + "\n\n" + ChannelFixtures.ATTACKS, "年度报告",
                List.of(new Attachment(PDF_NAME, "application/pdf", stored.size(), stored.sha256())));
        return ChannelFixtures.publish(c);
    }

    static MimeMessage parse(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void should_write_one_eml_per_contact_addressed_to_that_contact_alone(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "outbox");
        assertThat(email.targets().first(100)).extracting(Target::address)
                .containsExactly("culture@jswh.example.cn", "newsroom@ntgd.example.cn", "news@ntrb.example.cn");
        List<DeliveryOutcome> outcomes = email.send(itemWithAttachment(store), ChannelFixtures.deliveries(email));

        assertThat(outcomes).hasSize(3).allMatch(DeliveryOutcome::isSent);
        assertThat(Files.readAllLines(data.resolve("outbox/press-email/sent.log"))).hasSize(3);
        for (int i = 0; i < 3; i++) {
            DeliveryOutcome o = outcomes.get(i);
            assertThat(o.receipt().reference()).isEqualTo("outbox/press-email/" + o.deliveryId() + ".eml");
            MimeMessage m = parse(data.resolve(o.receipt().reference()));
            Address[] to = m.getRecipients(Message.RecipientType.TO);
            assertThat(to).hasSize(1);
            assertThat(((InternetAddress) to[0]).getAddress()).isEqualTo(email.targets().first(100).get(i).address());
            assertThat(m.getRecipients(Message.RecipientType.CC)).isNull();
            assertThat(m.getRecipients(Message.RecipientType.BCC)).isNull();
            assertThat(m.getMessageID()).isEqualTo("<" + o.deliveryId() + "@gongkai-hub>");
            assertThat(m.getHeader("X-Hub-Delivery-Id", null)).isEqualTo(o.deliveryId());
        }
        assertThat(((InternetAddress) parse(data.resolve(outcomes.get(1).receipt().reference())).getRecipients(Message.RecipientType.TO)[0])
                .getPersonal()).isEqualTo("李记者");
    }

    @Test
    void should_build_mixed_of_alternative_and_attachment_with_encoded_chinese_subject_and_file_name(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "outbox");
        List<DeliveryOutcome> outcomes = email.send(itemWithAttachment(store), ChannelFixtures.deliveries(email).subList(0, 1));
        Path eml = data.resolve(outcomes.get(0).receipt().reference());
        String raw = Files.readString(eml, StandardCharsets.ISO_8859_1);
        MimeMessage m = parse(eml);

        assertThat(m.getSubject()).isEqualTo("【政府信息公开】" + Seeds.title(3));
        assertThat(m.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("南通市文化广电和旅游局");
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("bgs@example.gov.cn");
        assertThat(m.getSentDate()).isNotNull();
        assertThat(m.getHeader("Date", null)).endsWith("+0800");

        assertThat(m.isMimeType("multipart/mixed")).isTrue();
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        BodyPart alternativePart = mixed.getBodyPart(0);
        assertThat(alternativePart.isMimeType("multipart/alternative")).isTrue();
        MimeMultipart alternative = (MimeMultipart) alternativePart.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        BodyPart plain = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(plain.isMimeType("text/plain")).isTrue();
        assertThat(plain.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat((String) plain.getContent()).contains(Seeds.title(3), "发布机构：" + ChannelFixtures.ISSUER,
                "文号：" + ChannelFixtures.DOC_NUMBER, "原文链接：" + ChannelFixtures.WEB_URL, "附件：" + PDF_NAME);
        assertThat(html.isMimeType("text/html")).isTrue();
        Document doc = Jsoup.parse((String) html.getContent());
        assertThat(doc.text()).contains("发布机构：" + ChannelFixtures.ISSUER, "文号：" + ChannelFixtures.DOC_NUMBER, "索引号：" + ChannelFixtures.INDEX_NUMBER);
        assertThat(doc.select("a[href=" + ChannelFixtures.WEB_URL + "]")).isNotEmpty();
        assertThat(doc.select("script, style, [onerror], [onclick], iframe")).isEmpty();
        assertThat(((String) html.getContent()).toLowerCase()).doesNotContain("javascript:");

        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(Part.ATTACHMENT).isEqualToIgnoringCase(attachment.getDisposition());
        assertThat(attachment.getFileName()).isEqualTo(PDF_NAME);
        assertThat(attachment.isMimeType("application/pdf")).isTrue();
        try (InputStream in = attachment.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(PDF);
        }
        // RFC 2231 names, not RFC 2047 words inside a parameter
        assertThat(raw).contains("filename*=UTF-8''%E9%99%84%E4%BB%B61").doesNotContain("filename=\"=?");
        assertThat(raw).contains("Content-Transfer-Encoding: base64");
    }

    @Test
    void should_split_a_very_long_chinese_file_name_into_rfc_2231_continuations_that_decode_back(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        AttachmentStore.Stored stored = store.store(new ByteArrayInputStream(PDF), 1 << 20);
        String longName = "关于".repeat(60) + "统计表（最终版）.pdf";
        ItemContent c = ChannelFixtures.content(Seeds.title(1), Seeds.text(1), null,
                List.of(new Attachment(longName, "application/pdf", stored.size(), stored.sha256())));
        PressEmailChannel email = channel(data, store, "outbox");
        List<DeliveryOutcome> outcomes = email.send(ChannelFixtures.publish(c), ChannelFixtures.deliveries(email).subList(0, 1));
        Path eml = data.resolve(outcomes.get(0).receipt().reference());
        String raw = Files.readString(eml, StandardCharsets.ISO_8859_1);
        assertThat(raw.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(raw).contains("filename*0*=UTF-8''%E5%85%B3", "filename*1*=");
        BodyPart attachment = ((MimeMultipart) parse(eml).getContent()).getBodyPart(1);
        assertThat(attachment.getFileName()).isEqualTo(longName);
        try (InputStream in = attachment.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(PDF);
        }
    }

    @Test
    void should_send_a_correction_notice_without_attachments_for_a_withdrawal(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "outbox");
        Publication published = itemWithAttachment(store);
        Publication withdrawal = ChannelFixtures.withdraw(published.content(), "统计数据有误");
        List<DeliveryOutcome> outcomes = email.send(withdrawal, ChannelFixtures.deliveries(email).subList(0, 1));
        MimeMessage m = parse(data.resolve(outcomes.get(0).receipt().reference()));
        assertThat(m.getSubject()).isEqualTo("【撤回】" + Seeds.title(3));
        String original = PressEmailRenderer.messageId(DeliveryStore.deliveryId("press-email", "item-42", 3, "publish", "jswh"));
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo(original);
        assertThat(m.getHeader("References", null)).isEqualTo(original);
        assertThat(m.getMessageID()).isEqualTo(PressEmailRenderer.messageId(outcomes.get(0).deliveryId())).isNotEqualTo(original);
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(1);
        String text = (String) ((MimeMultipart) mixed.getBodyPart(0).getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("已撤回", "撤回原因：统计数据有误", ChannelFixtures.DOC_NUMBER).doesNotContain(Seeds.text(3).lines().skip(3).findFirst().orElseThrow());
    }

    @Test
    void should_offer_unsubscribing_by_a_mail_to_the_office_in_every_message_without_claiming_one_click(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "outbox");
        Publication published = ChannelFixtures.publish(ChannelFixtures.seed(0));
        Delivery d = ChannelFixtures.deliveries(email).get(0);

        for (Publication p : List.of(published, ChannelFixtures.withdraw(published.content(), "统计数据有误"))) {
            MimeMessage m = parse(data.resolve(email.send(p, List.of(d)).get(0).receipt().reference()));
            // RFC 2369 with an RFC 6068 mailto: subject 退订 in UTF-8, percent-encoded
            assertThat(m.getHeader("List-Unsubscribe", null)).isEqualTo("<mailto:bgs@example.gov.cn?subject=%E9%80%80%E8%AE%A2>");
            // RFC 8058 one-click needs an HTTPS URL that unsubscribes on POST; the hub has none for the press
            assertThat(m.getHeader("List-Unsubscribe-Post")).isNull();
        }
    }

    @Test
    void should_reject_a_target_that_is_not_an_e_mail_address_and_send_the_rest(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "outbox");
        Delivery bad = ChannelFixtures.delivery("press-email", new Target("broken", "not-an-email", "坏地址"));
        List<DeliveryOutcome> outcomes = email.send(ChannelFixtures.publish(ChannelFixtures.seed(0)),
                List.of(bad, ChannelFixtures.deliveries(email).get(0)));
        assertThat(outcomes.get(0).isSent()).isFalse();
        assertThat(outcomes.get(0).rejection()).contains("not an e-mail address");
        assertThat(outcomes.get(1).isSent()).isTrue();
    }

    @Test
    void should_refuse_a_message_whose_attachment_bytes_are_missing_or_not_the_approved_ones(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "outbox");
        ItemContent c = ChannelFixtures.content(Seeds.title(0), Seeds.text(0), null,
                List.of(new Attachment("附件.pdf", "application/pdf", 10, "c".repeat(64))));
        List<DeliveryOutcome> outcomes = email.send(ChannelFixtures.publish(c), ChannelFixtures.deliveries(email));
        assertThat(outcomes).isNotEmpty().allSatisfy(o -> {
            assertThat(o.isRefused()).isTrue();
            assertThat(o.refusal()).contains("附件.pdf").contains("differs from what was approved");
        });
        try (var files = java.nio.file.Files.list(data.resolve("outbox").resolve("press-email"))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".eml"))).as("no half message kept").isEmpty();
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was written at all
        }
    }

    @Test
    void should_render_every_message_but_keep_none_when_discarding(@TempDir Path data) throws Exception {
        AttachmentStore store = new AttachmentStore(ChannelFixtures.hub(data));
        PressEmailChannel email = channel(data, store, "discard");
        List<DeliveryOutcome> outcomes = email.send(itemWithAttachment(store), ChannelFixtures.deliveries(email));
        assertThat(outcomes).hasSize(3).allSatisfy(o -> {
            assertThat(o.receipt().parts()).isEqualTo(1);
            assertThat(o.receipt().reference()).isEqualTo("discard");
        });
        assertThat(data.resolve("outbox")).doesNotExist();
        assertThat(email.resendSafe()).isFalse();
    }
}

package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.delivery.DeliveryReceipt;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the SMSC delivers on a receiver or transceiver session (deliver_sm, SMPP 3.4 §4.6):
 * <ul>
 *   <li>a delivery receipt (esm_class message type 0x04, or 0x20 an intermediate notification): the message id from the
 *       {@code receipted_message_id} TLV, else the {@code id:} of the text (SMPP 3.4 Appendix B:
 *       {@code id:… sub:… dlvrd:… submit date:… done date:YYMMDDhhmm stat:DELIVRD err:000 text:…}); the state from the
 *       {@code message_state} TLV, else {@code stat:}. Recorded on the delivery that message id belongs to, a long
 *       message's through {@link SmppPartReceipts} (its worst part);</li>
 *   <li>any other message from a handset (MO): {@code TD}, {@code T} or {@code 退订} (trimmed, any case, full-width
 *       letters too) records an opt-out of that number; anything else is answered and dropped.</li>
 * </ul>
 * Every deliver_sm is answered ESME_ROK, also one that is ignored — except when the hub cannot record it now (Redis
 * unreachable): then ESME_RX_T_APPN (0x64), so the SMSC keeps it and delivers it again instead of an opt-out being lost.
 * data_sm is refused (ESME_RINVCMDID): the account's SMSC delivers by deliver_sm.
 */
final class SmppInbound implements MessageReceiverListener {
    private static final Logger LOG = LoggerFactory.getLogger(SmppInbound.class);
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Set<String> OPT_OUT_WORDS = Set.of("TD", "T", "退订");
    private static final Pattern TEXT_ID = Pattern.compile("(?i)(?:^|\\s)id:(\\S+)");
    private static final Pattern TEXT_STAT = Pattern.compile("(?i)(?:^|\\s)stat:(\\S+)");
    private static final Pattern TEXT_ERR = Pattern.compile("(?i)(?:^|\\s)err:(\\S+)");
    private static final Pattern TEXT_DONE = Pattern.compile("(?i)done date:(\\d{10}(?:\\d{2})?)");
    /** SMPP 3.4 §5.2.28 message_state 1..8, in the words of the receipt text. */
    private static final String[] STATES = {null, "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD"};

    /** A parsed receipt: the message id it is for, and what it says. */
    record Report(String messageId, DeliveryReceipt receipt) {
    }

    private final SmppTransport.Inbound sink;
    private final SmppPartReceipts parts;
    private final ZoneId zone;
    private final Supplier<Instant> clock;

    SmppInbound(SmppTransport.Inbound sink, SmppPartReceipts parts, ZoneId zone, Supplier<Instant> clock) {
        this.sink = sink;
        this.parts = parts;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm sm) throws ProcessRequestException {
        try {
            accept(sm.getEsmClass(), sm.getDataCoding(), sm.getSourceAddr(), sm.getShortMessage(), sm.getOptionalParameters());
        } catch (RuntimeException e) {
            LOG.warn("sms via smpp: cannot record a deliver_sm now, answered ESME_RX_T_APPN so the SMSC delivers it again: {}", e.toString());
            throw new ProcessRequestException("cannot record it now: " + e.getMessage(), SMPPConstant.STAT_ESME_RX_T_APPN);
        }
    }

    /** Handles one deliver_sm's fields; throws only when recording failed (the SMSC should deliver it again). */
    void accept(byte esmClass, byte dataCoding, String source, byte[] shortMessage, OptionalParameter[] tlvs) {
        Instant now = clock.get();
        int type = esmClass & 0x3C;
        if (type == 0x04 || type == 0x20) {
            Optional<Report> r = receipt(shortMessage, tlv(tlvs, OptionalParameter.Tag.RECEIPTED_MESSAGE_ID),
                    tlv(tlvs, OptionalParameter.Tag.MESSAGE_STATE), now, zone);
            if (r.isEmpty()) {
                LOG.info("sms via smpp: a delivery receipt without a message id or a state, ignored");
                return;
            }
            parts.receipt(r.get().messageId(), r.get().receipt(), now).ifPresent(p -> sink.receipt(p.messageId(), p.receipt()));
            return;
        }
        if (type != 0x00) {
            LOG.debug("sms via smpp: deliver_sm with esm_class 0x{} ignored", Integer.toHexString(esmClass & 0xFF));
            return;
        }
        String text = text(esmClass, dataCoding, shortMessage, tlvs);
        if (!isOptOut(text)) {
            LOG.debug("sms via smpp: a reply that is not an opt-out, ignored");
            return;
        }
        Optional<String> number = mobile(source);
        if (number.isEmpty()) {
            LOG.info("sms via smpp: an opt-out reply from a source that is not a mainland mobile number, ignored");
            return;
        }
        sink.optOut(number.get(), now);
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        // an SMSC tells that a handset is reachable again; the hub does not wait for one
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not taken; deliver by deliver_sm", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    /** The receipt a deliver_sm carries, or empty when it names no message or no state. */
    static Optional<Report> receipt(byte[] shortMessage, OptionalParameter receiptedId, OptionalParameter messageState,
                                    Instant now, ZoneId zone) {
        String text = shortMessage == null ? "" : new String(shortMessage, StandardCharsets.ISO_8859_1);
        String id = receiptedId instanceof OptionalParameter.OctetString o ? cString(o) : null;
        if (id == null || id.isBlank()) {
            id = group(TEXT_ID, text);
        }
        String stat = null;
        if (messageState instanceof OptionalParameter.Byte b) {
            int v = b.getValue() & 0xFF;
            stat = v < STATES.length ? STATES[v] : null;
        }
        if (stat == null) {
            String s = group(TEXT_STAT, text);
            stat = s == null ? null : s.toUpperCase(Locale.ROOT);
        }
        if (id == null || id.isBlank() || stat == null) {
            return Optional.empty();
        }
        String err = group(TEXT_ERR, text);
        String detail = err != null ? "err:" + err : "message_state " + stat;
        return Optional.of(new Report(id.strip(), new DeliveryReceipt(stat, doneDate(text, zone).orElse(now), detail)));
    }

    /** The MO message's text: short_message (or message_payload) without its user data header, in its data coding. */
    static String text(byte esmClass, byte dataCoding, byte[] shortMessage, OptionalParameter[] tlvs) {
        byte[] sm = shortMessage;
        if (sm == null || sm.length == 0) {
            OptionalParameter payload = tlv(tlvs, OptionalParameter.Tag.MESSAGE_PAYLOAD);
            sm = payload instanceof OptionalParameter.OctetString o ? o.getValue() : new byte[0];
        }
        if ((esmClass & SmppParts.UDHI) != 0 && sm.length > 0) {
            int skip = Math.min(sm.length, (sm[0] & 0xFF) + 1);
            sm = Arrays.copyOfRange(sm, skip, sm.length);
        }
        return SmppAlphabet.decode(dataCoding, sm);
    }

    /** Whether a reply asks for no more SMS: TD, T or 退订, trimmed, in any case, full-width letters too. */
    static boolean isOptOut(String text) {
        if (text == null) {
            return false;
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
        return OPT_OUT_WORDS.contains(t);
    }

    /** A source address as the 11-digit mainland number: +86, 0086 and 86 prefixes stripped; empty if it is none. */
    static Optional<String> mobile(String source) {
        if (source == null) {
            return Optional.empty();
        }
        String d = source.replaceAll("[^0-9]", "");
        if (d.startsWith("0086")) {
            d = d.substring(4);
        } else if (d.startsWith("86") && d.length() == 13) {
            d = d.substring(2);
        }
        return MOBILE.matcher(d).matches() ? Optional.of(d) : Optional.empty();
    }

    private static Optional<Instant> doneDate(String text, ZoneId zone) {
        String d = group(TEXT_DONE, text);
        if (d == null) {
            return Optional.empty();
        }
        try {
            String pattern = d.length() == 12 ? "yyMMddHHmmss" : "yyMMddHHmm";
            return Optional.of(LocalDateTime.parse(d, DateTimeFormatter.ofPattern(pattern)).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String cString(OptionalParameter.OctetString o) {
        String s = new String(o.getValue(), StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static OptionalParameter tlv(OptionalParameter[] tlvs, OptionalParameter.Tag tag) {
        if (tlvs == null) {
            return null;
        }
        for (OptionalParameter p : tlvs) {
            if (p != null && p.tag == tag.code()) {
                return p;
            }
        }
        return null;
    }
}

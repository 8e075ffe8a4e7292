package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.vendor.SmppUserData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit_sm short messages of one SMS, read back with the SMSC peer's own decoder ({@link SmppUserData}). */
class SmppPartsTest {

    static String chinese(int n) {
        return Seeds.text(0).replaceAll("\\s", "").substring(0, n);
    }

    /** The parts' payloads joined and decoded as the handset does, checking each part as a strict SMSC would. */
    static String reassemble(List<SmppParts.Part> parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (SmppParts.Part p : parts) {
            SmppUserData.Split split = SmppUserData.split(p.esmClass(), p.shortMessage());
            assertThat(split.problem()).isNull();
            SmppUserData.Alphabet alphabet = SmppUserData.alphabet(p.dataCoding());
            assertThat(SmppUserData.alphabetProblem(alphabet, split.payload())).isNull();
            assertThat(SmppUserData.sizeProblem(alphabet, split.udh(), split.payload())).isNull();
            if (alphabet == SmppUserData.Alphabet.UCS2) {
                assertThat(SmppUserData.strictUcs2(split.payload())).as("part %d is whole UTF-16", p.sequence()).isNotNull();
            }
            all.writeBytes(split.payload());
        }
        return SmppUserData.text(SmppUserData.alphabet(parts.get(0).dataCoding()), all.toByteArray());
    }

    @Test
    void should_send_a_long_chinese_text_in_the_parts_sms_segments_computed_with_one_reference() {
        String text = chinese(180);
        List<SmppParts.Part> parts = SmppParts.of(text, 0x1A7);

        assertThat(parts).hasSize(SmsSegments.parts(text)).hasSize(3);
        for (SmppParts.Part p : parts) {
            assertThat(p.dataCoding()).isEqualTo((byte) 8);
            assertThat(p.esmClass()).isEqualTo((byte) 0x40);
            SmppUserData.Udh udh = SmppUserData.split(p.esmClass(), p.shortMessage()).udh();
            assertThat(udh.concatIei()).isZero();
            assertThat(udh.reference()).as("the low 8 bits of the reference").isEqualTo(0xA7);
            assertThat(udh.total()).isEqualTo(3);
            assertThat(udh.sequence()).isEqualTo(p.sequence());
        }
        assertThat(parts.get(0).shortMessage()).hasSize(6 + 67 * 2);
        assertThat(reassemble(parts)).isEqualTo(text);
    }

    @Test
    void should_send_seventy_chinese_characters_as_one_part_without_a_header() {
        List<SmppParts.Part> parts = SmppParts.of(chinese(70), 1);

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.esmClass()).isZero();
            assertThat(p.dataCoding()).isEqualTo((byte) 8);
            assertThat(p.shortMessage()).hasSize(140);
        });
    }

    @Test
    void should_keep_a_surrogate_pair_in_one_part() {
        String text = chinese(66) + "😀" + chinese(10);
        List<SmppParts.Part> parts = SmppParts.of(text, 9);

        assertThat(parts).hasSize(2);
        assertThat(SmppUserData.split(0x40, parts.get(0).shortMessage()).payload()).hasSize(66 * 2);
        assertThat(reassemble(parts)).isEqualTo(text);
    }

    @Test
    void should_send_an_all_gsm_text_in_the_gsm_default_alphabet_with_escapes_whole_in_a_part() {
        String text = "Notice [2026] No. 5: " + "a".repeat(131) + "€" + "b".repeat(40) + " {reply T} ~ ^ | \\ @£$¥";
        List<SmppParts.Part> parts = SmppParts.of(text, 3);

        assertThat(SmsSegments.encoding(text)).isEqualTo(SmsEncoding.GSM7);
        assertThat(parts).hasSize(SmsSegments.parts(text)).allSatisfy(p -> assertThat(p.dataCoding()).isZero());
        assertThat(reassemble(parts)).isEqualTo(text);
        byte[] first = SmppUserData.split(0x40, parts.get(0).shortMessage()).payload();
        assertThat(first[first.length - 1]).as("a part never ends in a lone escape").isNotEqualTo((byte) 0x1B);
    }

    @Test
    void should_read_back_every_character_of_the_gsm_default_alphabet_and_its_extension() {
        String all = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
                + "abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€";
        byte[] septets = SmppAlphabet.encode(SmsEncoding.GSM7, all);

        assertThat(SmppUserData.text(SmppUserData.Alphabet.GSM7, septets)).isEqualTo(all);
        assertThat(SmppAlphabet.decode(0, septets)).isEqualTo(all);
        assertThat(septets.length).isEqualTo(SmsSegments.units(all));
    }
}

package cn.gongkai.hub.vendor;

import cn.gongkai.hub.vendor.SmppUserData.Alphabet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SmppUserDataTest {

    @Test
    void should_read_a_16_bit_reference_concatenation_header() {
        byte[] sm = {0x06, 0x08, 0x04, 0x01, 0x2C, 0x03, 0x02, 0x00, 0x41};

        SmppUserData.Split split = SmppUserData.split(SmppUserData.UDHI, sm);

        assertThat(split.problem()).isNull();
        assertThat(split.udh().concatIei()).isEqualTo(0x08);
        assertThat(split.udh().reference()).isEqualTo(300);
        assertThat(split.udh().total()).isEqualTo(3);
        assertThat(split.udh().sequence()).isEqualTo(2);
        assertThat(split.payload()).containsExactly(0x00, 0x41);
    }

    @Test
    void should_refuse_a_header_whose_element_runs_past_it() {
        assertThat(SmppUserData.split(SmppUserData.UDHI, new byte[]{0x05, 0x00, 0x05, 0x01, 0x02, 0x01}).problem())
                .contains("runs past the header");
        assertThat(SmppUserData.split(SmppUserData.UDHI, new byte[]{0x06, 0x00, 0x04, 0x01, 0x02, 0x01, 0x00, 0x41}).problem())
                .contains("length 4, not 3");
    }

    @Test
    void should_decode_gsm_7_bit_with_the_extension_table() {
        byte[] septets = {0x1B, 0x65, 0x35, 0x20, 0x1B, 0x3C, 0x11, 0x1B, 0x3E};

        assertThat(SmppUserData.text(Alphabet.GSM7, septets)).isEqualTo("€5 [_]");
        assertThat(SmppUserData.toGsm7("€5 [_]")).containsExactly(septets);
        assertThat(SmppUserData.toGsm7("退订")).isNull();
    }

    @Test
    void should_count_the_header_in_septets_for_gsm_and_in_octets_for_ucs2() {
        SmppUserData.Udh udh = SmppUserData.split(SmppUserData.UDHI, new byte[]{0x05, 0x00, 0x03, 0x01, 0x02, 0x01}).udh();

        assertThat(udh.septets()).isEqualTo(7);
        assertThat(SmppUserData.sizeProblem(Alphabet.GSM7, udh, new byte[153])).isNull();
        assertThat(SmppUserData.sizeProblem(Alphabet.GSM7, udh, new byte[154])).contains("161 septets");
        assertThat(SmppUserData.sizeProblem(Alphabet.UCS2, udh, new byte[134])).isNull();
        assertThat(SmppUserData.sizeProblem(Alphabet.UCS2, udh, new byte[136])).contains("142 octets");
    }

    @Test
    void should_name_the_alphabet_of_common_data_codings() {
        assertThat(SmppUserData.alphabet(0x00)).isEqualTo(Alphabet.GSM7);
        assertThat(SmppUserData.alphabet(0x08)).isEqualTo(Alphabet.UCS2);
        assertThat(SmppUserData.alphabet(0x18)).isEqualTo(Alphabet.UCS2);
        assertThat(SmppUserData.alphabet(0xF4)).isEqualTo(Alphabet.EIGHT_BIT);
        assertThat(SmppUserData.alphabet(0x03)).isEqualTo(Alphabet.LATIN1);
    }

    @Test
    void should_spot_a_concatenation_header_sent_without_udhi() {
        byte[] withHeader = new byte[]{0x05, 0x00, 0x03, 0x11, 0x02, 0x01, 0x4E, 0x00};
        byte[] plain = "公开".getBytes(StandardCharsets.UTF_16BE);

        assertThat(SmppUserData.looksLikeConcatHeader(withHeader)).isTrue();
        assertThat(SmppUserData.looksLikeConcatHeader(plain)).isFalse();
    }
}

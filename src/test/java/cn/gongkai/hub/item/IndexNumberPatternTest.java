package cn.gongkai.hub.item;

import cn.gongkai.hub.channel.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexNumberPatternTest {

    @Test
    void should_write_the_organisation_the_year_and_the_zero_padded_sequence() {
        IndexNumberPattern p = new IndexNumberPattern("000014349", "{org}/{year}-{seq:5}");
        assertThat(p.format(2026, 110)).isEqualTo("000014349/2026-00110");
        assertThat(p.format(2026, 123456)).as("more digits than the padding").isEqualTo("000014349/2026-123456");
    }

    @Test
    void should_take_other_characters_literally() {
        assertThat(new IndexNumberPattern("11320600MB1234567X", "GK.{org}-{year}-{seq:6}$").format(2027, 7))
                .isEqualTo("GK.11320600MB1234567X-2027-000007$");
    }

    @Test
    void should_refuse_a_pattern_without_year_or_sequence_naming_the_key() {
        assertThatThrownBy(() -> new IndexNumberPattern("000014349", "{org}-{seq:5}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hub.index-number.pattern").hasMessageContaining("{year}");
        assertThatThrownBy(() -> new IndexNumberPattern("000014349", "{org}/{year}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("{seq}");
    }

    @Test
    void should_refuse_unknown_placeholders_and_odd_organisation_codes() {
        assertThatThrownBy(() -> new IndexNumberPattern("000014349", "{org}/{year}-{seq:5}-{month}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only {org}, {year} and {seq:N}");
        assertThatThrownBy(() -> new IndexNumberPattern("0000/14349", "{org}/{year}-{seq:5}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("hub.index-number.organisation");
    }
}

package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.support.ChannelConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** led.yml's per-screen keys of {@code transport: led}: push, feed-token, hours. */
class LedConfigTest {
    static final String PUSH_SCREEN = "screens:\n  gate:\n    location: 南门\n    chars-per-line: 16\n    lines: 2\n    mode: push\n";

    static String refusal(Path dir, String yaml) throws Exception {
        Path config = ChannelConfigs.copy(dir);
        ChannelConfigs.set(config, "led", yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChannelConfigFiles.load(config).check());
        assertThat(e).as("refused: " + yaml).isNotNull();
        return e.getMessage();
    }

    @Test
    void should_accept_a_push_screen_with_its_controller(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir);
        ChannelConfigs.set(config, "led", "transport: led\n" + PUSH_SCREEN + "    hours: \"18:00-24:00\"\n"
                + "    feed-token: \"${LED_GATE_TOKEN:}\"\n    push:\n      host: 10.0.0.5\n      port: 5005\n      timeout: 3s\n");
        assertThatCode(() -> ChannelConfigFiles.load(config).check()).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_a_push_screen_without_its_controller_once_led_is_the_transport(@TempDir Path dir) throws Exception {
        assertThat(refusal(dir, "transport: led\n" + PUSH_SCREEN)).contains("led.yml", "screens.gate.push:", "host and port");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "push:\\n  host: 10.0.0.5\\n  port: 70000      | screens.gate.push.port:",
            "push:\\n  port: 5005                           | screens.gate.push.host:",
            "push:\\n  host: x\\n  port: 1\\n  timeout: soon | screens.gate.push.timeout:",
            "push:\\n  host: x\\n  port: 1\\n  tls: true     | screens.gate.push.tls:",
            "feed-token: hunter2                         | screens.gate.feed-token:",
            "hours: 8-18                                 | screens.gate.hours:",
            "hours: 08:00-08:00                          | screens.gate.hours:",
    })
    void should_refuse_a_bad_screen_key_by_name(String lines, String key, @TempDir Path dir) throws Exception {
        // the screen's keys, indented under it (CSV values lose their leading blanks)
        String screenKeys = ("    " + lines.replace("\\n", "\n    ")).stripTrailing() + "\n";
        assertThat(refusal(dir, "transport: led\n" + PUSH_SCREEN + screenKeys)).contains("led.yml", key);
    }

    @Test
    void should_read_display_hours_that_cross_midnight_or_end_at_24() {
        DisplayHours day = DisplayHours.parse("08:00-18:00");
        assertThat(day.contains(LocalTime.of(8, 0))).isTrue();
        assertThat(day.contains(LocalTime.of(17, 59))).isTrue();
        assertThat(day.contains(LocalTime.of(18, 0))).isFalse();
        assertThat(day.contains(LocalTime.of(7, 59))).isFalse();
        DisplayHours night = DisplayHours.parse("22:00-06:00");
        assertThat(night.contains(LocalTime.of(23, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(5, 0))).isTrue();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        DisplayHours evening = DisplayHours.parse("18:00-24:00");
        assertThat(evening.contains(LocalTime.of(23, 59, 59))).isTrue();
        assertThat(evening.contains(LocalTime.of(0, 0))).isFalse();
        assertThat(DisplayHours.parse("00:00-24:00").contains(LocalTime.of(3, 0))).isTrue();
    }
}

package cn.gongkai.hub.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The shipped channel-config/ passes the start-up check, and a bad value in any channel file is refused by name. */
class ChannelConfigFilesTest {

    static Path copyOfShippedConfig(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("channel-config"))) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    static String refusal(Path dir, String file, String from, String to) throws IOException {
        Path f = dir.resolve(file);
        String before = Files.readString(f);
        assertThat(before).as("the shipped " + file + " has '" + from + "'").contains(from);
        Files.writeString(f, before.replace(from, to));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ChannelConfigFiles.load(dir).check());
        assertThat(e).as("a bad value in " + file + " must be refused").isNotNull();
        return e.getMessage();
    }

    @Test
    void should_accept_the_shipped_channel_config(@TempDir Path dir) throws IOException {
        ChannelConfigFiles files = ChannelConfigFiles.load(copyOfShippedConfig(dir));
        assertThatCode(files::check).doesNotThrowAnyException();
        assertThat(files.channels()).containsExactlyInAnyOrder("website", "wechat", "sms", "qq", "led", "press-email");
        assertThat(ChannelDescriptors.byName().keySet()).as("one descriptor per channel, found without a list")
                .containsExactlyInAnyOrder("website", "wechat", "sms", "qq", "led", "press-email");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "sms.yml         | signature: 【南通市文广旅局】         | signature: 南通市文广旅局           | signature",
            "sms.yml         | max-parts: 3                        | max-parts: 0                      | max-parts",
            "sms.yml         | name: 媒体联络员                     | title: 媒体联络员                  | lists.media-liaison.name",
            "led.yml         | chars-per-line: 32                  | chars-per-line: 2                 | screens.service-hall.chars-per-line",
            "led.yml         | encoding: GBK                       | encoding: BIG5                    | screens.service-hall.encoding",
            "led.yml         | mode: push                          | mode: poll                        | screens.library-gate.mode",
            "press-email.yml | email: news@ntrb.example.cn         | email: not-an-email               | contacts.ntrb.email",
            "press-email.yml | from-address: xxgk@example.gov.cn   | from-address: xxgk                | from-address",
            "qq.yml          | group-id: 100000001                 | group-id: 市民群                   | groups.citizens.group-id",
            "website.yml     | base-url: https://www.example.gov.cn/xxgk | base-url: www.example.gov.cn | base-url",
            "wechat.yml      | account-name: 南通文广旅             | account-name: ''                  | account-name",
            "wechat.yml      | transport: outbox                   | transport: wxjava                 | transport",
    })
    void should_refuse_a_bad_value_naming_the_file_and_the_key(String file, String from, String to, String key, @TempDir Path dir)
            throws IOException {
        String message = refusal(copyOfShippedConfig(dir), file, from, to);
        assertThat(message).contains(file).contains(key + ":");
    }

    @Test
    void should_refuse_a_failover_list_where_the_channel_has_one_transport_and_unknown_names_in_it(@TempDir Path dir) throws IOException {
        assertThat(refusal(copyOfShippedConfig(dir), "qq.yml", "transport: outbox", "transport: [outbox, discard]"))
                .contains("qq.yml", "transport:", "does not fail over");
        assertThat(refusal(copyOfShippedConfig(Files.createDirectory(dir.resolve("second"))), "sms.yml", "transport: outbox", "transport: [fax]"))
                .contains("sms.yml", "transport: 'fax' is not a transport of this channel");
    }

    @Test
    void should_refuse_an_sms_list_without_numbers(@TempDir Path dir) throws IOException {
        String message = refusal(copyOfShippedConfig(dir), "sms.yml", "numbers: [\"15000000004\", \"18600000005\"]", "numbers: []");
        assertThat(message).contains("sms.yml", "lists.culture-venues.numbers", "must not be empty");
    }

    @Test
    void should_refuse_a_press_contact_without_a_name(@TempDir Path dir) throws IOException {
        String message = refusal(copyOfShippedConfig(dir), "press-email.yml", "    name: 李记者\n", "");
        assertThat(message).contains("press-email.yml", "contacts.ntgd.name", "is required");
    }
}

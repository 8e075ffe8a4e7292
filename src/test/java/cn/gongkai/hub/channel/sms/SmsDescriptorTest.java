package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.support.ChannelConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The providers' template variables must take item fields the hub has: a bad name stops the start naming file and key. */
class SmsDescriptorTest {

    private static String refusal(Path tmp, String from, String to) throws IOException {
        Path dir = ChannelConfigs.copy(tmp.resolve("channel-config"));
        Path sms = dir.resolve("sms.yml");
        String before = Files.readString(sms);
        assertThat(before).as("the shipped sms.yml has '" + from + "'").contains(from);
        Files.writeString(sms, before.replace(from, to));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ChannelConfigFiles.load(dir).check());
        assertThat(e).as("'" + to + "' must be refused").isNotNull();
        return e.getMessage();
    }

    @Test
    void should_accept_the_shipped_template_params_and_a_withdrawal_template(@TempDir Path tmp) throws IOException {
        Path dir = ChannelConfigs.copy(tmp.resolve("channel-config"));
        Path sms = dir.resolve("sms.yml");
        Files.writeString(sms, Files.readString(sms)
                .replace("  # withdraw-template-code: SMS_000000002", "  withdraw-template-code: SMS_000000002")
                .replace("  # withdraw-template-params: {title: title, reason: reason}", "  withdraw-template-params: {title: title, reason: reason}")
                .replace("  # withdraw-template-id: \"1000002\"", "  withdraw-template-id: \"1000002\"")
                .replace("  # withdraw-template-params: [title, reason]", "  withdraw-template-params: [title, reason]"));
        assertThatCode(() -> ChannelConfigFiles.load(dir).check()).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_an_aliyun_template_variable_that_takes_no_item_field(@TempDir Path tmp) throws IOException {
        assertThat(refusal(tmp, "template-params: {title: title, link: url}", "template-params: {title: title, link: website}"))
                .contains("sms.yml", "aliyun.template-params.link:", "'website' is not an item field", "item-id");
    }

    @Test
    void should_refuse_a_tencent_template_param_that_is_no_item_field_naming_its_place(@TempDir Path tmp) throws IOException {
        assertThat(refusal(tmp, "template-params: [title, item-id]", "template-params: [title, itemid]"))
                .contains("sms.yml", "tencent.template-params[1]:", "'itemid' is not an item field");
    }

    @Test
    void should_refuse_withdrawal_params_without_the_withdrawal_template(@TempDir Path tmp) throws IOException {
        assertThat(refusal(tmp, "  # withdraw-template-params: {title: title, reason: reason}", "  withdraw-template-params: {title: title, reason: reason}"))
                .contains("sms.yml", "aliyun.withdraw-template-params:", "withdraw-template-code");
    }
}

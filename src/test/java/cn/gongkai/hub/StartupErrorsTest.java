package cn.gongkai.hub;

import cn.gongkai.hub.channel.ChannelConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StartupErrorsTest {

    @Test
    void should_tell_the_operator_to_set_hub_port_when_the_port_is_taken() {
        String line = StartupErrors.describe(new IllegalStateException("server failed", new BindException("Address already in use")));
        assertThat(line).contains("HTTP port is already in use").contains("HUB_PORT").doesNotContain("\n");
    }

    @Test
    void should_name_the_channel_file_for_a_violation_micronaut_reports_on_a_channel_record(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("sms.yml"), "enabled: true\n");
        StartupErrors.channelFiles(ChannelConfigFiles.load(dir));
        RuntimeException e = new RuntimeException("Error instantiating bean", new RuntimeException("""
                Validation failed for bean definition [cn.gongkai.hub.channel.sms.SmsConfig]
                List of constraint violations:[
                	cn.gongkai.hub.channel.sms.SmsConfig.signature - must match "【[^【】]+】"
                ]"""));
        assertThat(StartupErrors.describe(e)).endsWith("sms.yml: signature: must match \"【[^【】]+】\"");
    }

    @Test
    void should_print_a_start_up_refusal_as_it_is_worded() {
        RuntimeException e = new RuntimeException("Error instantiating bean", new StartupException(
                "data dir /x/data is in use by another hub (pid 1234); stop it or set HUB_DATA_DIR to another folder"));
        assertThat(StartupErrors.describe(e))
                .isEqualTo("data dir /x/data is in use by another hub (pid 1234); stop it or set HUB_DATA_DIR to another folder");
    }
}

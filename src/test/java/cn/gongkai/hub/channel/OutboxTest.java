package cn.gongkai.hub.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {

    @Test
    void should_write_the_file_under_the_channel_folder_and_return_its_path_relative_to_the_data_dir(@TempDir Path data) throws Exception {
        Outbox outbox = ChannelFixtures.outbox(data);
        String ref = outbox.write("sms", "d-1", "json", out -> out.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(ref).isEqualTo("outbox/sms/d-1.json");
        assertThat(Files.readString(data.resolve(ref))).isEqualTo("{\"a\":1}");
    }

    @Test
    void should_append_one_tab_separated_line_per_send_even_when_the_same_delivery_goes_twice(@TempDir Path data) throws Exception {
        Outbox outbox = ChannelFixtures.outbox(data);
        outbox.writeJson("qq", "d-1", Map.of("n", 1));
        outbox.writeJson("qq", "d-1", Map.of("n", 2));
        outbox.writeJson("qq", "d-2", Map.of("n", 3));
        List<String> lines = Files.readAllLines(data.resolve("outbox/qq/sent.log"));
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> l.split("\t")[0]).containsExactly("d-1", "d-1", "d-2");
        for (String line : lines) {
            String[] f = line.split("\t");
            assertThat(f).hasSize(3);
            assertThat(f[1]).isEqualTo("json");
            assertThat(OffsetDateTime.parse(f[2]).toInstant()).isEqualTo(ChannelFixtures.CLOCK.instant());
        }
        assertThat(Files.readString(data.resolve("outbox/qq/d-1.json"))).contains("\"n\" : 2");
    }

    @Test
    void should_leave_the_previous_file_and_no_temp_file_or_log_line_when_writing_fails_half_way(@TempDir Path data) throws Exception {
        Outbox outbox = ChannelFixtures.outbox(data);
        outbox.write("led", "d-1", "json", out -> out.write("complete".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> outbox.write("led", "d-1", "json", out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("disk full");
        assertThat(Files.readString(data.resolve("outbox/led/d-1.json"))).isEqualTo("complete");
        try (Stream<Path> files = Files.list(data.resolve("outbox/led"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("d-1.json", "sent.log");
        }
        assertThat(Files.readAllLines(data.resolve("outbox/led/sent.log"))).hasSize(1);
    }

    @Test
    void should_report_an_unwritable_outbox_as_channel_unavailable(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("outbox"));
        Files.writeString(data.resolve("outbox/website"), "a file where the folder should be");
        Outbox outbox = ChannelFixtures.outbox(data);
        assertThatThrownBy(() -> outbox.write("website", "d-1", "html", out -> out.write(1)))
                .isInstanceOf(ChannelUnavailableException.class).hasMessageContaining("website");
    }

    @Test
    void should_keep_a_delivery_id_with_path_characters_inside_the_channel_folder(@TempDir Path data) throws Exception {
        Outbox outbox = ChannelFixtures.outbox(data);
        String ref = outbox.write("sms", "../../etc/passwd", "json", out -> out.write(1));
        Path written = data.resolve(ref).normalize();
        assertThat(written.getParent()).isEqualTo(data.resolve("outbox/sms"));
        assertThat(Outbox.fileName("item-1.v2.sms.list-13800000001.publish")).isEqualTo("item-1.v2.sms.list-13800000001.publish");
    }

    @Test
    void should_sweep_a_file_left_half_written_by_a_killed_process_but_not_one_being_written(@TempDir Path data) throws IOException {
        Path dir = Files.createDirectories(data.resolve("outbox/sms"));
        Path stale = Files.writeString(dir.resolve(Outbox.TEMP_PREFIX + "123.part"), "{\"to\":");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path fresh = Files.writeString(dir.resolve(Outbox.TEMP_PREFIX + "456.part"), "{\"to\":");
        new Outbox(data, java.time.Clock.systemUTC());
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
    }
}

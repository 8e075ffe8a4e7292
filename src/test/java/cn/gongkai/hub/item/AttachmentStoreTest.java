package cn.gongkai.hub.item;

import cn.gongkai.hub.HubConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttachmentStoreTest {

    private static Attachment stored(AttachmentStore store, byte[] bytes) throws Exception {
        AttachmentStore.Stored s = store.store(new ByteArrayInputStream(bytes), 1 << 20);
        return new Attachment("指南.txt", "text/plain", s.size(), s.sha256());
    }

    private static Path file(Path dir, Attachment a) {
        return dir.resolve("attachments").resolve(a.sha256().substring(0, 2)).resolve(a.sha256());
    }

    private static AttachmentStore store(Path dir) {
        return new AttachmentStore(new HubConfig(dir.toString(), "Asia/Shanghai", 100000, 1 << 20, "", 2 << 20));
    }

    @Test
    void should_hand_out_the_approved_bytes_unchanged(@TempDir Path dir) throws Exception {
        AttachmentStore store = store(dir);
        byte[] bytes = "办事指南：请携带有效证件。".getBytes(StandardCharsets.UTF_8);
        Attachment a = stored(store, bytes);
        try (InputStream in = store.open(a)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        store.verify(a);
    }

    @Test
    void should_fail_the_read_when_the_file_changed_on_disk_with_the_same_or_another_size(@TempDir Path dir) throws Exception {
        AttachmentStore store = store(dir);
        Attachment a = stored(store, "办事指南：请携带有效证件。".getBytes(StandardCharsets.UTF_8));
        byte[] same = "身份证号码11010519491231002X。".getBytes(StandardCharsets.UTF_8);
        Files.write(file(dir, a), java.util.Arrays.copyOf(same, (int) a.size()));
        assertThatThrownBy(() -> store.verify(a)).isInstanceOf(AttachmentStore.AttachmentChangedException.class)
                .hasMessageContaining("SHA-256");
        Files.write(file(dir, a), new byte[(int) a.size() + 5000]);
        assertThatThrownBy(() -> {
            try (InputStream in = store.open(a)) {
                in.read(new byte[(int) a.size() + 1]);
                in.read(new byte[8192]);
            }
        }).as("more bytes than approved fail before the end").isInstanceOf(AttachmentStore.AttachmentChangedException.class)
                .hasMessageContaining("more than the approved");
        Files.write(file(dir, a), new byte[3]);
        assertThatThrownBy(() -> store.verify(a)).hasMessageContaining("not the approved " + a.size());
        Files.delete(file(dir, a));
        assertThatThrownBy(() -> store.verify(a)).hasMessageContaining("missing");
    }
}

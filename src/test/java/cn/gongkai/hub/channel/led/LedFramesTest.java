package cn.gongkai.hub.channel.led;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedFramesTest {

    @Test
    void should_frame_a_page_as_length_then_a_utf8_json_line_then_the_text_in_the_screens_encoding() throws Exception {
        byte[] f = LedFrames.page("gate", "12", 2, 3, "GBK", List.of("开放时间调整", "9:00-17:00"));
        int length = ByteBuffer.wrap(f, 0, 4).getInt();
        assertThat(length).isEqualTo(f.length - 4);
        int nl = 4;
        while (f[nl] != '\n') {
            nl++;
        }
        JsonNode h = new ObjectMapper().readTree(new String(f, 4, nl - 4, StandardCharsets.UTF_8));
        assertThat(h.toString()).isEqualTo("{\"screen\":\"gate\",\"item\":\"12\",\"page\":2,\"pages\":3,\"encoding\":\"GBK\"}");
        byte[] text = Arrays.copyOfRange(f, nl + 1, f.length);
        assertThat(text).isEqualTo("开放时间调整\n9:00-17:00".getBytes(Charset.forName("GBK")));
    }

    @Test
    void should_frame_a_clear_as_item_null_page_zero_and_no_text() throws Exception {
        byte[] f = LedFrames.clear("gate", "UTF-8");
        assertThat(ByteBuffer.wrap(f, 0, 4).getInt()).isEqualTo(f.length - 4);
        assertThat(f[f.length - 1]).isEqualTo((byte) '\n');
        assertThat(new ObjectMapper().readTree(new String(f, 4, f.length - 5, StandardCharsets.UTF_8)).toString())
                .isEqualTo("{\"screen\":\"gate\",\"item\":null,\"page\":0,\"pages\":0,\"encoding\":\"UTF-8\"}");
    }
}

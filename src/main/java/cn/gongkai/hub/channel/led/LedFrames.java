package cn.gongkai.hub.channel.led;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames a push screen's controller receives over TCP, one page each:
 * <pre>
 *   length   4 bytes, big-endian: the number of bytes after it (header line, '\n', text)
 *   header   one line of UTF-8 JSON {"screen":"library-gate","item":"12","page":1,"pages":3,"encoding":"GBK"}, then '\n'
 *   text     the page's lines joined by '\n', in the screen's encoding (GBK or UTF-8), nothing after the last line
 * </pre>
 * {@code page} counts from 1 to {@code pages}; a page replaces the same page of the same item on the screen, and
 * {@code pages} is how many the item has now (a controller drops the item's pages above it, left from a longer
 * version). The controller answers each frame with the one byte {@code 0x06} (ACK) once it holds the page; the hub
 * sends the next frame only after that ACK.
 *
 * <p>The clear frame {@code {"screen":…,"item":null,"page":0,"pages":0,"encoding":…}} with no text empties the
 * screen's playlist; after a withdrawal the hub sends it, then every page of each item still showing, so the screen
 * ends up holding exactly the hub's playlist.
 */
final class LedFrames {
    static final int ACK = 0x06;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedFrames() {
    }

    static byte[] page(String screen, String item, int page, int pages, String encoding, List<String> lines) {
        return frame(screen, item, page, pages, encoding, String.join("\n", lines).getBytes(Charset.forName(encoding)));
    }

    static byte[] clear(String screen, String encoding) {
        return frame(screen, null, 0, 0, encoding, new byte[0]);
    }

    private static byte[] frame(String screen, String item, int page, int pages, String encoding, byte[] text) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("screen", screen);
        header.put("item", item);
        header.put("page", page);
        header.put("pages", pages);
        header.put("encoding", encoding);
        byte[] head;
        try {
            head = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + head.length + 1 + text.length);
        out.writeBytes(ByteBuffer.allocate(4).putInt(head.length + 1 + text.length).array());
        out.writeBytes(head);
        out.write('\n');
        out.writeBytes(text);
        return out.toByteArray();
    }
}

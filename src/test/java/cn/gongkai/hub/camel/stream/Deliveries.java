package cn.gongkai.hub.camel.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds delivery-like stream entries; the text is a real disclosure report excerpt from the seeds. */
final class Deliveries {

    static final String TEXT = seedExcerpt();

    private Deliveries() {
    }

    static Map<String, String> entry(int seq) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("seq", Integer.toString(seq));
        fields.put("itemId", "item-" + (seq / 10));
        fields.put("channel", "sms");
        fields.put("recipient", String.format("138%08d", seq));
        fields.put("text", TEXT);
        return fields;
    }

    static List<Map<String, String>> entries(int from, int count) {
        List<Map<String, String>> list = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            list.add(entry(i));
        }
        return list;
    }

    private static String seedExcerpt() {
        try (InputStream in = Deliveries.class.getResourceAsStream("/seeds/000_2fd43ac3e1f5eb09.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.substring(0, 60);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

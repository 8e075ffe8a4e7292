package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.Action;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The item values an SMS provider's template may take ({@code template-params} in sms.yml names them): the same
 * cleared publication the free text is rendered from, one line each.
 */
public enum TemplateField {
    TITLE("title", p -> Texts.oneLine(p.content().title())),
    SUMMARY("summary", p -> Texts.summaryOrFirstSentence(p.content().summary(), p.content().body())),
    URL("url", p -> Texts.isBlank(p.webUrl()) ? "" : p.webUrl().strip()),
    ITEM_ID("item-id", Publication::itemId),
    INDEX_NUMBER("index-number", p -> Texts.isBlank(p.indexNumber()) ? "" : p.indexNumber().strip()),
    DOCUMENT_NUMBER("document-number", p -> Texts.isBlank(p.content().docNumber()) ? "" : Texts.oneLine(p.content().docNumber())),
    ISSUER("issuer", p -> Texts.isBlank(p.content().issuer()) ? "" : Texts.oneLine(p.content().issuer())),
    REASON("reason", p -> p.action() == Action.WITHDRAW && !Texts.isBlank(p.reason()) ? Texts.oneLine(p.reason()) : "");

    private final String key;
    private final Function<Publication, String> value;

    TemplateField(String key, Function<Publication, String> value) {
        this.key = key;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public static Optional<TemplateField> of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key == null ? "" : key.strip())).findFirst();
    }

    /** The names a channel file may use, for error messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(TemplateField::key).toList());
    }

    /**
     * The value of field {@code key} in a message's {@code fields}, cut to at most {@code max} code points (so never
     * between the two halves of a surrogate pair): providers count a template variable's length in characters.
     */
    static String value(Map<String, String> fields, String key, int max) {
        String v = of(key).map(f -> fields.get(f.key)).orElse(null);
        return v == null ? "" : Texts.codePointPrefix(v, max);
    }

    /** Every field's value for one publication. */
    static Map<String, String> of(Publication p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TemplateField f : values()) {
            String v = f.value.apply(p);
            out.put(f.key, v == null ? "" : v);
        }
        return out;
    }
}

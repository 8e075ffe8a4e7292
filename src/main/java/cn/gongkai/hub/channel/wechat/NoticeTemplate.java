package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The notice template of {@code channel-config/wechat.yml} ({@link NoticeTemplateConfig}), checked: every keyword
 * named {@code <type><n>} of a known type, every source one the renderer knows, time and date keywords filled from the
 * publication time (or a fixed text), a {@code const} keyword only from a fixed text (it must be one of the values the
 * template enumerates). A problem stops the start, naming the file and the key.
 *
 * @param templateId empty when no template is configured (notices are then refused, each delivery saying why)
 */
record NoticeTemplate(String templateId, String url, List<Field> fields) {
    static final String FILE = "channel-config/wechat.yml";

    NoticeTemplate {
        fields = List.copyOf(fields);
    }

    /** Where a keyword's value comes from. */
    enum Source {
        TITLE("title"), SUMMARY("summary"), BODY("body"), ISSUER("issuer"), DOC_NUMBER("docNumber"),
        INDEX_NUMBER("indexNumber"), PUBLISHED_AT("publishedAt"), TEXT("text:");

        final String name;

        Source(String name) {
            this.name = name;
        }
    }

    /**
     * One keyword of the template.
     *
     * @param text the fixed text of a {@link Source#TEXT} source, else null
     */
    record Field(String keyword, TemplateKeyword type, Source source, String text) {
    }

    boolean configured() {
        return !templateId.isEmpty();
    }

    static NoticeTemplate of(NoticeTemplateConfig config) {
        return parse(FILE, config.templateId(), config.url(), config.fields());
    }

    /**
     * @param where  the file as shown in messages
     * @param fields keyword → source, as read from the file
     */
    static NoticeTemplate parse(String where, String templateId, String url, Map<?, ?> fields) {
        String at = where + ": notice-template.";
        String id = templateId == null ? "" : templateId.strip();
        String page = url == null ? "" : url.strip();
        if (!page.isEmpty() && !page.matches("https?://[^\\s]+")) {
            throw new ConfigException(at + "url: '" + page + "' is not an http(s) address");
        }
        if (!id.isEmpty() && !id.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new ConfigException(at + "template-id: '" + id + "' is not a template id (letters, digits, - and _)");
        }
        if (!id.isEmpty() && (fields == null || fields.isEmpty())) {
            throw new ConfigException(at + "fields: is required with a template-id: name each keyword of the template and what fills it");
        }
        List<Field> out = new ArrayList<>();
        if (fields != null) {
            for (Map.Entry<?, ?> e : fields.entrySet()) {
                out.add(field(at + "fields." + e.getKey() + ": ", String.valueOf(e.getKey()).strip(),
                        e.getValue() instanceof Map<?, ?> || e.getValue() == null ? null : String.valueOf(e.getValue())));
            }
        }
        return new NoticeTemplate(id, page, out);
    }

    private static Field field(String at, String keyword, String value) {
        TemplateKeyword type = TemplateKeyword.of(keyword).orElseThrow(() -> new ConfigException(at + "'" + keyword
                + "' is not a keyword of a known type: WeChat names keywords <type><number> (thing1, time2), the type one of "
                + String.join(", ", TemplateKeyword.prefixes())));
        String v = value == null ? "" : value.strip();
        Source source = v.startsWith(Source.TEXT.name) ? Source.TEXT
                : Arrays.stream(Source.values()).filter(s -> s != Source.TEXT && s.name.equals(v)).findFirst().orElseThrow(() ->
                new ConfigException(at + "unknown source '" + v + "' (title, summary, body, issuer, docNumber, indexNumber, publishedAt, "
                        + "or text:<fixed text>)"));
        String text = source == Source.TEXT ? v.substring(Source.TEXT.name.length()).strip() : null;
        if ((type == TemplateKeyword.TIME || type == TemplateKeyword.DATE) && source != Source.PUBLISHED_AT && source != Source.TEXT) {
            throw new ConfigException(at + "a " + type.prefix + " keyword shows a time: fill it from publishedAt (or text:<fixed text>), not "
                    + source.name);
        }
        if (type == TemplateKeyword.CONST && source != Source.TEXT) {
            throw new ConfigException(at + "a const keyword takes only one of the values the template enumerates: give it as text:<value>");
        }
        if (source == Source.TEXT && TemplateValues.fit(type, text).isEmpty()) {
            throw new ConfigException(at + "'" + text + "' leaves nothing a " + type.prefix + " keyword may hold");
        }
        return new Field(keyword, type, source, text);
    }
}

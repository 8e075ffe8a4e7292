package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.channel.render.Texts;
import cn.gongkai.hub.item.ItemContent;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A targeted notice as the one template message every follower gets: each keyword of {@link NoticeTemplate} filled
 * from the publication and fitted to its type ({@link TemplateValues}); {@code url} the configured page, else the
 * item's page. A keyword its source leaves empty (a phrase from a title without Chinese, an issuer the item lacks)
 * would make WeChat refuse every send (47003), so the notice is refused instead, saying which keyword.
 */
final class TemplateRenderer {
    private final NoticeTemplate template;
    private final ZoneId zone;

    TemplateRenderer(NoticeTemplate template, ZoneId zone) {
        this.template = template;
        this.zone = zone;
    }

    /** The data and page of one notice, or why it cannot be sent. */
    sealed interface Rendered {
        /** @param data keyword → value, in the template's order; {@code url} empty when the message opens nothing */
        record Ready(String templateId, String url, Map<String, String> data) implements Rendered {
        }

        record Refused(String reason) implements Rendered {
        }
    }

    /** @param publishedAt when the notice was released: what publishedAt keywords show */
    Rendered render(Publication p, Instant publishedAt) {
        if (!template.configured()) {
            return new Rendered.Refused("no notice template is configured (" + NoticeTemplate.FILE + " notice-template.template-id):"
                    + " a WeChat notice is a template message and needs one of the account's templates");
        }
        Map<String, String> data = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        for (NoticeTemplate.Field f : template.fields()) {
            Optional<String> v = f.source() == NoticeTemplate.Source.PUBLISHED_AT ? TemplateValues.moment(f.type(), publishedAt, zone)
                    : TemplateValues.fit(f.type(), text(f, p));
            if (v.isPresent()) {
                data.put(f.keyword(), v.get());
            } else {
                empty.add(f.keyword() + " (" + f.type().prefix + ", from " + f.source().name + ")");
            }
        }
        if (!empty.isEmpty()) {
            return new Rendered.Refused("the notice leaves " + String.join(", ", empty) + " of template " + template.templateId()
                    + " empty, which WeChat refuses (47003): give the item what the keyword shows, or fill it otherwise in "
                    + NoticeTemplate.FILE + " notice-template.fields");
        }
        String url = !template.url().isEmpty() ? template.url() : p.webUrl() == null ? "" : p.webUrl().strip();
        return new Rendered.Ready(template.templateId(), url, data);
    }

    private static String text(NoticeTemplate.Field f, Publication p) {
        ItemContent c = p.content();
        return switch (f.source()) {
            case TITLE -> c.title();
            case SUMMARY -> Texts.summaryOrFirstSentence(c.summary(), c.body());
            case BODY -> Texts.plain(c.body());
            case ISSUER -> c.issuer();
            case DOC_NUMBER -> c.docNumber();
            case INDEX_NUMBER -> p.indexNumber();
            case TEXT -> f.text();
            case PUBLISHED_AT -> throw new IllegalStateException("a moment, not a text");
        };
    }
}

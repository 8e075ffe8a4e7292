package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.deadline.WorkCalendars;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Catalogue;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemDraft;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemVersion;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.SystemFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Items: drafting (EDITOR), reading (anyone signed in), versions and attachments. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class ItemController {
    // RFC 9110 type "/" subtype, each a token, then optional parameters
    private static final Pattern MEDIA_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\\s*;.*)?");
    private final ItemService items;
    private final Catalogue catalogue;
    private final WorkCalendars calendars;

    ItemController(ItemService items, Catalogue catalogue, WorkCalendars calendars) {
        this.items = items;
        this.catalogue = catalogue;
        this.calendars = calendars;
    }

    /**
     * An item as {@code GET} shows it: the item, and the last day it may be published on time (条例第二十六条: 20 working
     * days after its {@code formedAt}), by the working-day calendar in force when asked.
     */
    record ItemView(@JsonUnwrapped Item item, java.time.LocalDate dueDate) {
    }

    /** {@link ItemService.Page} with each item's due date. */
    record ItemViewPage(List<ItemView> items, int page, int size, long total) {
    }

    private List<ItemView> views(List<Item> list) {
        List<java.time.LocalDate> due = calendars.dueDates(list);
        List<ItemView> out = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new ItemView(list.get(i), due.get(i)));
        }
        return out;
    }

    @Get("/catalogue")
    List<Catalogue.Column> catalogue() {
        return catalogue.columns();
    }

    @Post("/items")
    @Secured("EDITOR")
    HttpResponse<Item> create(@Nullable @Body byte[] body, Authentication auth) {
        Item item = items.create(draft(body), auth.getName());
        return HttpResponse.created(item, URI.create("/api/items/" + item.id()));
    }

    @Get("/items/{id}")
    ItemView get(String id) {
        return views(List.of(items.get(id))).get(0);
    }

    @Get("/items")
    ItemViewPage list(@Nullable @QueryValue String state, @Nullable @QueryValue String category,
                      @Nullable @QueryValue String page, @Nullable @QueryValue String size) {
        ItemService.Page p = items.list(state, category, intParam("page", page, 1), intParam("size", size, 20));
        return new ItemViewPage(views(p.items()), p.page(), p.size(), p.total());
    }

    @Put("/items/{id}")
    @Secured("EDITOR")
    Item update(String id, @Nullable @Body byte[] body, Authentication auth) {
        return items.update(id, draft(body), auth.getName());
    }

    private ItemDraft draft(byte[] body) {
        JsonBody json = JsonBody.parse(body);
        ItemDraft draft = Requests.item(json);
        json.refuse(items.problems(draft));
        return draft;
    }

    @Get("/items/{id}/versions/{n}")
    ItemVersion version(String id, String n) {
        return items.version(id, intParam("n", n, 0));
    }

    @Post(value = "/items/{id}/attachments", consumes = MediaType.MULTIPART_FORM_DATA)
    @Secured("EDITOR")
    HttpResponse<Item> attach(String id, @Nullable CompletedFileUpload file, Authentication auth) throws IOException {
        if (file == null) {
            throw HubException.invalid("file", "is required: send the attachment as multipart field 'file'");
        }
        String declared = declaredType(file);
        try (InputStream in = file.getInputStream()) {
            return HttpResponse.created(items.addAttachment(id, file.getFilename(), declared, in, auth.getName()));
        }
    }

    /** The part's Content-Type, which must be a media type (type/subtype) even though the stored type is detected. */
    private static String declaredType(CompletedFileUpload file) {
        String declared;
        try {
            declared = file.getContentType().map(MediaType::toString).orElse(MediaType.APPLICATION_OCTET_STREAM);
        } catch (IllegalArgumentException e) {
            declared = null;
        }
        if (declared == null || !MEDIA_TYPE.matcher(declared).matches()) {
            throw HubException.invalid("file", "the part's Content-Type is not a media type such as application/pdf; send the file"
                    + " with its type, or application/octet-stream");
        }
        return declared;
    }

    @Get("/items/{id}/attachments/{name}")
    HttpResponse<SystemFile> download(String id, String name, @Nullable @QueryValue String version) {
        int v = version == null ? items.get(id).version() : intParam("version", version, 0);
        Attachment a = items.version(id, v).content().attachments().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> HubException.notFound("attachment '" + name + "' of item " + id));
        var file = items.attachmentFile(a.sha256()).orElseThrow(() -> HubException.notFound("stored file of attachment '" + name + "'"));
        String encoded = URLEncoder.encode(a.name(), StandardCharsets.UTF_8).replace("+", "%20");
        return HttpResponse.ok(new SystemFile(file.toFile(), servedType(a.contentType())))
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + encoded);
    }

    /** Attachments stored before types were detected may carry any string; those are served as bytes. */
    private static MediaType servedType(String stored) {
        if (stored != null && MEDIA_TYPE.matcher(stored).matches()) {
            try {
                return MediaType.of(stored);
            } catch (IllegalArgumentException e) {
                // falls through to bytes
            }
        }
        return MediaType.APPLICATION_OCTET_STREAM_TYPE;
    }

    static int intParam(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw HubException.invalid(name, "must be a whole number, got '" + value + "'");
        }
    }
}

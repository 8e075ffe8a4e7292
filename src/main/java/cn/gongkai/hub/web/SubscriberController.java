package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.subscriber.Dimensions;
import cn.gongkai.hub.subscriber.ImportJobs;
import cn.gongkai.hub.subscriber.RawRow;
import cn.gongkai.hub.subscriber.Reach;
import cn.gongkai.hub.subscriber.RowError;
import cn.gongkai.hub.subscriber.SubscriberColumn;
import cn.gongkai.hub.subscriber.SubscriberExport;
import cn.gongkai.hub.subscriber.SubscriberFileFormat;
import cn.gongkai.hub.subscriber.SubscriberImports;
import cn.gongkai.hub.subscriber.SubscriberInput;
import cn.gongkai.hub.subscriber.SubscriberRows;
import cn.gongkai.hub.subscriber.SubscriberService;
import cn.gongkai.hub.subscriber.SubscriberStore;
import cn.gongkai.hub.subscriber.SubscriberView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subscribers (EDITOR, ADMIN): writing, reading (addresses masked for everyone but ADMIN), opting out, erasing,
 * importing files and exporting them; the tag dimensions (read by anyone signed in, set by ADMIN).
 */
@Controller("/api/subscribers")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({"EDITOR", "ADMIN"})
class SubscriberController {
    static final int MAX_LIMIT = 200;
    private static final Set<String> FIELDS = Set.of("name", "mobile", "email", "wechatOpenId", "qqNumber", "tags", "preferredChannels", "consent");

    private final SubscriberService subscribers;
    private final SubscriberImports imports;
    private final SubscriberExport export;
    private final Dimensions dimensions;

    SubscriberController(SubscriberService subscribers, SubscriberImports imports, SubscriberExport export, Dimensions dimensions) {
        this.subscribers = subscribers;
        this.imports = imports;
        this.export = export;
        this.dimensions = dimensions;
    }

    record Page(List<SubscriberView> items, String nextCursor) {
    }

    @Get
    Page list(@Nullable @QueryValue String tag, @Nullable @QueryValue String cursor, @Nullable @QueryValue String limit, Authentication auth) {
        int n = limit(limit);
        SubscriberStore.Page p;
        try {
            p = subscribers.list(tag == null || tag.isBlank() ? null : cn.gongkai.hub.subscriber.Tags.normalize(tag), cursor, n);
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("cursor", e.getMessage());
        }
        boolean full = admin(auth);
        return new Page(p.items().stream().map(s -> SubscriberView.of(s, full)).toList(), p.nextCursor());
    }

    @Post
    HttpResponse<SubscriberView> create(@Nullable @Body byte[] body, Authentication auth) {
        SubscriberView v = SubscriberView.of(subscribers.create(input(body), auth.getName()), admin(auth));
        return HttpResponse.created(v, URI.create("/api/subscribers/" + v.id()));
    }

    @Get("/{id:s[0-9]+}")
    SubscriberView get(String id, Authentication auth) {
        return SubscriberView.of(subscribers.get(id), admin(auth));
    }

    @Put("/{id:s[0-9]+}")
    SubscriberView replace(String id, @Nullable @Body byte[] body, Authentication auth) {
        return SubscriberView.of(subscribers.replace(id, input(body), auth.getName()), admin(auth));
    }

    @Delete("/{id:s[0-9]+}")
    HttpResponse<Void> erase(String id, Authentication auth) {
        subscribers.erase(id, auth.getName());
        return HttpResponse.noContent();
    }

    @Post("/{id:s[0-9]+}/opt-outs")
    SubscriberView optOut(String id, @Nullable @Body byte[] body, Authentication auth) {
        JsonBody b = JsonBody.parse(body);
        b.only(Set.of("channel"), "an opt-out");
        String channel = b.line("channel");
        b.refuseIfInvalid();
        if (channel == null) {
            throw HubException.invalid("channel", "is required: one of " + Reach.names());
        }
        Reach r = Reach.find(channel).orElseThrow(() -> HubException.invalid("channel", "unknown channel '" + channel + "'; one of " + Reach.names()));
        return SubscriberView.of(subscribers.optOut(id, r, auth.getName()), admin(auth));
    }

    @Post(value = "/imports", consumes = MediaType.MULTIPART_FORM_DATA)
    HttpResponse<Map<String, Object>> importFile(@Nullable CompletedFileUpload file, @Nullable @Part("consentSource") String consentSource,
                                                 Authentication auth) throws IOException {
        if (file == null) {
            throw HubException.invalid("file", "is required: send the CSV or .xlsx file as multipart field 'file'");
        }
        if (consentSource != null && consentSource.length() > 200) {
            throw HubException.invalid("consentSource", "is longer than 200 characters");
        }
        String id;
        try (InputStream in = file.getInputStream()) {
            id = imports.start(file.getFilename() == null ? "upload" : file.getFilename(), in, consentSource, auth.getName());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("state", ImportJobs.State.RUNNING);
        return HttpResponse.<Map<String, Object>>accepted(URI.create("/api/subscribers/imports/" + id)).body(out);
    }

    @Get("/imports/{id}")
    ImportJobs.Job importJob(String id) {
        return imports.find(id);
    }

    @Get("/export")
    HttpResponse<StreamedFile> exportFile(@Nullable @QueryValue String format, @Nullable @QueryValue String tag, Authentication auth) throws IOException {
        SubscriberFileFormat f;
        if (format == null || format.isBlank() || format.equalsIgnoreCase("csv")) {
            f = SubscriberFileFormat.CSV;
        } else if (format.equalsIgnoreCase("xlsx")) {
            f = SubscriberFileFormat.XLSX;
        } else {
            throw HubException.invalid("format", "must be csv or xlsx");
        }
        SubscriberExport.File out = export.write(f, tag == null || tag.isBlank() ? null : cn.gongkai.hub.subscriber.Tags.normalize(tag), admin(auth));
        MediaType type = f == SubscriberFileFormat.CSV ? new MediaType("text/csv;charset=UTF-8")
                : new MediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return HttpResponse.ok(new StreamedFile(out.stream(), type))
                .header("Content-Disposition", "attachment; filename=\"subscribers." + (f == SubscriberFileFormat.CSV ? "csv" : "xlsx") + "\"");
    }

    record DimensionsBody(List<String> dimensions) {
    }

    @Get("/dimensions")
    @Secured(io.micronaut.security.rules.SecurityRule.IS_AUTHENTICATED)
    DimensionsBody dimensions() {
        return new DimensionsBody(dimensions.current());
    }

    @Put("/dimensions")
    @Secured("ADMIN")
    DimensionsBody setDimensions(@Nullable @Body byte[] body, Authentication auth) {
        JsonBody b = JsonBody.parse(body);
        b.only(Set.of("dimensions"), "the tag dimensions");
        List<String> dims = b.lines("dimensions", "dimension names such as [\"区域\", \"群体\"]");
        b.refuseIfInvalid();
        List<FieldError> errors = new ArrayList<>();
        if (dims == null || dims.isEmpty()) {
            errors.add(new FieldError("dimensions", "is required: at least one dimension name"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < dims.size(); i++) {
                String d = dims.get(i) == null ? "" : dims.get(i).strip();
                if (d.isEmpty() || d.length() > 20 || d.contains(":") || d.contains("：") || d.contains(";")) {
                    errors.add(new FieldError("dimensions[" + i + "]", "must be 1-20 characters without : or ;"));
                } else if (!seen.add(d)) {
                    errors.add(new FieldError("dimensions[" + i + "]", "'" + d + "' is listed twice"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        dimensions.set(dims.stream().map(String::strip).toList(), auth.getName());
        return new DimensionsBody(dimensions.current());
    }

    private SubscriberInput input(byte[] body) {
        JsonBody b = JsonBody.parse(body);
        b.only(FIELDS, "a subscriber");
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SubscriberColumn.NAME.header(), b.line("name"));
        values.put(SubscriberColumn.MOBILE.header(), b.line("mobile"));
        values.put(SubscriberColumn.EMAIL.header(), b.line("email"));
        values.put(SubscriberColumn.WECHAT_OPEN_ID.header(), b.line("wechatOpenId"));
        values.put(SubscriberColumn.QQ_NUMBER.header(), b.line("qqNumber"));
        values.put(SubscriberColumn.TAGS.header(), joined(b.lines("tags", "tags such as [\"区域:崇川区\"]")));
        values.put(SubscriberColumn.PREFERRED_CHANNELS.header(), joined(b.lines("preferredChannels", "channel names such as [\"sms\"]")));
        values.put(SubscriberColumn.CONSENT.header(), joined(b.lines("consent", "channel names such as [\"sms\"]")));
        b.refuseIfInvalid();
        values.values().removeIf(v -> v == null);
        SubscriberRows.Checked c = SubscriberRows.check(new RawRow(0, values), new HashSet<>(dimensions.current()));
        if (!c.ok()) {
            List<FieldError> errors = new ArrayList<>();
            for (RowError e : c.errors()) {
                errors.add(new FieldError(e.column() == null ? JsonBody.BODY : e.column(), e.problem()));
            }
            throw HubException.invalid(errors);
        }
        return c.input();
    }

    private static String joined(List<String> values) {
        if (values == null) {
            return null;
        }
        for (String v : values) {
            if (v != null && (v.contains(";") || v.contains("；"))) {
                throw HubException.invalid("tags", "a value must not contain ';': '" + v + "'");
            }
        }
        return String.join(";", values);
    }

    private static boolean admin(Authentication auth) {
        return auth.getRoles().contains("ADMIN");
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw HubException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}

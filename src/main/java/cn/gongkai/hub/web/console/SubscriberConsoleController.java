package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.subscriber.ImportJobs;
import cn.gongkai.hub.subscriber.Reach;
import cn.gongkai.hub.subscriber.SubscriberImports;
import cn.gongkai.hub.subscriber.SubscriberService;
import cn.gongkai.hub.subscriber.SubscriberStore;
import cn.gongkai.hub.subscriber.SubscriberView;
import cn.gongkai.hub.subscriber.Tags;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * 订阅与通知: the subscriber list (addresses masked for everyone but ADMIN, as {@code GET /api/subscribers}), one
 * subscriber's consent and opt-outs, and imports: the upload form, then the import's page whose progress and refused
 * rows refresh by themselves (htmx polls {@code /progress} while it runs).
 */
@Controller(value = "/console/subscribers", produces = MediaType.TEXT_HTML)
@Secured({"EDITOR", "ADMIN"})
@ExecuteOn(TaskExecutors.BLOCKING)
class SubscriberConsoleController {
    static final int PAGE = 50;
    private final ConsolePages pages;
    private final SubscriberService subscribers;
    private final SubscriberImports imports;
    private final AdminFormat fmt;

    SubscriberConsoleController(ConsolePages pages, SubscriberService subscribers, SubscriberImports imports, AdminFormat fmt) {
        this.pages = pages;
        this.subscribers = subscribers;
        this.imports = imports;
        this.fmt = fmt;
    }

    @Get
    HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String tag, @Nullable @QueryValue String cursor, Authentication auth) {
        return listPage(request, HttpStatus.OK, tag, cursor, auth, null, null);
    }

    private HttpResponse<?> listPage(HttpRequest<?> request, HttpStatus status, String tag, String cursor, Authentication auth,
                                     String importError, String consentSource) {
        Map<String, Object> m = pages.model(request);
        String t = tag == null || tag.isBlank() ? null : Tags.normalize(tag);
        SubscriberStore.Page p;
        try {
            p = subscribers.list(t, cursor == null || cursor.isBlank() ? null : cursor, PAGE);
        } catch (IllegalArgumentException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "页码无效", "这个翻页链接已失效，请回到订阅者列表第一页。");
        }
        boolean full = admin(auth);
        m.put("items", p.items().stream().map(s -> SubscriberView.of(s, full)).toList());
        m.put("nextCursor", p.nextCursor());
        m.put("tag", t == null ? "" : t);
        m.put("total", subscribers.count());
        m.put("full", full);
        m.put("reaches", Arrays.asList(Reach.values()));
        m.put("importError", importError);
        m.put("consentSource", consentSource == null ? "" : consentSource);
        m.put("fmt", fmt);
        return pages.render(request, status, "console/subscribers/list", m);
    }

    @Get("/{id:s[0-9]+}")
    HttpResponse<?> subscriber(HttpRequest<?> request, String id, Authentication auth) {
        SubscriberView v;
        try {
            v = SubscriberView.of(subscribers.get(id), admin(auth));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "没有这个订阅者", "订阅者 " + id + " 不存在，可能已被删除。");
        }
        Map<String, Object> m = pages.model(request);
        m.put("s", v);
        m.put("reaches", Arrays.asList(Reach.values()));
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/subscribers/detail", m);
    }

    /** The upload form's target; the CSRF token comes in the query ({@code ?_csrf=}), as for every multipart form. */
    @Post(value = "/imports", consumes = MediaType.MULTIPART_FORM_DATA)
    HttpResponse<?> importFile(HttpRequest<?> request, @Nullable CompletedFileUpload file, @Nullable @Part("consentSource") String consentSource,
                               Authentication auth) throws IOException {
        if (file == null || file.getFilename() == null || file.getFilename().isBlank() || file.getSize() == 0) {
            return listPage(request, HttpStatus.BAD_REQUEST, null, null, auth, "请选择要导入的 CSV 或 Excel（.xlsx）文件。", consentSource);
        }
        if (consentSource != null && consentSource.length() > 200) {
            return listPage(request, HttpStatus.BAD_REQUEST, null, null, auth, "同意来源最多 200 个字。", consentSource);
        }
        String id;
        try (InputStream in = file.getInputStream()) {
            id = imports.start(file.getFilename(), in, consentSource, auth.getName());
        } catch (HubException e) {
            return listPage(request, HttpStatus.valueOf(e.status()), null, null, auth, "文件没有导入：" + e.getMessage(), consentSource);
        }
        return HttpResponse.seeOther(URI.create("/console/subscribers/imports/" + id));
    }

    @Get("/imports/{id}")
    HttpResponse<?> importJob(HttpRequest<?> request, String id) {
        return job(request, id, "console/subscribers/import");
    }

    /** The part of the import page htmx swaps in every second while the import runs. */
    @Get("/imports/{id}/progress")
    HttpResponse<?> progress(HttpRequest<?> request, String id) {
        return job(request, id, "console/subscribers/import-progress");
    }

    private HttpResponse<?> job(HttpRequest<?> request, String id, String view) {
        ImportJobs.Job j;
        try {
            j = imports.find(id);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "没有这次导入", "找不到编号为 " + id + " 的导入记录。");
        }
        Map<String, Object> m = pages.model(request);
        m.put("job", j);
        m.put("stateText", switch (j.state()) {
            case RUNNING -> "正在导入";
            case DONE -> "完成";
            case FAILED -> "失败";
        });
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, view, m);
    }

    static boolean admin(Authentication auth) {
        return auth.getRoles().contains("ADMIN");
    }

    static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
    }
}

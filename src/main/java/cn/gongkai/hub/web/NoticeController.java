package cn.gongkai.hub.web;

import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.subscriber.NoticeService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;

/**
 * Targeted notices (定向发布): drafting (EDITOR), the segment preview and the report (EDITOR, ADMIN). Review and
 * publication go through the item endpoints ({@code /api/items/{id}/submit}, {@code /reviews}, {@code /publish}).
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class NoticeController {
    private final NoticeService notices;

    NoticeController(NoticeService notices) {
        this.notices = notices;
    }

    @Post("/notices")
    @Secured("EDITOR")
    HttpResponse<Item> create(@Nullable @Body byte[] body, Authentication auth) {
        Item item = notices.create(Requests.notice(JsonBody.parse(body)), auth.getName());
        return HttpResponse.created(item, URI.create("/api/notices/" + item.id()));
    }

    @Put("/notices/{id}")
    @Secured("EDITOR")
    Item update(String id, @Nullable @Body byte[] body, Authentication auth) {
        return notices.update(id, Requests.notice(JsonBody.parse(body)), auth.getName());
    }

    @Get("/notices/{id}")
    @Secured({"EDITOR", "ADMIN", "REVIEWER", "APPROVER"})
    Item get(String id) {
        return notices.get(id);
    }

    @Post("/segments/preview")
    @Secured({"EDITOR", "ADMIN"})
    NoticeService.Preview preview(@Nullable @Body byte[] body, Authentication auth) {
        Requests.SegmentPreview p = Requests.SegmentPreview.from(JsonBody.parse(body));
        return notices.preview(p.segment(), p.channels(), p.mode(), auth.getRoles().contains("ADMIN"));
    }

    @Get("/notices/{id}/report")
    @Secured({"EDITOR", "ADMIN", "REVIEWER", "APPROVER"})
    HttpResponse<?> report(String id, @Nullable @QueryValue String format) {
        NoticeService.Report r = notices.report(id);
        if (format == null || format.isBlank() || format.equals("json")) {
            return HttpResponse.ok(r);
        }
        if (!format.equals("csv")) {
            throw cn.gongkai.hub.HubException.invalid("format", "must be json or csv");
        }
        return NoticeReportFiles.csv(r);
    }
}

package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.deadline.DeadlineService;
import cn.gongkai.hub.stats.AnnualReports;
import cn.gongkai.hub.stats.ReportFormat;
import cn.gongkai.hub.stats.StatsService;
import cn.gongkai.hub.web.ContentDisposition;
import cn.gongkai.hub.web.StatsFiles;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 统计与年报, for anyone signed in: a year's counts per channel (as {@code GET /api/stats}), the monthly chart (the
 * yearly report's SVG) beside the same numbers as a table, the CSV and .xlsx exports, the yearly report in its three
 * formats, and the disclosure deadlines (late, due soon, urgent) of the year.
 */
@Controller(value = "/console/stats", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
class StatsConsoleController {
    // as ReportController: the report and the chart carry no script; their own inline styles and images are all they need
    private static final String FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private final ConsolePages pages;
    private final StatsService stats;
    private final AnnualReports reports;
    private final DeadlineService deadlines;
    private final AdminFormat fmt;

    StatsConsoleController(ConsolePages pages, StatsService stats, AnnualReports reports, DeadlineService deadlines, AdminFormat fmt) {
        this.pages = pages;
        this.stats = stats;
        this.reports = reports;
        this.deadlines = deadlines;
        this.fmt = fmt;
    }

    /** One month's line of the table beside the chart: items per channel in {@code channels}' order. */
    public record MonthRow(String month, List<Long> counts) {
    }

    @Get
    HttpResponse<?> page(HttpRequest<?> request, @Nullable @QueryValue String year) {
        int y;
        try {
            y = fmt.year(year);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "年份无效", "请填写 2000 到 2100 之间的年份，例如 2026。");
        }
        StatsService.Stats s = stats.stats(stats.range(null, null, Integer.toString(y)), StatsService.GroupBy.MONTH);
        Set<String> order = new LinkedHashSet<>(s.channels().keySet());
        if (s.groups() != null) {
            s.groups().values().forEach(g -> order.addAll(g.channels().keySet()));
        }
        List<String> channels = List.copyOf(order);
        List<MonthRow> months = new ArrayList<>();
        if (s.groups() != null) {
            for (Map.Entry<String, StatsService.Group> g : s.groups().entrySet()) {
                List<Long> counts = new ArrayList<>();
                for (String c : channels) {
                    Map<String, Long> f = g.getValue().channels().get(c);
                    counts.add(f == null ? 0L : f.getOrDefault("items", 0L));
                }
                months.add(new MonthRow(g.getKey(), counts));
            }
        }
        Map<String, Object> m = pages.model(request);
        m.put("year", y);
        m.put("s", s);
        m.put("fields", StatsService.FIELDS);
        m.put("fieldNames", Map.of("items", "信息条数", "messages", "消息数", "recipients", "接收人次", "parts", "短信条数（拆分后）",
                "delivered", "已送达", "failed", "失败", "skipped", "跳过", "withdrawals", "撤回"));
        m.put("chartChannels", channels);
        m.put("months", months);
        m.put("deadlines", deadlines.report(y));
        m.put("fmt", fmt);
        return pages.render(request, HttpStatus.OK, "console/stats/stats", m);
    }

    @Get("/chart.svg")
    HttpResponse<?> chart(HttpRequest<?> request, @Nullable @QueryValue String year) {
        try {
            return HttpResponse.ok(reports.chart(fmt.year(year))).contentType(new MediaType("image/svg+xml;charset=UTF-8"))
                    .header("Content-Security-Policy", FILE_CSP);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "年份无效", "请填写 2000 到 2100 之间的年份，例如 2026。");
        }
    }

    @Get(value = "/export.csv", produces = "text/csv;charset=UTF-8")
    HttpResponse<?> csv(HttpRequest<?> request, @Nullable @QueryValue String year) {
        try {
            return StatsFiles.csv(yearStats(year));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "年份无效", "请填写 2000 到 2100 之间的年份，例如 2026。");
        }
    }

    @Get(value = "/export.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    HttpResponse<?> xlsx(HttpRequest<?> request, @Nullable @QueryValue String year) throws IOException {
        try {
            return StatsFiles.xlsx(yearStats(year));
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "年份无效", "请填写 2000 到 2100 之间的年份，例如 2026。");
        }
    }

    /** The yearly report as {@code GET /api/reports/annual} gives it: HTML opens in the browser, .docx and .md download. */
    @Get(value = "/annual", produces = {MediaType.TEXT_HTML, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/markdown"})
    HttpResponse<?> annual(HttpRequest<?> request, @Nullable @QueryValue String year, @Nullable @QueryValue String format) {
        int y;
        try {
            y = fmt.year(year);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "年份无效", "请填写 2000 到 2100 之间的年份，例如 2026。");
        }
        ReportFormat f = format == null || format.isBlank() ? ReportFormat.HTML : ReportFormat.of(format.strip()).orElse(null);
        if (f == null) {
            return pages.problem(request, HttpStatus.BAD_REQUEST, "格式无效", "年度报告可下载为网页（html）、Word（docx）或 Markdown（md）。");
        }
        AnnualReports.File file = reports.report(y, f);
        String ascii = "annual-report-" + y + "." + f.code();
        return HttpResponse.ok(file.bytes()).contentType(file.contentType())
                .header("Content-Disposition", f == ReportFormat.HTML
                        ? ContentDisposition.inline(file.name(), ascii) : ContentDisposition.attachment(file.name(), ascii))
                .header("Content-Security-Policy", FILE_CSP);
    }

    private StatsService.Stats yearStats(String year) {
        return stats.stats(stats.range(null, null, Integer.toString(fmt.year(year))), StatsService.GroupBy.CHANNEL);
    }
}

package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.stats.AnnualReports;
import cn.gongkai.hub.stats.ReportFormat;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * The yearly disclosure report ({@code GET /api/reports/annual?year=&format=html|docx|md}) and its monthly chart alone
 * ({@code GET /api/stats/chart.svg?year=}), for anyone signed in.
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class ReportController {
    // the report and the chart carry no script; the page's own style sheet and the inline SVG are all they need
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private final AnnualReports reports;

    ReportController(AnnualReports reports) {
        this.reports = reports;
    }

    @Get("/reports/annual")
    HttpResponse<byte[]> annual(@Nullable @QueryValue String year, @Nullable @QueryValue String format) {
        int y = year(year);
        ReportFormat f = format == null || format.isBlank() ? ReportFormat.HTML : ReportFormat.of(format.strip())
                .orElseThrow(() -> HubException.invalid("format", "must be one of " + ReportFormat.codes() + ", got '" + format + "'"));
        AnnualReports.File file = reports.report(y, f);
        String ascii = "annual-report-" + y + "." + f.code();
        return HttpResponse.ok(file.bytes()).contentType(file.contentType())
                .header("Content-Disposition", f == ReportFormat.HTML
                        ? ContentDisposition.inline(file.name(), ascii) : ContentDisposition.attachment(file.name(), ascii))
                .header("Content-Security-Policy", CSP);
    }

    @Get("/stats/chart.svg")
    HttpResponse<byte[]> chart(@Nullable @QueryValue String year) {
        return HttpResponse.ok(reports.chart(year(year))).contentType(new MediaType("image/svg+xml;charset=UTF-8"))
                .header("Content-Security-Policy", CSP);
    }

    /** A year the hub's records can hold (the bounds of the record listings' dates). */
    private static int year(String value) {
        if (value == null || value.isBlank()) {
            throw HubException.invalid("year", "is required: the report's year, such as 2026");
        }
        int y;
        try {
            y = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw HubException.invalid("year", "must be a year such as 2026, got '" + value + "'");
        }
        if (y < Dates.FIRST_YEAR || y > Dates.LAST_YEAR) {
            throw HubException.invalid("year", "must be between " + Dates.FIRST_YEAR + " and " + Dates.LAST_YEAR + ", got " + y);
        }
        return y;
    }
}

package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.stats.StatsService;
import cn.gongkai.hub.stats.StatsVerifier;
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
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publication counts ({@code GET /api/stats}, {@code .csv}, {@code .xlsx}) for any signed-in user, and the recount of
 * a year against the delivery records ({@code GET /api/stats/verify}).
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class StatsController {
    private final StatsService stats;
    private final StatsVerifier verifier;

    StatsController(StatsService stats, StatsVerifier verifier) {
        this.stats = stats;
        this.verifier = verifier;
    }

    @Get("/stats")
    StatsService.Stats get(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String year,
                           @Nullable @QueryValue String groupBy) {
        return stats.stats(stats.range(from, to, year), StatsService.groupBy(groupBy));
    }

    @Get("/stats.csv")
    HttpResponse<byte[]> csv(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String year,
                             @Nullable @QueryValue String groupBy) {
        StatsService.Stats s = get(from, to, year, groupBy);
        return Csv.download("stats-" + s.from() + "-" + s.to() + ".csv", header(), rows(s));
    }

    @Get("/stats.xlsx")
    HttpResponse<byte[]> xlsx(@Nullable @QueryValue String from, @Nullable @QueryValue String to, @Nullable @QueryValue String year,
                              @Nullable @QueryValue String groupBy) throws IOException {
        StatsService.Stats s = get(from, to, year, groupBy);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet sheet = wb.createSheet("发布统计");
            List<String> h = header();
            Row r = sheet.createRow(0);
            for (int c = 0; c < h.size(); c++) {
                r.createCell(c).setCellValue(h.get(c));
            }
            int n = 1;
            for (List<String> row : rows(s)) {
                Row x = sheet.createRow(n++);
                for (int c = 0; c < row.size(); c++) {
                    String v = row.get(c);
                    if (c >= 3 && v != null && !v.isEmpty()) {
                        x.createCell(c).setCellValue(Long.parseLong(v));
                    } else {
                        x.createCell(c).setCellValue(v == null ? "" : v);
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            wb.write(out);
        }
        return HttpResponse.ok(out.toByteArray())
                .contentType(new MediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header("Content-Disposition", "attachment; filename=\"stats-" + s.from() + "-" + s.to() + ".xlsx\"");
    }

    @Get("/stats/verify")
    @Secured({"EDITOR", "APPROVER", "ADMIN"})
    StatsVerifier.Verification verify(@Nullable @QueryValue String year) {
        int y;
        try {
            y = year == null || year.isBlank() ? Year.now().getValue() : Integer.parseInt(year.strip());
        } catch (NumberFormatException e) {
            throw HubException.invalid("year", "must be a year between 2000 and 2100");
        }
        if (y < 2000 || y > 2100) {
            throw HubException.invalid("year", "must be a year between 2000 and 2100");
        }
        return verifier.verify(y);
    }

    private static List<String> header() {
        List<String> h = new ArrayList<>(List.of("group", "kind", "channel"));
        h.addAll(StatsService.FIELDS);
        return h;
    }

    /** One row per channel (items, then notices) of the whole range, then of each group; then the distinct totals. */
    private static List<List<String>> rows(StatsService.Stats s) {
        List<List<String>> out = new ArrayList<>();
        String range = s.from() + "/" + s.to();
        add(out, range, "item", s.channels());
        add(out, range, "notice", s.noticeChannels());
        out.add(total(range, "distinct items, all channels", s.distinctItems()));
        out.add(total(range, "notices, all channels", s.notices()));
        if (s.groups() != null) {
            for (Map.Entry<String, StatsService.Group> g : s.groups().entrySet()) {
                add(out, g.getKey(), "item", g.getValue().channels());
                out.add(total(g.getKey(), "distinct items, all channels", g.getValue().distinctItems()));
            }
        }
        return out;
    }

    private static void add(List<List<String>> out, String group, String kind, Map<String, Map<String, Long>> channels) {
        for (Map.Entry<String, Map<String, Long>> c : channels.entrySet()) {
            List<String> row = new ArrayList<>(List.of(group, kind, c.getKey()));
            for (String f : StatsService.FIELDS) {
                Long v = c.getValue().get(f);
                row.add(v == null ? "" : Long.toString(v));
            }
            out.add(row);
        }
    }

    private static List<String> total(String group, String what, long n) {
        List<String> row = new ArrayList<>(List.of(group, what, ""));
        row.add(Long.toString(n));
        for (int i = 1; i < StatsService.FIELDS.size(); i++) {
            row.add("");
        }
        return row;
    }
}

package cn.gongkai.hub.web;

import cn.gongkai.hub.stats.StatsService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The publication counts as files, one layout for {@code GET /api/stats.csv|.xlsx} and the console's downloads: a row
 * per channel (items, then notices) of the whole range, then of each group, then the distinct totals.
 */
public final class StatsFiles {
    private StatsFiles() {
    }

    public static HttpResponse<byte[]> csv(StatsService.Stats s) {
        return Csv.download("stats-" + s.from() + "-" + s.to() + ".csv", header(), rows(s));
    }

    public static HttpResponse<byte[]> xlsx(StatsService.Stats s) throws IOException {
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

package cn.gongkai.hub.web;

import cn.gongkai.hub.subscriber.NoticeService;
import io.micronaut.http.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A notice's report as CSV, for {@code GET /api/notices/{id}/report?format=csv} and the console's download. */
public final class NoticeReportFiles {
    private NoticeReportFiles() {
    }

    /** A row for the notice as a whole, then one per channel; a column per skip reason. */
    public static HttpResponse<byte[]> csv(NoticeService.Report r) {
        String id = r.itemId();
        List<String> header = new ArrayList<>(List.of("channel", "planned", "sent", "delivered", "failed", "inDoubt", "pending"));
        List<String> reasons = new ArrayList<>(r.skipped().keySet());
        reasons.forEach(k -> header.add("skipped." + k));
        List<List<String>> rows = new ArrayList<>();
        List<String> all = new ArrayList<>(List.of("(all, targeted " + r.targeted() + ")", "", Long.toString(r.sent()),
                Long.toString(r.delivered()), Long.toString(r.failed()), Long.toString(r.inDoubt()), Long.toString(r.pending())));
        reasons.forEach(k -> all.add(Long.toString(r.skipped().getOrDefault(k, 0L))));
        rows.add(all);
        for (Map.Entry<String, NoticeService.Figures> e : r.channels().entrySet()) {
            NoticeService.Figures f = e.getValue();
            List<String> row = new ArrayList<>(List.of(e.getKey(), Long.toString(f.planned()), Long.toString(f.sent()),
                    Long.toString(f.delivered()), Long.toString(f.failed()), Long.toString(f.inDoubt()), Long.toString(f.pending())));
            reasons.forEach(k -> row.add(Long.toString(f.skipped().getOrDefault(k, 0L))));
            rows.add(row);
        }
        return Csv.download("notice-" + id + "-report.csv", header, rows);
    }
}

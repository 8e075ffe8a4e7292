package cn.gongkai.hub.stats;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The report as one standalone UTF-8 HTML page ({@code report/annual.html}): printable on A4, readable without script
 * or external files, the monthly chart inline as SVG. Tables use {@code th} with {@code scope} for every header and row
 * label; a cell for the office is empty and shaded, with 待填写 for screen readers.
 */
final class HtmlReportWriter {
    private HtmlReportWriter() {
    }

    static byte[] write(ReportDocument doc) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("doc", doc);
        vars.put("chart", doc.blocks().stream().filter(ReportDocument.Chart.class::isInstance).map(ReportDocument.Chart.class::cast)
                .findFirst().map(c -> MonthlyChart.element(c.view())).orElse(""));
        return ReportTemplates.render("annual", vars).getBytes(StandardCharsets.UTF_8);
    }
}

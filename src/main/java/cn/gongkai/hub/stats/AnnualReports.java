package cn.gongkai.hub.stats;

import jakarta.inject.Singleton;

/**
 * The yearly disclosure report (政府信息公开工作年度报告, format of 国办公开办函〔2021〕30号) of a year, from the hub's
 * figures ({@link AnnualFigures}) as HTML, .docx or Markdown, and its monthly chart alone as SVG.
 */
@Singleton
public class AnnualReports {
    private final AnnualFigures figures;

    public AnnualReports(AnnualFigures figures) {
        this.figures = figures;
    }

    /** A file to hand out: its name ({@code 2026年政府信息公开工作年度报告.docx}), media type and bytes. */
    public record File(String name, String contentType, byte[] bytes) {
    }

    public File report(int year, ReportFormat format) {
        return render(figures.of(year), format);
    }

    /** {@code image/svg+xml}: the per-channel counts by month of {@code year}. */
    public byte[] chart(int year) {
        return MonthlyChart.file(MonthlyChart.view(figures.of(year)));
    }

    static File render(AnnualReportData data, ReportFormat format) {
        ReportDocument doc = AnnualReportSkeleton.build(data);
        byte[] bytes = switch (format) {
            case HTML -> HtmlReportWriter.write(doc);
            case DOCX -> DocxReportWriter.write(doc);
            case MD -> MarkdownReportWriter.write(doc);
        };
        return new File(fileName(data.year(), format), format.contentType(), bytes);
    }

    static String fileName(int year, ReportFormat format) {
        return year + "年政府信息公开工作年度报告." + format.code();
    }
}

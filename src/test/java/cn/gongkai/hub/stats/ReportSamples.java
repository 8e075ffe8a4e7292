package cn.gongkai.hub.stats;

import cn.gongkai.hub.stats.AnnualReportData.DocumentCounts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Yearly figures built by hand for the report's tests. The per-channel counts are those a district office boasts of in
 * the seeds (微信 303 条推送, 媒体 75 篇); the monthly counts add up to them.
 */
final class ReportSamples {
    static final List<String> CHANNELS = List.of("website", "wechat", "sms", "qq", "led", "press-email");

    private ReportSamples() {
    }

    /** Every channel known; 规章 consistent with last year, 行政规范性文件 without last year. */
    static AnnualReportData full() {
        Map<String, Long> per = new LinkedHashMap<>();
        per.put("website", 412L);
        per.put("wechat", 303L);
        per.put("sms", 46L);
        per.put("qq", 58L);
        per.put("led", 27L);
        per.put("press-email", 75L);
        Map<String, List<Long>> byMonth = new LinkedHashMap<>();
        byMonth.put("website", List.of(30L, 28L, 35L, 33L, 36L, 34L, 31L, 37L, 35L, 38L, 36L, 39L));
        byMonth.put("wechat", List.of(22L, 20L, 26L, 25L, 27L, 24L, 23L, 28L, 26L, 27L, 25L, 30L));
        byMonth.put("sms", List.of(3L, 2L, 5L, 4L, 4L, 3L, 4L, 5L, 4L, 4L, 3L, 5L));
        byMonth.put("qq", List.of(4L, 4L, 5L, 5L, 5L, 4L, 5L, 6L, 5L, 5L, 4L, 6L));
        byMonth.put("led", List.of(2L, 2L, 2L, 2L, 3L, 2L, 2L, 3L, 2L, 2L, 2L, 3L));
        byMonth.put("press-email", List.of(6L, 5L, 7L, 6L, 7L, 6L, 5L, 7L, 6L, 7L, 6L, 7L));
        return new AnnualReportData(2026, "曲靖市沾益区文化和旅游局", per, byMonth, 431, 17,
                new DocumentCounts(3L, 1L, 14L, 12L), new DocumentCounts(21L, 4L, 96L, null), CHANNELS);
    }

    /** 规章 whose 现行有效件数 (15) is not last year's 12 + 3 − 1 = 14. */
    static AnnualReportData inconsistent() {
        AnnualReportData d = full();
        return new AnnualReportData(d.year(), d.office(), d.itemsPerChannel(), d.itemsByMonth(), d.distinctItems(), d.notices(),
                new DocumentCounts(3L, 1L, 15L, 12L), d.normativeDocuments(), d.channels());
    }

    /** Only the website and WeChat configured; WeChat's count unknown; 规章 unknown; 行政规范性文件 known in part. */
    static AnnualReportData partial() {
        Map<String, Long> per = new LinkedHashMap<>();
        per.put("website", 88L);
        per.put("sms", 9L); // not configured this year: left out of the text
        Map<String, List<Long>> byMonth = new LinkedHashMap<>();
        byMonth.put("website", List.of(7L, 7L, 7L, 7L, 7L, 7L, 8L, 8L, 8L, 7L, 8L, 7L));
        return new AnnualReportData(2025, "某县人民政府办公室", per, byMonth, 88, 0,
                null, new DocumentCounts(5L, null, null, 40L), List.of("website", "wechat"));
    }
}

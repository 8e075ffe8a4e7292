package cn.gongkai.hub.stats;

import cn.gongkai.hub.channel.ChannelRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The yearly report's numbers from the counters ({@link StatsService}): per channel the distinct items of the year and
 * of each month, the distinct items over all channels, the notices. The hub does not classify documents as 规章 or
 * 行政规范性文件, nor track their repeal, so those rows are left for the office (null).
 */
@Singleton
class HubAnnualFigures implements AnnualFigures {
    private final StatsService stats;
    private final ChannelRegistry channels;
    private final String office;

    HubAnnualFigures(StatsService stats, ChannelRegistry channels, @Value("${hub.reports.office:}") String office) {
        this.stats = stats;
        this.channels = channels;
        this.office = office;
    }

    @Override
    public AnnualReportData of(int year) {
        StatsService.Stats s = stats.stats(new StatsService.Range(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)),
                StatsService.GroupBy.MONTH);
        Map<String, Long> perChannel = new LinkedHashMap<>();
        Map<String, List<Long>> byMonth = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(channels.settings().keySet());
        for (String ch : names) {
            perChannel.put(ch, s.channels().getOrDefault(ch, Map.of()).getOrDefault("items", 0L));
            List<Long> months = new ArrayList<>(12);
            for (int m = 1; m <= 12; m++) {
                StatsService.Group g = s.groups() == null ? null : s.groups().get(String.format("%d-%02d", year, m));
                months.add(g == null ? 0L : g.channels().getOrDefault(ch, Map.of()).getOrDefault("items", 0L));
            }
            byMonth.put(ch, months);
        }
        AnnualReportData.DocumentCounts unknown = new AnnualReportData.DocumentCounts(null, null, null, null);
        return new AnnualReportData(year, office, perChannel, byMonth, s.distinctItems(), s.notices(), unknown, unknown, names);
    }
}

package cn.gongkai.hub.stats;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the hub's {@link AnnualFigures} in tests of the report's HTTP API (with {@code hub.test.annual-figures}
 * set): the figures of {@link ReportSamples#inconsistent()} for whichever year is asked, and the years asked.
 */
@Singleton
@Replaces(AnnualFigures.class)
@Requires(property = "hub.test.annual-figures")
public class FixedAnnualFigures implements AnnualFigures {
    public static final List<Integer> YEARS = new CopyOnWriteArrayList<>();

    @Override
    public AnnualReportData of(int year) {
        YEARS.add(year);
        AnnualReportData d = ReportSamples.inconsistent();
        return new AnnualReportData(year, d.office(), d.itemsPerChannel(), d.itemsByMonth(), d.distinctItems(), d.notices(),
                d.regulations(), d.normativeDocuments(), d.channels());
    }
}

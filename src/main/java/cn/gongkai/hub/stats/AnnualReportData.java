package cn.gongkai.hub.stats;

import java.util.List;
import java.util.Map;

/**
 * The hub's numbers of one year for the yearly report. A null number is one the hub does not know: the report leaves
 * its cell for the office to fill, marked, never invented.
 *
 * @param office             the office's name (发布机构 of the report)
 * @param itemsPerChannel    channel name (website, wechat, sms, qq, led, press-email) → distinct items published on it
 *                           in the year (an item published twice on a channel counts once)
 * @param itemsByMonth       channel name → 12 counts (January first) of distinct items published in each month
 * @param distinctItems      distinct items published on any channel in the year (an item on four channels counts once)
 * @param notices            targeted notices sent in the year (apart from items)
 * @param regulations        第二十条第（一）项, row 规章
 * @param normativeDocuments 第二十条第（一）项, row 行政规范性文件
 * @param channels           the channels configured, in the order the report names them
 */
public record AnnualReportData(int year, String office, Map<String, Long> itemsPerChannel, Map<String, List<Long>> itemsByMonth,
                               long distinctItems, long notices, DocumentCounts regulations, DocumentCounts normativeDocuments,
                               List<String> channels) {

    /**
     * One row of the table of 第二十条第（一）项: 本年制发件数, 本年废止件数, 现行有效件数; {@code inForceLastYear} is last
     * year's 现行有效件数 when the hub holds that year too (the check: this year's = last year's + 制发 − 废止).
     */
    public record DocumentCounts(Long issued, Long repealed, Long inForce, Long inForceLastYear) {

        /** Whether the row agrees with last year's (true when last year is unknown: nothing to check). */
        public boolean consistent() {
            if (inForceLastYear == null || issued == null || repealed == null || inForce == null) {
                return true;
            }
            return inForce == inForceLastYear + issued - repealed;
        }
    }
}

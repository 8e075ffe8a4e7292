package cn.gongkai.hub.stats;

/**
 * What the hub knows for the yearly disclosure report (政府信息公开工作年度报告) of one year, from its counters and records.
 * The report fills these in and leaves every other cell for the office.
 */
public interface AnnualFigures {

    AnnualReportData of(int year);
}

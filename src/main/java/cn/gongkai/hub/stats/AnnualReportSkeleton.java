package cn.gongkai.hub.stats;

import cn.gongkai.hub.stats.AnnualReportData.DocumentCounts;
import cn.gongkai.hub.stats.ReportDocument.Block;
import cn.gongkai.hub.stats.ReportDocument.Cell;
import cn.gongkai.hub.stats.ReportDocument.Chart;
import cn.gongkai.hub.stats.ReportDocument.Check;
import cn.gongkai.hub.stats.ReportDocument.Heading;
import cn.gongkai.hub.stats.ReportDocument.Note;
import cn.gongkai.hub.stats.ReportDocument.Paragraph;
import cn.gongkai.hub.stats.ReportDocument.Span;
import cn.gongkai.hub.stats.ReportDocument.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * The yearly report in the format of 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》, 2021-09-26):
 * its six sections, the five parts of 总体情况 it names, the tables of 第二十条第（一）（五）（六）（八）项, the table of
 * applications and the table of reviews and lawsuits, with their labels exactly as the format prints them. The hub's
 * numbers go where they belong; every other cell and paragraph is left, marked, for the office.
 */
final class AnnualReportSkeleton {
    static final String SECTION_1 = "一、总体情况";
    static final String SECTION_2 = "二、主动公开政府信息情况";
    static final String SECTION_3 = "三、收到和处理政府信息公开申请情况";
    static final String SECTION_4 = "四、政府信息公开行政复议、行政诉讼情况";
    static final String SECTION_5 = "五、存在的主要问题及改进情况";
    static final String SECTION_6 = "六、其他需要报告的事项";
    static final List<String> SECTIONS = List.of(SECTION_1, SECTION_2, SECTION_3, SECTION_4, SECTION_5, SECTION_6);
    static final List<String> OVERVIEW_PARTS = List.of("（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
            "（四）政府信息公开平台建设", "（五）监督保障");

    static final String ARTICLE_20_1 = "第二十条第（一）项";
    static final String ARTICLE_20_5 = "第二十条第（五）项";
    static final String ARTICLE_20_6 = "第二十条第（六）项";
    static final String ARTICLE_20_8 = "第二十条第（八）项";
    static final String CONTENT = "信息内容";
    static final String ISSUED = "本年制发件数";
    static final String REPEALED = "本年废止件数";
    static final String IN_FORCE = "现行有效件数";
    static final String DECISIONS = "本年处理决定数量";
    static final String FEES = "本年收费金额（单位：万元）";
    static final String REGULATIONS = "规章";
    static final String NORMATIVE_DOCUMENTS = "行政规范性文件";

    /** Table of section 三: the corner cell, then the applicant columns. */
    static final String APPLICATIONS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    static final List<String> APPLICANT_HEADERS = List.of("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构",
            "社会公益组织", "法律服务机构", "其他", "总计");
    static final String RESULTS = "三、本年度办理结果";
    /** Rows of section 三's table below the header, as {group, label}; a null group is a row of its own. */
    static final List<String[]> APPLICATION_ROWS = List.of(
            new String[]{null, "一、本年新收政府信息公开申请数量"},
            new String[]{null, "二、上年结转政府信息公开申请数量"},
            new String[]{RESULTS, "（一）予以公开"},
            new String[]{RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
            new String[]{"（三）不予公开", "1.属于国家秘密"},
            new String[]{"（三）不予公开", "2.其他法律行政法规禁止公开"},
            new String[]{"（三）不予公开", "3.危及“三安全一稳定”"},
            new String[]{"（三）不予公开", "4.保护第三方合法权益"},
            new String[]{"（三）不予公开", "5.属于三类内部事务信息"},
            new String[]{"（三）不予公开", "6.属于四类过程性信息"},
            new String[]{"（三）不予公开", "7.属于行政执法案卷"},
            new String[]{"（三）不予公开", "8.属于行政查询事项"},
            new String[]{"（四）无法提供", "1.本机关不掌握相关政府信息"},
            new String[]{"（四）无法提供", "2.没有现成信息需要另行制作"},
            new String[]{"（四）无法提供", "3.补正后申请内容仍不明确"},
            new String[]{"（五）不予处理", "1.信访举报投诉类申请"},
            new String[]{"（五）不予处理", "2.重复申请"},
            new String[]{"（五）不予处理", "3.要求提供公开出版物"},
            new String[]{"（五）不予处理", "4.无正当理由大量反复申请"},
            new String[]{"（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"},
            new String[]{"（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
            new String[]{"（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
            new String[]{"（六）其他处理", "3.其他"},
            new String[]{RESULTS, "（七）总计"},
            new String[]{null, "四、结转下年度继续办理"});
    static final List<String> REVIEW_HEADERS = List.of("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉");
    static final List<String> OUTCOMES = List.of("结果维持", "结果纠正", "其他结果", "尚未审结", "总计");

    private AnnualReportSkeleton() {
    }

    static ReportDocument build(AnnualReportData data) {
        String office = data.office() == null || data.office().isBlank() ? ReportDocument.TO_FILL : data.office().strip();
        String title = office + data.year() + "年政府信息公开工作年度报告";
        List<Block> b = new ArrayList<>();
        b.add(new Note("编制说明（发布前请删除）：正文中标为“（待填写）”的文字和表格中的空白单元格（网页版和 Word 版中为灰底）"
                + "由本机关填写；已有的数字来自发布平台的记录，同一条信息在多个渠道发布的只计一次。"));
        b.add(Paragraph.of(Span.text("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条和《中华人民共和国政府信息公开"
                + "工作年度报告格式》（国办公开办函〔2021〕30号）编制。本报告中所列数据统计期限为" + data.year() + "年1月1日至12月31日。")));

        b.add(new Heading(1, SECTION_1));
        b.add(new Heading(2, OVERVIEW_PARTS.get(0)));
        b.add(Paragraph.of(Span.toFill("本机关本年主动公开政府信息的总体情况")));
        b.add(new Heading(2, OVERVIEW_PARTS.get(1)));
        b.add(Paragraph.of(Span.toFill("本机关本年收到和办理政府信息公开申请的总体情况")));
        b.add(new Heading(2, OVERVIEW_PARTS.get(2)));
        b.add(Paragraph.of(Span.toFill("本机关本年政府信息管理的情况")));
        b.add(new Heading(2, OVERVIEW_PARTS.get(3)));
        b.add(platform(data));
        b.add(new Chart(MonthlyChart.view(data)));
        b.add(new Heading(2, OVERVIEW_PARTS.get(4)));
        b.add(Paragraph.of(Span.toFill("监督保障的情况，含《条例》第五十条第四项规定的工作考核、社会评议和责任追究结果情况")));

        b.add(new Heading(1, SECTION_2));
        b.add(documents(data));
        check(REGULATIONS, data.regulations()).ifPresent(b::add);
        check(NORMATIVE_DOCUMENTS, data.normativeDocuments()).ifPresent(b::add);
        b.add(decisions(ARTICLE_20_5, DECISIONS, List.of("行政许可")));
        b.add(decisions(ARTICLE_20_6, DECISIONS, List.of("行政处罚", "行政强制")));
        b.add(decisions(ARTICLE_20_8, FEES, List.of("行政事业性收费")));

        b.add(new Heading(1, SECTION_3));
        b.add(applications());

        b.add(new Heading(1, SECTION_4));
        b.add(reviews());

        b.add(new Heading(1, SECTION_5));
        b.add(Paragraph.of(Span.toFill("本年政府信息公开工作存在的主要问题、改进措施，以及上一年度问题的整改情况")));

        b.add(new Heading(1, SECTION_6));
        b.add(Paragraph.of(Span.toFill("依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，以及其他需要报告的事项")));
        return new ReportDocument(title, b);
    }

    /** 政府信息公开平台建设: what the hub published on each configured channel this year, then the office's part. */
    static Paragraph platform(AnnualReportData data) {
        List<Span> s = new ArrayList<>();
        s.add(Span.text(data.year() + "年，本机关通过政府信息公开发布平台发布政府信息" + data.distinctItems()
                + "条（同一条信息在多个渠道发布的只计一次）"));
        List<String> channels = data.channels() == null ? List.of() : data.channels();
        for (int i = 0; i < channels.size(); i++) {
            ChannelPhrases.Phrase p = ChannelPhrases.of(channels.get(i));
            Long n = data.itemsPerChannel() == null ? null : data.itemsPerChannel().get(channels.get(i));
            s.add(Span.text((i == 0 ? "，其中" : "，") + p.verb()));
            s.add(n == null ? Span.toFill(null) : Span.text(Long.toString(n)));
            s.add(Span.text(p.unit()));
        }
        s.add(Span.text("。"));
        if (data.notices() > 0) {
            s.add(Span.text("另向订阅者定向发送通知" + data.notices() + "条（不计入上述信息条数）。"));
        }
        s.add(Span.toFill("政府网站、政务新媒体等平台建设的其他情况"));
        return new Paragraph(s);
    }

    /** 第二十条第（一）项: 本年制发件数, 本年废止件数, 现行有效件数 of 规章 and 行政规范性文件. */
    static Table documents(AnnualReportData data) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.header(CONTENT), Cell.header(ISSUED), Cell.header(REPEALED), Cell.header(IN_FORCE)));
        rows.add(documentRow(REGULATIONS, data.regulations()));
        rows.add(documentRow(NORMATIVE_DOCUMENTS, data.normativeDocuments()));
        return new Table(ARTICLE_20_1, 4, 1, 1, rows);
    }

    private static List<Cell> documentRow(String label, DocumentCounts c) {
        DocumentCounts d = c == null ? new DocumentCounts(null, null, null, null) : c;
        return List.of(Cell.label(label), Cell.number(d.issued()), Cell.number(d.repealed()), Cell.number(d.inForce()));
    }

    /** 现行有效件数 = last year's + 本年制发 − 本年废止, said next to the table when it does not hold. */
    static java.util.Optional<Check> check(String label, DocumentCounts c) {
        if (c == null || c.consistent()) {
            return java.util.Optional.empty();
        }
        long expected = c.inForceLastYear() + c.issued() - c.repealed();
        return java.util.Optional.of(new Check("核对不符（" + label + "）：" + IN_FORCE + "为" + c.inForce() + "，而上年" + IN_FORCE
                + c.inForceLastYear() + "＋" + ISSUED + c.issued() + "－" + REPEALED + c.repealed() + "＝" + expected
                + "，请核实后再发布。"));
    }

    /** The tables of 第二十条第（五）（六）（八）项: one number a row, for the office. */
    static Table decisions(String title, String column, List<String> labels) {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.header(CONTENT), Cell.header(column)));
        labels.forEach(l -> rows.add(List.of(Cell.label(l), Cell.toFill())));
        return new Table(title, 2, 1, 1, rows);
    }

    /** The table of section 三, every number the office's. */
    static Table applications() {
        List<List<Cell>> rows = new ArrayList<>();
        List<String> h = APPLICANT_HEADERS;
        rows.add(List.of(Cell.header(APPLICATIONS_CORNER, 3, 3), Cell.header(h.get(0), 7, 1)));
        rows.add(List.of(Cell.header(h.get(1), 1, 2), Cell.header(h.get(2), 5, 1), Cell.header(h.get(8), 1, 2)));
        rows.add(List.of(Cell.header(h.get(3)), Cell.header(h.get(4)), Cell.header(h.get(5)), Cell.header(h.get(6)), Cell.header(h.get(7))));
        String openGroup = null;
        for (int i = 0; i < APPLICATION_ROWS.size(); i++) {
            String group = APPLICATION_ROWS.get(i)[0];
            String label = APPLICATION_ROWS.get(i)[1];
            List<Cell> row = new ArrayList<>();
            if (group == null) {
                row.add(Cell.label(label, 3, 1));
            } else {
                if (i == 2) {
                    row.add(Cell.label(RESULTS, 1, 22));
                }
                if (group.equals(RESULTS)) {
                    row.add(Cell.label(label, 2, 1));
                } else {
                    if (!group.equals(openGroup)) {
                        row.add(Cell.label(group, 1, (int) APPLICATION_ROWS.stream().filter(r -> group.equals(r[0])).count()));
                    }
                    row.add(Cell.label(label));
                }
            }
            openGroup = group;
            for (int c = 0; c < 7; c++) {
                row.add(Cell.toFill());
            }
            rows.add(row);
        }
        return new Table(null, 10, 3, 3, rows);
    }

    /** The table of section 四: 行政复议, then 行政诉讼 without and after review, each with its five outcomes. */
    static Table reviews() {
        List<List<Cell>> rows = new ArrayList<>();
        rows.add(List.of(Cell.header(REVIEW_HEADERS.get(0), 5, 1), Cell.header(REVIEW_HEADERS.get(1), 10, 1)));
        List<Cell> second = new ArrayList<>();
        OUTCOMES.forEach(o -> second.add(Cell.header(o, 1, 2)));
        second.add(Cell.header(REVIEW_HEADERS.get(2), 5, 1));
        second.add(Cell.header(REVIEW_HEADERS.get(3), 5, 1));
        rows.add(second);
        List<Cell> third = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            OUTCOMES.forEach(o -> third.add(Cell.header(o)));
        }
        rows.add(third);
        List<Cell> values = new ArrayList<>();
        for (int c = 0; c < 15; c++) {
            values.add(Cell.toFill());
        }
        rows.add(values);
        return new Table(null, 15, 3, 0, rows);
    }
}

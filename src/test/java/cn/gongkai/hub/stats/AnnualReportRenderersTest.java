package cn.gongkai.hub.stats;

import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three files of the yearly report against the 2021 format (国办公开办函〔2021〕30号), its labels copied here from
 * the format by hand rather than from the code under test.
 */
class AnnualReportRenderersTest {
    static final List<String> SECTIONS = List.of("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项");
    static final List<String> PARTS = List.of("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障");
    static final List<String> ARTICLES = List.of("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项");
    static final List<String> SECTION_2_LABELS = List.of("信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件",
            "本年处理决定数量", "行政许可", "行政处罚", "行政强制", "本年收费金额（单位：万元）", "行政事业性收费");
    static final List<String> SECTION_3_LABELS = List.of("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
            "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
            "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
            "8.属于行政查询事项", "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
            "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他", "（七）总计", "四、结转下年度继续办理");
    static final List<String> SECTION_4_LABELS = List.of("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正",
            "其他结果", "尚未审结", "总计");
    static final String PLATFORM = "门户网站发布412条，微信公众号推送303条，短信46条，QQ群58条，LED显示屏27条，向媒体供稿75篇";
    static final String MISMATCH = "核对不符（规章）：现行有效件数为15，而上年现行有效件数12＋本年制发件数3－本年废止件数1＝14";

    static List<String> allLabels() {
        List<String> all = new ArrayList<>();
        Stream.of(SECTIONS, PARTS, ARTICLES, SECTION_2_LABELS, SECTION_3_LABELS, SECTION_4_LABELS).forEach(all::addAll);
        return all;
    }

    // --- what every format must carry ---

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void should_carry_every_section_title_table_and_label_of_the_2021_format(ReportFormat format) throws IOException {
        String text = text(format, ReportSamples.full());
        for (String label : allLabels()) {
            assertThat(text).as(format + " carries " + label).contains(label);
        }
        assertThat(text).contains("曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告", "国办公开办函〔2021〕30号",
                "2026年1月1日至12月31日");
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void should_give_the_hubs_per_channel_counts_in_the_platform_paragraph(ReportFormat format) throws IOException {
        String text = text(format, ReportSamples.full());
        assertThat(text).contains("发布政府信息431条（同一条信息在多个渠道发布的只计一次）", PLATFORM,
                "另向订阅者定向发送通知17条", "（待填写：政府网站、政务新媒体等平台建设的其他情况）");
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void should_mark_an_unknown_channel_count_and_leave_out_a_channel_not_configured(ReportFormat format) throws IOException {
        String text = text(format, ReportSamples.partial());
        assertThat(text).contains("其中门户网站发布88条，微信公众号推送（待填写）条。").doesNotContain("短信9条").doesNotContain("另向订阅者");
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void should_say_next_to_the_table_when_in_force_does_not_follow_from_last_year(ReportFormat format) throws IOException {
        assertThat(text(format, ReportSamples.inconsistent())).contains(MISMATCH);
        assertThat(text(format, ReportSamples.full())).doesNotContain("核对不符");
        assertThat(text(format, ReportSamples.partial())).as("an unknown 现行有效件数 has nothing to check").doesNotContain("核对不符");
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void should_leave_the_office_parts_marked_in_every_section(ReportFormat format) throws IOException {
        String text = text(format, ReportSamples.full());
        assertThat(text).contains("（待填写：本机关本年主动公开政府信息的总体情况）", "（待填写：本机关本年收到和办理政府信息公开申请的总体情况）",
                "（待填写：本机关本年政府信息管理的情况）", "（待填写：监督保障的情况", "（待填写：本年政府信息公开工作存在的主要问题",
                "（待填写：依据《政府信息公开信息处理费管理办法》收取信息处理费的情况");
    }

    // --- HTML ---

    @Test
    void should_write_one_standalone_accessible_html_page() {
        Document html = html(ReportSamples.inconsistent());
        assertThat(html.selectFirst("html").attr("lang")).isEqualTo("zh-CN");
        assertThat(html.selectFirst("meta[charset]").attr("charset")).isEqualTo("UTF-8");
        assertThat(html.title()).isEqualTo("曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告");
        assertThat(html.select("script, link, img[src], iframe")).as("no script and nothing from elsewhere").isEmpty();
        assertThat(html.select("style").html()).contains("@page", "A4");
        assertThat(html.select("h1").eachText()).containsExactly(html.title());
        assertThat(html.select("h2").eachText()).isEqualTo(SECTIONS);
        assertThat(html.select("h3").eachText()).isEqualTo(PARTS);
        assertThat(html.select("table")).hasSize(6);
        assertThat(html.select("caption").eachText()).isEqualTo(ARTICLES);
        for (Element th : html.select("th")) {
            assertThat(th.attr("scope")).as("th " + th.text()).isIn("col", "colgroup", "row", "rowgroup");
        }
    }

    @Test
    void should_put_the_hubs_numbers_in_their_cells_and_shade_every_other_cell_in_html() {
        Document html = html(ReportSamples.full());
        Element documents = html.select("table").get(0);
        assertThat(row(documents, "规章")).containsExactly("3", "1", "14");
        assertThat(row(documents, "行政规范性文件")).containsExactly("21", "4", "96");
        assertThat(documents.select("td.to-fill")).isEmpty();

        Document partial = html(ReportSamples.partial());
        Element t = partial.select("table").get(0);
        assertThat(t.select("tr:has(th:containsOwn(规章)) td.to-fill")).hasSize(3);
        assertThat(t.select("tr:has(th:containsOwn(行政规范性文件)) td").eachText()).containsExactly("5", "待填写", "待填写");
        Element applications = partial.select("table").get(4);
        assertThat(applications.select("td")).hasSize(25 * 7).allMatch(td -> td.hasClass("to-fill") && td.text().equals("待填写"));
        assertThat(applications.selectFirst("th:containsOwn(三、本年度办理结果)").attr("rowspan")).isEqualTo("22");
        assertThat(partial.select("table").get(5).select("td.to-fill")).hasSize(15);
        assertThat(partial.select("table").get(1).select("td.to-fill")).hasSize(1);
        assertThat(partial.select("span.to-fill").eachText()).allMatch(s -> s.startsWith("（待填写"));
    }

    @Test
    void should_show_the_failed_check_right_after_the_table_in_html() {
        Element check = html(ReportSamples.inconsistent()).selectFirst("p.check");
        assertThat(check).isNotNull();
        assertThat(check.text()).contains(MISMATCH);
        assertThat(check.previousElementSibling().tagName()).isEqualTo("table");
        assertThat(check.previousElementSibling().selectFirst("caption").text()).isEqualTo("第二十条第（一）项");
    }

    @Test
    void should_embed_the_monthly_chart_in_the_html_report() {
        Element figure = html(ReportSamples.full()).selectFirst("figure");
        assertThat(figure).isNotNull();
        Element svg = figure.selectFirst("svg");
        assertThat(svg.attr("role")).isEqualTo("img");
        assertThat(svg.select("g.series")).hasSize(6);
        assertThat(figure.selectFirst("figcaption").text()).isEqualTo("2026年各渠道每月发布信息条数");
        // the chart sits with 政府信息公开平台建设, before 监督保障
        assertThat(figure.previousElementSibling().text()).contains(PLATFORM);
    }

    // --- .docx ---

    @Test
    void should_write_word_headings_with_styles_defined_in_the_document() throws IOException {
        try (XWPFDocument doc = docx(ReportSamples.full())) {
            assertThat(doc.getStyles().getStyle("Heading1").getName()).isEqualTo("heading 1");
            assertThat(doc.getStyles().getStyle("Heading2").getName()).isEqualTo("heading 2");
            assertThat(doc.getStyles().getStyle("Heading1").getCTStyle().getPPr().getOutlineLvl().getVal()).isEqualTo(BigInteger.ZERO);
            assertThat(doc.getStyles().getStyle("Heading2").getCTStyle().getPPr().getOutlineLvl().getVal()).isEqualTo(BigInteger.ONE);
            assertThat(doc.getStyles().getStyle("Normal").getCTStyle().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("仿宋");
            assertThat(doc.getStyles().getStyle("TableText").getCTStyle().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("宋体");
            assertThat(doc.getStyles().getStyle("Heading1").getCTStyle().getRPr().getRFontsArray(0).getEastAsia()).isEqualTo("黑体");
            assertThat(styled(doc, "Heading1")).isEqualTo(SECTIONS);
            assertThat(styled(doc, "Heading2")).isEqualTo(PARTS);
            assertThat(styled(doc, "Title")).containsExactly("曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告");
            CTSectPr sect = doc.getDocument().getBody().getSectPr();
            assertThat(sect.getPgSz().getW()).isEqualTo(BigInteger.valueOf(11906));
            assertThat(sect.getPgSz().getH()).isEqualTo(BigInteger.valueOf(16838));
            assertThat(doc.getProperties().getCoreProperties().getTitle()).isEqualTo("曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告");
        }
    }

    @Test
    void should_write_real_word_tables_with_borders_header_rows_and_merged_cells() throws IOException {
        try (XWPFDocument doc = docx(ReportSamples.full())) {
            assertThat(doc.getTables()).hasSize(6);
            for (XWPFTable t : doc.getTables()) {
                assertThat(t.getTopBorderType()).isEqualTo(XWPFTable.XWPFBorderType.SINGLE);
                assertThat(t.getInsideVBorderType()).isEqualTo(XWPFTable.XWPFBorderType.SINGLE);
                assertThat(t.getRow(0).isRepeatHeader()).isTrue();
            }
            XWPFTable documents = doc.getTables().get(0);
            assertThat(documents.getRow(0).getCell(0).getText()).isEqualTo("第二十条第（一）项");
            assertThat(texts(documents.getRow(1))).containsExactly("信息内容", "本年制发件数", "本年废止件数", "现行有效件数");
            assertThat(texts(documents.getRow(2))).containsExactly("规章", "3", "1", "14");
            assertThat(texts(documents.getRow(3))).containsExactly("行政规范性文件", "21", "4", "96");
            assertThat(documents.getRow(2).isRepeatHeader()).isFalse();

            XWPFTable applications = doc.getTables().get(4);
            assertThat(applications.getRows()).hasSize(3 + 25);
            XWPFTableCell corner = applications.getRow(0).getCell(0);
            assertThat(corner.getText()).startsWith("（本列数据的勾稽关系为");
            assertThat(corner.getCTTc().getTcPr().getGridSpan().getVal()).isEqualTo(BigInteger.valueOf(3));
            assertThat(applications.getRow(2).isRepeatHeader()).isTrue();
            XWPFTableCell results = applications.getRow(5).getCell(0);
            assertThat(results.getText()).isEqualTo("三、本年度办理结果");
            assertThat(results.getCTTc().getTcPr().getVMerge().getVal().toString()).isEqualTo("restart");
            assertThat(applications.getRow(6).getCell(0).getCTTc().getTcPr().getVMerge().getVal().toString()).isEqualTo("continue");
            // every row spans the ten columns of the grid
            for (XWPFTableRow row : applications.getRows()) {
                int span = 0;
                for (XWPFTableCell c : row.getTableCells()) {
                    span += c.getCTTc().getTcPr().isSetGridSpan() ? c.getCTTc().getTcPr().getGridSpan().getVal().intValue() : 1;
                }
                assertThat(span).isEqualTo(10);
            }
            assertThat(doc.getTables().get(5).getRow(3).getTableCells()).hasSize(15);
        }
    }

    @Test
    void should_shade_the_office_cells_and_texts_in_word() throws IOException {
        try (XWPFDocument doc = docx(ReportSamples.partial())) {
            XWPFTable documents = doc.getTables().get(0);
            List<XWPFTableCell> regulations = documents.getRow(2).getTableCells();
            assertThat(regulations.get(0).getText()).isEqualTo("规章");
            assertThat(regulations.subList(1, 4)).allMatch(c -> "D9D9D9".equals(c.getColor()) && c.getText().isEmpty());
            List<XWPFTableCell> normative = documents.getRow(3).getTableCells();
            assertThat(normative.get(1).getText()).isEqualTo("5");
            assertThat(normative.get(1).getColor()).isNull();
            assertThat(normative.subList(2, 4)).allMatch(c -> "D9D9D9".equals(c.getColor()));
            long shadedRuns = doc.getParagraphs().stream().flatMap(p -> p.getRuns().stream())
                    .filter(r -> r.getCTR().isSetRPr() && r.getCTR().getRPr().sizeOfShdArray() > 0).count();
            long markedRuns = doc.getParagraphs().stream().flatMap(p -> p.getRuns().stream())
                    .filter(r -> r.text().startsWith("（待填写")).count();
            assertThat(shadedRuns).isEqualTo(markedRuns).isEqualTo(8); // six parts, 平台建设 of its own, and WeChat's count
        }
    }

    // --- Markdown ---

    @Test
    void should_write_gfm_headings_and_tables() {
        String md = md(ReportSamples.inconsistent());
        List<String> lines = md.lines().toList();
        assertThat(lines.get(0)).isEqualTo("# 曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告");
        assertThat(lines.stream().filter(l -> l.startsWith("## ")).map(l -> l.substring(3))).containsExactlyElementsOf(SECTIONS);
        assertThat(lines.stream().filter(l -> l.startsWith("### ")).map(l -> l.substring(4))).containsExactlyElementsOf(PARTS);
        assertThat(lines).contains("**第二十条第（一）项**", "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
                "| :--- | :---: | :---: | :---: |", "| 规章 | 3 | 1 | 15 |", "| 行政许可 |  |",
                "> **" + MISMATCH + "，请核实后再发布。**");
        // a GFM table: every row has as many cells as its header, its delimiter row right below the header
        List<List<String>> tables = new ArrayList<>();
        List<String> current = null;
        for (String l : lines) {
            if (l.startsWith("|")) {
                if (current == null) {
                    current = new ArrayList<>();
                    tables.add(current);
                }
                current.add(l);
            } else {
                current = null;
            }
        }
        assertThat(tables).hasSize(6);
        for (List<String> t : tables) {
            assertThat(t.get(1)).matches("\\|( :?---:? \\|)+");
            long cells = cells(t.get(0));
            assertThat(t).allMatch(row -> cells(row) == cells);
        }
        assertThat(tables.get(4)).hasSize(2 + 25);
        assertThat(tables.get(4).get(0)).contains("申请人情况 / 法人或其他组织 / 商业企业", "申请人情况 / 总计");
        assertThat(tables.get(4)).contains("|  | （三）不予公开 | 1.属于国家秘密 |  |  |  |  |  |  |  |");
        assertThat(tables.get(5).get(0)).contains("行政复议 / 结果维持", "行政诉讼 / 复议后起诉 / 总计");
    }

    @Test
    void should_leave_unknown_cells_empty_and_office_texts_bold_in_markdown() {
        String md = md(ReportSamples.partial());
        assertThat(md).contains("| 规章 |  |  |  |", "| 行政规范性文件 | 5 |  |  |", "**（待填写：本机关本年政府信息管理的情况）**",
                "微信公众号推送**（待填写）**条");
    }

    @Test
    void should_escape_markdown_in_the_office_name() {
        AnnualReportData d = ReportSamples.full();
        AnnualReportData odd = new AnnualReportData(d.year(), "*某局*_[测试]", d.itemsPerChannel(), d.itemsByMonth(), d.distinctItems(),
                d.notices(), d.regulations(), d.normativeDocuments(), d.channels());
        assertThat(md(odd).lines().findFirst().orElseThrow()).isEqualTo("# \\*某局\\*\\_\\[测试\\]2026年政府信息公开工作年度报告");
    }

    // --- helpers ---

    /** The visible text of a file: HTML's text, the .docx's paragraphs and cells, Markdown without its markup. */
    static String text(ReportFormat format, AnnualReportData data) throws IOException {
        byte[] bytes = AnnualReports.render(data, format).bytes();
        return switch (format) {
            case HTML -> Jsoup.parse(new String(bytes, StandardCharsets.UTF_8)).body().text().replace(" ", "");
            case DOCX -> {
                try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(bytes))) {
                    StringBuilder sb = new StringBuilder();
                    doc.getParagraphs().forEach(p -> sb.append(p.getText()).append('\n'));
                    doc.getTables().forEach(t -> t.getRows().forEach(r -> r.getTableCells().forEach(c -> sb.append(c.getText()).append('\n'))));
                    yield sb.toString();
                }
            }
            case MD -> new String(bytes, StandardCharsets.UTF_8).replace("**", "").replace("\\", "");
        };
    }

    private static Document html(AnnualReportData data) {
        return Jsoup.parse(new String(AnnualReports.render(data, ReportFormat.HTML).bytes(), StandardCharsets.UTF_8));
    }

    private static List<String> row(Element table, String label) {
        Element tr = table.selectFirst("tr:has(th:containsOwn(" + label + "))");
        return tr.select("td").eachText();
    }

    private static XWPFDocument docx(AnnualReportData data) throws IOException {
        return new XWPFDocument(new ByteArrayInputStream(AnnualReports.render(data, ReportFormat.DOCX).bytes()));
    }

    private static List<String> styled(XWPFDocument doc, String style) {
        return doc.getParagraphs().stream().filter(p -> style.equals(p.getStyle())).map(XWPFParagraph::getText).toList();
    }

    private static List<String> texts(XWPFTableRow row) {
        return row.getTableCells().stream().map(XWPFTableCell::getText).toList();
    }

    private static String md(AnnualReportData data) {
        return new String(AnnualReports.render(data, ReportFormat.MD).bytes(), StandardCharsets.UTF_8);
    }

    /** Cells of a GFM row: the pipes that are not escaped, less one. */
    private static long cells(String row) {
        return row.replace("\\|", "").chars().filter(ch -> ch == '|').count() - 1;
    }
}

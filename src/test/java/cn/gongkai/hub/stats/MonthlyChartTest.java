package cn.gongkai.hub.stats;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The monthly chart's SVG, parsed with the JDK's XML parser as any SVG consumer would. */
class MonthlyChartTest {
    private static final String SVG = "http://www.w3.org/2000/svg";

    @Test
    void should_be_well_formed_svg_with_one_series_per_channel_in_the_configured_order() throws Exception {
        byte[] file = MonthlyChart.file(MonthlyChart.view(ReportSamples.full()));
        assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg");
        Element svg = parse(file).getDocumentElement();
        assertThat(svg.getNamespaceURI()).isEqualTo(SVG);
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("viewBox")).isEqualTo("0 0 760 380");

        List<Element> series = series(svg);
        assertThat(series).extracting(s -> s.getAttribute("data-channel")).containsExactlyElementsOf(ReportSamples.CHANNELS);
        for (Element s : series) {
            assertThat(children(s, "circle")).hasSize(12);
            assertThat(children(s, "path").get(0).getAttribute("d")).startsWith("M").doesNotContain(" M");
        }
        List<String> colours = series.stream().map(s -> children(s, "path").get(0).getAttribute("stroke")).toList();
        assertThat(colours).doesNotHaveDuplicates();
    }

    @Test
    void should_be_accessible_with_chinese_title_description_and_labels() throws Exception {
        Element svg = parse(MonthlyChart.file(MonthlyChart.view(ReportSamples.full()))).getDocumentElement();
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.getAttribute("aria-labelledby")).isEqualTo("chart-title chart-desc");
        Element title = children(svg, "title").get(0);
        assertThat(title.getAttribute("id")).isEqualTo("chart-title");
        assertThat(title.getTextContent()).isEqualTo("2026年各渠道每月发布信息条数");
        Element desc = children(svg, "desc").get(0);
        assertThat(desc.getTextContent()).contains("微信公众号：1月22条，2月20条", "媒体供稿：", "12月7条。");
        List<String> texts = texts(svg);
        for (int m = 1; m <= 12; m++) {
            assertThat(texts).contains(m + "月");
        }
        assertThat(texts).contains("门户网站", "微信公众号", "短信", "QQ群", "LED显示屏", "媒体供稿", "条", "0", "40");
        Element firstPoint = children(series(svg).get(1), "circle").get(0);
        assertThat(children(firstPoint, "title").get(0).getTextContent()).isEqualTo("微信公众号 1月：22条");
        assertThat(new String(MonthlyChart.file(MonthlyChart.view(ReportSamples.full())), StandardCharsets.UTF_8))
                .as("Chinese written as UTF-8, not as character references").contains("各渠道每月发布信息条数").doesNotContain("&#x");
    }

    @Test
    void should_draw_a_gap_for_an_unknown_month_and_place_points_by_their_count() throws Exception {
        AnnualReportData d = ReportSamples.partial();
        List<Long> months = new ArrayList<>(d.itemsByMonth().get("website"));
        months.set(5, null);
        AnnualReportData gap = new AnnualReportData(d.year(), d.office(), d.itemsPerChannel(), Map.of("website", months), d.distinctItems(),
                d.notices(), d.regulations(), d.normativeDocuments(), d.channels());
        Element svg = parse(MonthlyChart.file(MonthlyChart.view(gap))).getDocumentElement();
        List<Element> series = series(svg);
        assertThat(series).hasSize(1);
        assertThat(children(series.get(0), "circle")).hasSize(11);
        assertThat(children(series.get(0), "path").get(0).getAttribute("d").split(" M")).hasSize(2);
        assertThat(children(svg, "desc").get(0).getTextContent()).contains("6月不详");

        MonthlyChart.View view = MonthlyChart.view(ReportSamples.full());
        MonthlyChart.Point highest = view.series().get(0).points().get(11); // 39 on an axis to 40
        MonthlyChart.Point lowest = view.series().get(4).points().get(0); // 2
        assertThat(highest.y()).isLessThan(lowest.y());
        assertThat(highest.y()).isCloseTo(view.top() + (view.bottom() - view.top()) / 40.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(view.yTicks()).extracting(MonthlyChart.Tick::label).containsExactly("0", "10", "20", "30", "40");
    }

    @Test
    void should_say_so_when_nothing_was_published() throws Exception {
        AnnualReportData empty = new AnnualReportData(2027, "某局", Map.of(), Map.of(), 0, 0, null, null, List.of("website"));
        Element svg = parse(MonthlyChart.file(MonthlyChart.view(empty))).getDocumentElement();
        assertThat(series(svg)).isEmpty();
        assertThat(texts(svg)).contains("本年暂无发布记录");
    }

    @Test
    void should_step_the_axis_by_one_two_or_five_times_a_power_of_ten() {
        assertThat(Arrays.stream(new long[]{0, 5, 6, 10, 39, 303, 1200}).map(MonthlyChart::step).toArray())
                .containsExactly(1, 1, 2, 2, 10, 100, 500);
    }

    @Test
    void should_keep_a_channel_name_out_of_the_markup() throws Exception {
        AnnualReportData d = ReportSamples.partial();
        AnnualReportData odd = new AnnualReportData(d.year(), d.office(), d.itemsPerChannel(),
                Map.of("<script>alert(1)</script>", List.of(1L)), 1, 0, null, null, List.of());
        Document doc = parse(MonthlyChart.file(MonthlyChart.view(odd)));
        assertThat(doc.getElementsByTagNameNS(SVG, "script").getLength()).isZero();
        assertThat(texts(doc.getDocumentElement())).contains("<script>alert(1)</script>");
    }

    static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return b.parse(new ByteArrayInputStream(svg));
    }

    private static List<Element> series(Element svg) {
        List<Element> out = new ArrayList<>();
        NodeList gs = svg.getElementsByTagNameNS(SVG, "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if ("series".equals(g.getAttribute("class"))) {
                out.add(g);
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS(SVG, name);
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static List<String> texts(Element svg) {
        return children(svg, "text").stream().map(e -> e.getTextContent().strip()).toList();
    }
}

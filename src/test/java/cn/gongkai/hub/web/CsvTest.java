package cn.gongkai.hub.web;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void should_prefix_every_value_that_starts_like_a_formula_even_when_it_spans_lines() throws IOException {
        List<String> values = List.of("=1+2\n第二行", "+cmd|' /C calc'!A0", "-2+3\r\n", "@SUM(A1:A9)", "\t=1", "\r=1", "=HYPERLINK(\"x\")");
        byte[] csv = Csv.bytes(List.of("a", "b", "c", "d", "e", "f", "g"), List.of(values));
        CSVRecord row = parse(csv).get(1);
        for (int i = 0; i < values.size(); i++) {
            assertThat(row.get(i)).as(values.get(i)).isEqualTo("'" + values.get(i));
        }
    }

    @Test
    void should_leave_ordinary_values_alone_and_write_nulls_as_empty_cells() throws IOException {
        List<String> values = Arrays.asList("2026-11-22T09:00", "嘉政办发〔2019〕77号", "1/0", " =not first", null, "");
        CSVRecord row = parse(Csv.bytes(List.of("a", "b", "c", "d", "e", "f"), List.of(values))).get(1);
        assertThat(row.toList()).containsExactly("2026-11-22T09:00", "嘉政办发〔2019〕77号", "1/0", " =not first", "", "");
    }

    @Test
    void should_write_utf8_with_a_bom_crlf_and_every_value_quoted() {
        byte[] csv = Csv.bytes(List.of("标题", "意见"), List.of(List.of("关于\"通知\"", "同意")));
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("\uFEFF\"标题\",\"意见\"\r\n\"关于\"\"通知\"\"\",\"同意\"\r\n");
    }

    static List<CSVRecord> parse(byte[] csv) throws IOException {
        String text = new String(csv, StandardCharsets.UTF_8).substring(1);
        return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
    }
}

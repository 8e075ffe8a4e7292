package cn.gongkai.hub.subscriber;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.util.TempFile;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberFileWriterTest {
    private static final SubscriberRowOut ZHANG = new SubscriberRowOut("张伟", "13812345678", "Zhang.Wei@163.com", null, "123456789012",
            List.of("区域:崇川区", "群体:老年人"), List.of(Reach.WECHAT, Reach.SMS), List.of(Reach.SMS, Reach.WECHAT, Reach.EMAIL));

    @TempDir
    Path dir;

    @Test
    void should_write_a_utf8_csv_with_a_bom_the_canonical_header_and_lists_joined_by_semicolons() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SubscriberFileWriter writer = SubscriberFileWriter.csv(out)) {
            writer.write(ZHANG);
            writer.write(new SubscriberRowOut("=1+2", null, null, "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", null, List.of(), List.of(), List.of()));
            assertThat(writer.rows()).isEqualTo(2);
        }

        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8)).isEqualTo(
                "\"name\",\"mobile\",\"email\",\"wechatOpenId\",\"qqNumber\",\"tags\",\"preferredChannels\",\"consent\"\r\n"
                        + "\"张伟\",\"13812345678\",\"Zhang.Wei@163.com\",\"\",\"123456789012\",\"区域:崇川区;群体:老年人\",\"wechat;sms\",\"sms;wechat;email\"\r\n"
                        + "\"'=1+2\",\"\",\"\",\"o6_bmjrPTlm6_2sgVt7hMZOPfL2M\",\"\",\"\",\"\",\"\"\r\n");
    }

    @Test
    void should_write_xlsx_cells_as_text_with_the_text_format() throws IOException {
        Path file = dir.resolve("export.xlsx");
        try (OutputStream out = Files.newOutputStream(file); SubscriberFileWriter writer = SubscriberFileWriter.xlsx(out)) {
            writer.write(ZHANG);
        }

        try (InputStream in = Files.newInputStream(file); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("subscribers");
            assertThat(sheet.getRow(0).getCell(7).getStringCellValue()).isEqualTo("consent");
            Cell mobile = sheet.getRow(1).getCell(1);
            assertThat(mobile.getCellType()).isEqualTo(CellType.STRING);
            assertThat(mobile.getStringCellValue()).isEqualTo("13812345678");
            assertThat(mobile.getCellStyle().getDataFormatString()).isEqualTo("@");
            assertThat(sheet.getRow(1).getCell(4).getCellType()).isEqualTo(CellType.STRING);
            assertThat(sheet.getRow(1).getCell(3)).as("no openid: no cell").isNull();
            assertThat(sheet.getRow(1).getCell(5).getStringCellValue()).isEqualTo("区域:崇川区;群体:老年人");
            assertThat(sheet.getColumnStyle(1).getDataFormatString()).as("a mobile typed in later stays text too").isEqualTo("@");
        }
    }

    @ParameterizedTest
    @EnumSource(SubscriberFileFormat.class)
    void should_import_an_export_back_to_the_same_subscribers(SubscriberFileFormat format) throws IOException {
        List<SubscriberInput> tricky = List.of(
                new SubscriberInput("O'Brien, \"Pat\"", "13812345678", "pat@Example.cn", null, null, List.of("区域:崇川区"), List.of(), List.of(Reach.SMS)),
                new SubscriberInput("=HYPERLINK(\"x\")", null, "x@163.com", null, "10001", List.of(), List.of(Reach.QQ), List.of()),
                new SubscriberInput("-张三", null, null, "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", null, List.of("群体:测试"), List.of(), List.of()));
        Path file = dir.resolve("export." + format.extension());
        try (OutputStream out = Files.newOutputStream(file); SubscriberFileWriter writer = SubscriberFileWriter.open(format, out)) {
            for (SubscriberInput p : tricky) {
                writer.write(SubscriberRowOut.of(p));
            }
            for (Iterator<SubscriberInput> it = SubscriberFiles.people(3_000); it.hasNext(); ) {
                writer.write(SubscriberRowOut.of(it.next()));
            }
        }

        List<SubscriberInput> back = new ArrayList<>();
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, file.getFileName().toString())) {
            assertThat(reader.format()).isEqualTo(format);
            for (Optional<RawRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                SubscriberRows.Checked checked = SubscriberRows.check(row.get(), SubscriberFiles.DIMENSIONS);
                assertThat(checked.errors()).as("row %d", row.get().row()).isEmpty();
                back.add(checked.input());
            }
        }

        assertThat(back).hasSize(3_003);
        assertThat(back.subList(0, 3)).as("the email domain is lower-cased on import").containsExactly(
                new SubscriberInput("O'Brien, \"Pat\"", "13812345678", "pat@example.cn", null, null, List.of("区域:崇川区"), List.of(), List.of(Reach.SMS)),
                tricky.get(1), tricky.get(2));
        for (int i = 0; i < 3_000; i++) {
            assertThat(back.get(i + 3)).isEqualTo(SubscriberFiles.person(i));
        }
    }

    @Test
    void should_delete_the_xlsx_temporary_files_on_close() throws IOException {
        List<String> before = poiTempFiles();
        try (SubscriberFileWriter writer = SubscriberFileWriter.xlsx(OutputStream.nullOutputStream())) {
            for (Iterator<SubscriberInput> it = SubscriberFiles.people(500); it.hasNext(); ) {
                writer.write(SubscriberRowOut.of(it.next()));
            }
            assertThat(poiTempFiles()).as("rows past the window went to a temporary file").hasSizeGreaterThan(before.size());
        }
        assertThat(poiTempFiles()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(SubscriberFileFormat.class)
    void should_leave_the_callers_stream_open(SubscriberFileFormat format) throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (SubscriberFileWriter writer = SubscriberFileWriter.open(format, out)) {
            writer.write(ZHANG);
        }
        assertThat(closed[0]).isFalse();
        assertThat(bytes.size()).isGreaterThan(100);
    }

    @Test
    void should_export_only_the_consent_that_no_opt_out_withdrew() {
        Instant t = Instant.parse("2026-03-01T08:00:00Z");
        Subscriber s = new Subscriber("s1", "张伟", "13812345678", "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", null, null, List.of("区域:崇川区"),
                List.of(Reach.WECHAT), Map.of(Reach.SMS, new Consent(true, t, "import"), Reach.WECHAT, new Consent(true, t, "import"),
                Reach.EMAIL, new Consent(false, t, "import")), Map.of(Reach.SMS, t.plusSeconds(60)), t, t);

        assertThat(SubscriberRowOut.of(s)).isEqualTo(new SubscriberRowOut("张伟", "13812345678", null, "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", null,
                List.of("区域:崇川区"), List.of(Reach.WECHAT), List.of(Reach.WECHAT)));
    }

    /** The files SXSSF keeps in POI's temporary folder ({@code java.io.tmpdir/poifiles}). */
    private static List<String> poiTempFiles() throws IOException {
        File probe = TempFile.createTempFile("probe", ".tmp");
        Path folder = probe.toPath().getParent();
        Files.delete(probe.toPath());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("poi-sxssf-")).sorted().toList();
        }
    }
}

package cn.gongkai.hub.subscriber;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriberFileReaderTest {
    private static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path dir;

    @Test
    void should_read_a_gbk_csv_with_chinese_headers_names_and_tags() throws IOException {
        String text = "姓名,手机号,邮箱,标签,同意渠道\r\n"
                + "张伟,13812345678,zhang.wei@163.com,区域:崇川区;群体:老年人,短信;微信\r\n"
                + "南通濠河文化传媒有限公司,13912345678,,区域：海门区；群体:文化企业,邮件\r\n";
        Path file = write("名单.csv", text.getBytes(GBK));
        assertThat(CsvSubscriberReader.decodes(file, StandardCharsets.UTF_8, 0)).as("a GBK file is not valid UTF-8").isFalse();

        List<RawRow> rows = readAll(file, "名单.csv");

        assertThat(rows).extracting(RawRow::row).containsExactly(2, 3);
        assertThat(rows.get(0).values()).containsEntry("name", "张伟").containsEntry("mobile", "13812345678")
                .containsEntry("email", "zhang.wei@163.com").containsEntry("tags", "区域:崇川区;群体:老年人").containsEntry("consent", "短信;微信")
                .doesNotContainKey("qqNumber");
        assertThat(rows.get(1).get(SubscriberColumn.NAME)).isEqualTo("南通濠河文化传媒有限公司");
        assertThat(rows.get(1).get(SubscriberColumn.EMAIL)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SubscriberFiles.Encoding.class)
    void should_read_every_row_of_a_generated_csv_in_each_encoding(SubscriberFiles.Encoding encoding) throws IOException {
        Path file = SubscriberFiles.csv(dir.resolve("people.csv"), 2_000, encoding, encoding == SubscriberFiles.Encoding.GBK);

        int i = 0;
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, "people.csv")) {
            assertThat(reader.format()).isEqualTo(SubscriberFileFormat.CSV);
            assertThat(reader.headerRow()).isEqualTo(1);
            for (Optional<RawRow> row = reader.next(); row.isPresent(); row = reader.next(), i++) {
                assertThat(row.get().row()).isEqualTo(i + 2);
                SubscriberRows.Checked checked = SubscriberRows.check(row.get(), SubscriberFiles.DIMENSIONS);
                assertThat(checked.errors()).isEmpty();
                assertThat(checked.input()).isEqualTo(SubscriberFiles.person(i));
            }
        }
        assertThat(i).isEqualTo(2_000);
    }

    @Test
    void should_keep_row_numbers_right_when_quoted_fields_hold_commas_quotes_and_line_breaks() throws IOException {
        String text = "\uFEFFname,mobile,tags\r\n"
                + "\"Zhang, Wei\",13812345678,区域:崇川区\r\n"              // row 2
                + "\"王\"\"小\"\"明\",13912345678,\"区域:海门区;\r\n群体:学校\"\r\n" // rows 3-4
                + "\r\n"                                                 // row 5, blank
                + ",,\r\n"                                               // row 6, blank cells only
                + "\"李\n四\",13712345678,\n"                              // rows 7-8, a bare LF inside and after
                + "赵六,13612345678,区域:通州区";                            // row 9, no line break at the end
        Path file = write("quoted.csv", text.getBytes(StandardCharsets.UTF_8));

        List<RawRow> rows = readAll(file, "quoted.csv");

        assertThat(rows).extracting(RawRow::row).containsExactly(2, 3, 7, 9);
        assertThat(rows).extracting(r -> r.get(SubscriberColumn.NAME)).containsExactly("Zhang, Wei", "王\"小\"明", "李\n四", "赵六");
        assertThat(rows.get(1).get(SubscriberColumn.TAGS)).isEqualTo("区域:海门区;\r\n群体:学校");
        assertThat(rows.get(3).get(SubscriberColumn.TAGS)).isEqualTo("区域:通州区");
    }

    @Test
    void should_take_the_first_non_blank_row_as_the_header_and_match_names_loosely() throws IOException {
        String text = "\r\n , \r\n  NAME  ,Mobile*, 微信OpenID ,qq号\r\n张三,13812345678,o6_bmjrPTlm6_2sgVt7hMZOPfL2M,123456\r\n";
        Path file = write("loose.csv", text.getBytes(StandardCharsets.UTF_8));

        try (SubscriberFileReader reader = SubscriberFileReader.open(file, "loose.csv")) {
            assertThat(reader.headerRow()).isEqualTo(3);
            RawRow row = reader.next().orElseThrow();
            assertThat(row.row()).isEqualTo(4);
            assertThat(row.values()).containsOnlyKeys("name", "mobile", "wechatOpenId", "qqNumber");
            assertThat(row.get(SubscriberColumn.WECHAT_OPEN_ID)).isEqualTo("o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
        }
    }

    @Test
    void should_put_values_in_columns_without_a_header_aside_as_stray() throws IOException {
        Path file = write("stray.csv", "name,mobile,,email\r\n张,三,13812345678,x@y.cn,extra\r\n".getBytes(StandardCharsets.UTF_8));

        RawRow row = readAll(file, "stray.csv").get(0);

        assertThat(row.values()).containsEntry("name", "张").containsEntry("mobile", "三").containsEntry("email", "x@y.cn");
        assertThat(row.stray()).containsExactly("13812345678", "extra");
    }

    @Test
    void should_read_a_text_with_one_stray_control_character_and_leave_it_to_the_row_check() throws IOException {
        Path file = write("vt.csv", "name,mobile\r\n张\u000b三,13812345678\r\n".getBytes(StandardCharsets.UTF_8));

        RawRow row = readAll(file, "vt.csv").get(0);

        assertThat(SubscriberRows.check(row, SubscriberFiles.DIMENSIONS).errors())
                .containsExactly(new RowError(2, "name", "\"张 三\" holds a line break or a control character"));
    }

    @Test
    void should_drop_the_formula_guard_an_export_puts_before_a_value() throws IOException {
        Path file = write("guard.csv", "name,mobile\r\n\"'=HYPERLINK(1)\",13812345678\r\n\"'Brien\",13912345678\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(readAll(file, "guard.csv")).extracting(r -> r.get(SubscriberColumn.NAME)).containsExactly("=HYPERLINK(1)", "'Brien");
    }

    @Test
    void should_read_number_cells_of_an_xlsx_as_their_digits_and_skip_blank_rows() throws IOException {
        Path file = dir.resolve("typed.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("名单");
            CellStyle twoDecimals = wb.createCellStyle();
            twoDecimals.setDataFormat(wb.createDataFormat().getFormat("0.00"));
            CellStyle plain = wb.createCellStyle();
            Row header = sheet.createRow(0);
            String[] names = {"姓名", "手机", "QQ", "电子邮件", "首选渠道"};
            for (int c = 0; c < names.length; c++) {
                header.createCell(c).setCellValue(names[c]);
            }
            Row a = sheet.createRow(1);
            a.createCell(0).setCellValue("张伟");
            a.createCell(1).setCellValue(13812345678d);
            a.createCell(2).setCellValue(123456789012d);
            a.createCell(4).setCellValue("微信、短信");
            Row blankCells = sheet.createRow(2);
            blankCells.createCell(0).setCellStyle(plain);
            blankCells.createCell(1).setCellValue("");
            blankCells.createCell(3).setCellValue("   ");
            // sheet rows 4 and 5 do not exist at all
            Row b = sheet.createRow(5);
            b.createCell(0).setCellValue("李娜");
            b.createCell(1).setCellValue(13912345678d);
            b.getCell(1).setCellStyle(twoDecimals);
            b.createCell(3).setCellValue("li.na@126.com");
            wb.write(out);
        }

        List<RawRow> rows = readAll(file, "typed.xlsx");

        assertThat(rows).extracting(RawRow::row).containsExactly(2, 6);
        assertThat(rows.get(0).values()).containsEntry("name", "张伟").containsEntry("mobile", "13812345678")
                .containsEntry("qqNumber", "123456789012").containsEntry("email", "").containsEntry("preferredChannels", "微信、短信");
        assertThat(rows.get(1).values()).containsEntry("mobile", "13912345678").containsEntry("email", "li.na@126.com").containsEntry("qqNumber", "");
    }

    @Test
    void should_take_a_cells_column_from_the_letters_of_its_reference() {
        assertThat(List.of("A1", "Z9", "AA3", "AB12", "XFD1048576", "$C$4")).extracting(XlsxSubscriberReader::column)
                .containsExactly(0, 25, 26, 27, 16383, 2);
        assertThat(Header.letters(0) + Header.letters(25) + Header.letters(26) + Header.letters(16383)).isEqualTo("AZAAXFD");
    }

    @Test
    void should_read_every_row_of_a_generated_xlsx_with_shared_strings_and_number_cells() throws IOException {
        Path file = SubscriberFiles.xlsx(dir.resolve("people.xlsx"), 2_000, true, true);

        int i = 0;
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, "people.xlsx")) {
            assertThat(reader.format()).isEqualTo(SubscriberFileFormat.XLSX);
            for (Optional<RawRow> row = reader.next(); row.isPresent(); row = reader.next(), i++) {
                assertThat(row.get().row()).isEqualTo(i + 2);
                assertThat(SubscriberRows.check(row.get(), SubscriberFiles.DIMENSIONS).input()).isEqualTo(SubscriberFiles.person(i));
            }
        }
        assertThat(i).isEqualTo(2_000);
    }

    @Test
    void should_read_a_minimal_workbook_without_styles_or_cell_references() throws IOException {
        // As small generators write one: no styles part, no r= on cells, a rich-text inline string, a raw double
        Path file = dir.resolve("minimal.xlsx");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            entry(zip, "xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
                    + "<x:row><x:c t=\"inlineStr\"><x:is><x:t>name</x:t></x:is></x:c><x:c t=\"inlineStr\"><x:is><x:t>mobile</x:t></x:is></x:c></x:row>"
                    + "<x:row><x:c t=\"inlineStr\"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t>伟</x:t></x:r></x:is></x:c><x:c><x:v>1.3812345678E10</x:v></x:c></x:row>"
                    + "</x:sheetData></x:worksheet>");
        }

        List<RawRow> rows = readAll(file, "minimal.xlsx");

        assertThat(rows).containsExactly(new RawRow(2, Map.of("name", "张伟", "mobile", "13812345678")));
    }

    @Test
    void should_refuse_a_password_protected_workbook() throws Exception {
        Path plain = SubscriberFiles.xlsx(dir.resolve("plain.xlsx"), 3, false, false);
        Path file = dir.resolve("locked.xlsx");
        EncryptionInfo info = new EncryptionInfo(EncryptionMode.standard);
        Encryptor encryptor = info.getEncryptor();
        encryptor.confirmPassword("南通");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            try (OPCPackage opc = OPCPackage.open(plain.toFile(), PackageAccess.READ_WRITE); OutputStream os = encryptor.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                fs.writeFilesystem(out);
            }
        }

        assertRefused(file, "名单.xlsx", "名单.xlsx is protected with a password; save a copy without the password as .xlsx or CSV");
    }

    @Test
    void should_tell_the_format_from_the_bytes_not_the_name() throws IOException {
        Path xlsx = Files.move(SubscriberFiles.xlsx(dir.resolve("a.xlsx"), 3, false, false), dir.resolve("really-a-workbook.csv"));
        Path csv = Files.move(SubscriberFiles.csv(dir.resolve("b.csv"), 3, SubscriberFiles.Encoding.UTF8, false), dir.resolve("really-text.xlsx"));

        try (SubscriberFileReader a = SubscriberFileReader.open(xlsx, "名单.csv"); SubscriberFileReader b = SubscriberFileReader.open(csv, "名单.xlsx")) {
            assertThat(a.format()).isEqualTo(SubscriberFileFormat.XLSX);
            assertThat(b.format()).isEqualTo(SubscriberFileFormat.CSV);
            assertThat(a.next().orElseThrow().get(SubscriberColumn.MOBILE)).isEqualTo(SubscriberFiles.person(0).mobile());
            assertThat(b.next().orElseThrow().get(SubscriberColumn.MOBILE)).isEqualTo(SubscriberFiles.person(0).mobile());
        }
    }

    @Test
    void should_refuse_an_old_binary_xls() throws IOException {
        Path file = dir.resolve("old.xls");
        try (HSSFWorkbook wb = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            wb.createSheet("名单").createRow(0).createCell(0).setCellValue("姓名");
            wb.write(out);
        }

        assertRefused(file, "名单.xls", "名单.xls is an old binary Excel file (.xls, Excel 97-2003); save it as .xlsx or CSV");
    }

    @Test
    void should_refuse_a_random_binary_file() throws IOException {
        byte[] noise = new byte[20_000];
        new Random(7).nextBytes(noise);
        assertRefused(write("noise.bin", noise), "名单.csv", "名单.csv holds binary data: it is neither a CSV text file nor an .xlsx workbook; save it as .xlsx or CSV");
    }

    @Test
    void should_refuse_other_known_kinds_of_file() throws IOException {
        assertRefused(write("a.pdf", "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1)), "a.csv", "a.csv is a PDF document, not a list of subscribers; save it as .xlsx or CSV");
        assertRefused(write("a.xls", "<html><table><tr><td>姓名</td></tr></table></html>".getBytes(StandardCharsets.UTF_8)), "a.xls",
                "a.xls is a web page or XML file, not a real workbook (some systems save these with an .xls name); open it in Excel or WPS and save it as .xlsx or CSV");
        assertRefused(write("u16.csv", "\uFEFFname,mobile\r\n".getBytes(StandardCharsets.UTF_16LE)), "u16.csv",
                "u16.csv is UTF-16 text (Excel's \"Unicode text\"); save it as \"CSV UTF-8 (逗号分隔)\" or .xlsx");
        assertRefused(write("empty.csv", new byte[0]), "empty.csv", "empty.csv is empty");
        assertRefused(write("nul.csv", "name,mobile\r\n张\u0000三,13812345678\r\n".getBytes(StandardCharsets.UTF_8)), "nul.csv",
                "nul.csv holds binary data: it is neither a CSV text file nor an .xlsx workbook; save it as .xlsx or CSV");
    }

    @Test
    void should_refuse_a_zip_that_holds_no_workbook() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("名单.csv"));
            zip.write("name,mobile\r\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path file = write("archive.zip", bytes.toByteArray());

        assertThatThrownBy(() -> SubscriberFileReader.open(file, "名单.xlsx"))
                .isInstanceOf(SubscriberFileReader.Refused.class)
                .hasMessageStartingWith("名单.xlsx is not a readable .xlsx workbook")
                .hasMessageEndingWith("save it as .xlsx or CSV");
    }

    @Test
    void should_refuse_a_text_that_is_neither_utf8_nor_gbk() throws IOException {
        byte[] bytes = "name\r\n\u00ff\u0080x\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(write("latin.csv", bytes), "latin.csv",
                "latin.csv is neither UTF-8 nor GBK text; save it from Excel as \"CSV UTF-8 (逗号分隔)\" or as .xlsx");
    }

    @Test
    void should_refuse_an_unknown_column_and_a_missing_name_column_naming_the_header_row() throws IOException {
        Path file = write("bad-header.csv", "手机号,住址,邮箱\r\n13812345678,崇川区,a@b.cn\r\n".getBytes(StandardCharsets.UTF_8));

        SubscriberFileReader.Refused refused = refusal(file, "bad-header.csv");

        assertThat(refused.problems()).containsExactly(
                new RowError(1, "住址", "unknown column \"住址\" (column B); the columns are name, mobile, email, wechatOpenId, qqNumber, tags, "
                        + "preferredChannels, consent (or 姓名, 手机号, 邮箱, 微信openid, QQ, 标签, 首选渠道, 同意渠道)"),
                new RowError(1, "name", "no name column (姓名): the first row must name the columns, e.g. name,mobile,email (or 姓名,手机号,邮箱)"));
        assertThat(refused.getMessage()).startsWith("bad-header.csv: the header row (row 1) is not right: unknown column \"住址\" (column B)");
    }

    @Test
    void should_refuse_a_column_named_twice_and_hint_at_a_semicolon_separated_file() throws IOException {
        assertThat(refusal(write("twice.csv", "姓名,手机,mobile\r\n".getBytes(StandardCharsets.UTF_8)), "twice.csv").problems())
                .containsExactly(new RowError(1, "mobile", "column C \"mobile\" repeats column B \"手机\" (both are mobile)"));
        assertThat(refusal(write("semi.csv", "name;mobile\r\n张三;13812345678\r\n".getBytes(StandardCharsets.UTF_8)), "semi.csv").problems().get(0).problem())
                .startsWith("unknown column \"name;mobile\" (column A) (columns must be separated by commas, and this row seems to use ';')");
    }

    @Test
    void should_refuse_an_xlsx_whose_header_names_an_unknown_column() throws IOException {
        Path file = dir.resolve("bad-header.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Row header = wb.createSheet().createRow(0);
            header.createCell(0).setCellValue("姓名");
            header.createCell(2).setCellValue("身份证号");
            wb.write(out);
        }

        assertThat(refusal(file, "bad-header.xlsx").problems()).extracting(RowError::row, RowError::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "身份证号"));
    }

    @Test
    void should_refuse_a_csv_record_whose_quote_is_never_closed() throws IOException {
        Path file = write("open-quote.csv", "name,mobile\r\n张三,13812345678\r\n\"李四,13912345678\r\n王五,13712345678\r\n".getBytes(StandardCharsets.UTF_8));

        try (SubscriberFileReader reader = SubscriberFileReader.open(file, "open-quote.csv")) {
            assertThat(reader.next()).isPresent();
            assertThatThrownBy(reader::next).isInstanceOf(SubscriberFileReader.Refused.class)
                    .hasMessageStartingWith("open-quote.csv: the CSV record that starts on row 3 is not well-formed");
        }
    }

    @Test
    void should_refuse_an_xlsx_that_unpacks_like_a_zip_bomb() throws IOException {
        Path normal = SubscriberFiles.xlsx(dir.resolve("normal.xlsx"), 5, false, false);
        // 40 MB of blanks between two rows deflate to ~40 KB: an inflation ratio far past ZipSecureFile's 1:100
        Path bomb = rewriteSheet(normal, dir.resolve("bomb.xlsx"), sheet -> sheet.replace("<row r=\"3\"", " ".repeat(40 << 20) + "<row r=\"3\""));

        try (SubscriberFileReader reader = SubscriberFileReader.open(bomb, "bomb.xlsx")) {
            assertThatThrownBy(() -> {
                while (reader.next().isPresent()) {
                    // read until the bomb goes off
                }
            }).isInstanceOf(SubscriberFileReader.Refused.class).hasMessageContaining("(a zip bomb?)");
        }
    }

    private Path rewriteSheet(Path from, Path to, java.util.function.UnaryOperator<String> change) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data;
                try (java.io.InputStream entry = in.getInputStream(e)) {
                    data = entry.readAllBytes();
                }
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    String sheet = new String(data, StandardCharsets.UTF_8);
                    String changed = change.apply(sheet);
                    assertThat(changed).isNotEqualTo(sheet);
                    data = changed.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
        return to;
    }

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private List<RawRow> readAll(Path file, String name) throws IOException {
        List<RawRow> rows = new ArrayList<>();
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, name)) {
            for (Optional<RawRow> row = reader.next(); row.isPresent(); row = reader.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }

    private void assertRefused(Path file, String name, String message) {
        assertThatThrownBy(() -> SubscriberFileReader.open(file, name).close())
                .isInstanceOf(SubscriberFileReader.Refused.class)
                .hasMessage(message);
    }

    private SubscriberFileReader.Refused refusal(Path file, String name) {
        try (SubscriberFileReader reader = SubscriberFileReader.open(file, name)) {
            throw new AssertionError("not refused: " + reader.format());
        } catch (SubscriberFileReader.Refused e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}

package cn.gongkai.hub.review;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real files, made here with the libraries that write them. POI cannot write a .doc, so {@code attachments/word97.doc}
 * was made once by LibreOffice from {@link #TEXT}: {@code soffice --headless --convert-to doc:"MS Word 97" sample.txt}.
 */
class AttachmentTextTest {

    private static final String TEXT = "关于做好政务公开工作的通知\n联系人身份证号11010519491231002X\n";
    private static final long LIMIT = 20L * 1024 * 1024;

    @TempDir
    Path dir;

    private final AttachmentText reader = new AttachmentText(LIMIT, 2_000_000);

    private AttachmentText.Result read(String name, byte[] bytes) throws IOException {
        return read(reader, name, bytes);
    }

    private AttachmentText.Result read(AttachmentText with, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve("f" + System.nanoTime());
        Files.write(file, bytes);
        return with.read(name, Optional.of(file));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bom(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    @Test
    void should_read_utf16_with_a_byte_order_mark() throws IOException {
        assertThat(read("说明.txt", concat(bom(0xFF, 0xFE), TEXT.getBytes(StandardCharsets.UTF_16LE))).text()).isEqualTo(TEXT);
        assertThat(read("说明.txt", concat(bom(0xFE, 0xFF), TEXT.getBytes(StandardCharsets.UTF_16BE))).text()).isEqualTo(TEXT);
    }

    @Test
    void should_read_utf16_without_a_byte_order_mark() throws IOException {
        assertThat(read("说明.txt", TEXT.getBytes(StandardCharsets.UTF_16LE)).text()).isEqualTo(TEXT);
        assertThat(read("说明.txt", TEXT.getBytes(StandardCharsets.UTF_16BE)).text()).isEqualTo(TEXT);
    }

    @Test
    void should_read_chinese_only_utf16_without_a_byte_order_mark_by_its_characters() throws IOException {
        String chinese = "关于做好政务公开工作的通知。本文件属机密级，请妥善保管。";

        assertThat(read("说明", chinese.getBytes(StandardCharsets.UTF_16LE)).text()).isEqualTo(chinese);
        assertThat(read("说明", chinese.getBytes(StandardCharsets.UTF_16BE)).text()).isEqualTo(chinese);
    }

    @Test
    void should_read_latin_utf16_without_a_byte_order_mark_by_its_nuls() throws IOException {
        String latin = "ID 11010519491231002X, phone 13812345678\n";

        assertThat(read("notes", latin.getBytes(StandardCharsets.UTF_16LE)).text()).isEqualTo(latin);
        assertThat(read("notes", latin.getBytes(StandardCharsets.UTF_16BE)).text()).isEqualTo(latin);
    }

    @Test
    void should_read_utf8_with_and_without_a_byte_order_mark() throws IOException {
        assertThat(read("说明.md", concat(bom(0xEF, 0xBB, 0xBF), TEXT.getBytes(StandardCharsets.UTF_8))).text()).isEqualTo(TEXT);
        assertThat(read("说明.md", TEXT.getBytes(StandardCharsets.UTF_8)).text()).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GBK", "GB18030", "GB2312"})
    void should_read_gbk_text(String charset) throws IOException {
        assertThat(read("说明.csv", TEXT.getBytes(Charset.forName(charset))).text()).isEqualTo(TEXT);
    }

    @Test
    void should_read_a_docx_made_with_poi() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createHeader(HeaderFooterType.DEFAULT).createParagraph().createRun().setText("机密★1年");
            doc.createParagraph().createRun().setText("关于做好政务公开工作的通知");
            doc.createParagraph().createRun().setText("联系人身份证号11010519491231002X");
            doc.write(out);
        }

        AttachmentText.Result r = read("工作要点.docx", out.toByteArray());

        assertThat(r.notScanned()).isNull();
        assertThat(r.text()).contains("关于做好政务公开工作的通知", "11010519491231002X", "机密★1年");
    }

    @Test
    void should_read_a_spreadsheet_one_cell_per_line() throws IOException {
        for (Workbook wb : new Workbook[] {new XSSFWorkbook(), new HSSFWorkbook()}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (wb) {
                Sheet sheet = wb.createSheet("名单");
                Row row = sheet.createRow(0);
                row.createCell(0).setCellValue("名称");
                row.createCell(1).setCellValue("机密");
                row.createCell(2).setCellValue("11010519491231002X");
                wb.write(out);
            }
            String name = wb instanceof XSSFWorkbook ? "名单.xlsx" : "名单.xls";

            AttachmentText.Result r = read(name, out.toByteArray());

            assertThat(r.text()).as(name).contains("\n机密\n").contains("11010519491231002X");
        }
    }

    @Test
    void should_read_a_doc_with_poi_scratchpad() throws IOException {
        byte[] doc;
        try (InputStream in = getClass().getResourceAsStream("/attachments/word97.doc")) {
            doc = in.readAllBytes();
        }

        AttachmentText.Result r = read("通知.doc", doc);

        assertThat(r.notScanned()).isNull();
        assertThat(r.text()).contains("关于做好政务公开工作的通知").contains("11010519491231002X");
    }

    private static byte[] pdf(String text, StandardProtectionPolicy protection) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            if (text != null) {
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            if (protection != null) {
                doc.protect(protection);
            }
            doc.save(out);
        }
        return out.toByteArray();
    }

    @Test
    void should_read_a_pdf_made_with_pdfbox() throws IOException {
        AttachmentText.Result r = read("report.pdf", pdf("Applicant ID 11010519491231002X", null));

        assertThat(r.notScanned()).isNull();
        assertThat(r.text()).contains("Applicant ID 11010519491231002X");
    }

    @Test
    void should_not_scan_an_encrypted_pdf() throws IOException {
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());

        AttachmentText.Result r = read("report.pdf", pdf("Applicant ID 11010519491231002X", policy));

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).isEqualTo("PDF 已加密");
    }

    @Test
    void should_not_scan_a_pdf_without_a_text_layer() throws IOException {
        AttachmentText.Result r = read("扫描件.pdf", pdf(null, null));

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).contains("没有可提取的文字");
    }

    @Test
    void should_read_xml_one_element_per_line_with_attributes_and_comments() throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc title=\"年度报告\"><level>机密</level>"
                + "<!-- 内部资料 --><p>联系人&#x8EAB;份证号11010519491231002X</p></doc>";

        AttachmentText.Result r = read("data.bin", xml.getBytes(StandardCharsets.UTF_8));

        assertThat(r.text()).contains("\n机密\n", "年度报告", "内部资料", "联系人身份证号11010519491231002X");
    }

    @Test
    void should_read_html_text_with_block_elements_on_their_own_lines() throws IOException {
        String html = "<!DOCTYPE html><html><head><title>通知</title><script>var x='机密';</script></head><body>"
                + "<table><tr><td>名称</td><td>机密</td></tr></table><!-- 内部 --><img alt=\"秘密★\"></body></html>";

        AttachmentText.Result r = read("page.htm", html.getBytes(StandardCharsets.UTF_8));

        assertThat(r.text()).contains("\n机密\n", "内部", "秘密★").doesNotContain("var x");
    }

    @Test
    void should_not_open_a_file_over_the_read_limit() throws IOException {
        AttachmentText small = new AttachmentText(1024 * 1024, 2_000_000);

        AttachmentText.Result r = read(small, "大文件.txt", new byte[1024 * 1024 + 1]);

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).isEqualTo("文件超过读取上限 1 MB");
    }

    @Test
    void should_scan_the_first_chars_of_a_long_text_and_say_the_rest_was_not() throws IOException {
        AttachmentText short100 = new AttachmentText(LIMIT, 100);

        AttachmentText.Result r = read(short100, "长文.txt", "政务公开".repeat(100).getBytes(StandardCharsets.UTF_8));

        assertThat(r.text()).hasSize(100);
        assertThat(r.notScanned()).isEqualTo("文字超过 100 字，只扫描了前 100 字");
    }

    @Test
    void should_not_scan_random_bytes() throws IOException {
        byte[] noise = new byte[64 * 1024];
        new Random(11643).nextBytes(noise);

        AttachmentText.Result r = read("数据.txt", noise);

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).isEqualTo("无法识别的文件类型");
    }

    @Test
    void should_not_scan_an_image_and_ask_for_a_person_to_look() throws IOException {
        byte[] png = concat(bom(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), new byte[100]);

        AttachmentText.Result r = read("公章.png", png);

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).contains("图片").contains("人工");
    }

    @Test
    void should_not_scan_a_corrupt_office_file() throws IOException {
        byte[] ole2 = concat(bom(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), new byte[600]);

        AttachmentText.Result r = read("损坏.doc", ole2);

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).isNotBlank();
    }

    @Test
    void should_say_so_when_the_stored_file_is_missing() {
        assertThat(reader.read("丢失.txt", Optional.empty()).notScanned()).isEqualTo("附件文件缺失");
    }

    @Test
    void should_refuse_a_zip_bomb() throws IOException {
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText("正文");
            doc.write(docx);
        }
        // the same document with 40 MB of blanks inside its main part: it compresses about 1000:1
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(docx.toByteArray()));
             ZipOutputStream out = new ZipOutputStream(bomb)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("word/document.xml")) {
                    String xml = new String(data, StandardCharsets.UTF_8);
                    int body = xml.indexOf("<w:body>");
                    out.write(xml.substring(0, body).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1024 * 1024];
                    Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < 40; i++) {
                        out.write(blanks);
                    }
                    out.write(xml.substring(body).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(data);
                }
                out.closeEntry();
            }
        }
        assertThat(bomb.size()).isLessThan(200 * 1024);

        AttachmentText.Result r = read("要点.docx", bomb.toByteArray());

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).contains("压缩炸弹");
    }

    @Test
    void should_not_scan_a_plain_zip() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("名单.txt"));
            out.write(TEXT.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }

        AttachmentText.Result r = read("附件.bin", zip.toByteArray());

        assertThat(r.text()).isNull();
        assertThat(r.notScanned()).contains("压缩文件");
    }
}

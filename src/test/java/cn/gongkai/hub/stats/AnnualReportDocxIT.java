package cn.gongkai.hub.stats;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The .docx as an office opens it: LibreOffice (Debian's libreoffice-writer, installed by .ci/run) converts it to PDF,
 * and the PDF must be an A4 document whose text holds the report's Chinese headings and labels and whose outline holds
 * its headings (LibreOffice exports as bookmarks only what it took for headings). The first page is kept as
 * {@code target/annual-report-page1.png} for a person to look at.
 */
class AnnualReportDocxIT {
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    Path tmp;

    @Test
    void should_convert_to_a_pdf_with_the_chinese_headings_in_libreoffice() throws Exception {
        Path docx = tmp.resolve("2026年政府信息公开工作年度报告.docx");
        Files.write(docx, AnnualReports.render(ReportSamples.inconsistent(), ReportFormat.DOCX).bytes());

        Path pdf = convert(docx);

        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(2);
            PDRectangle page = doc.getPage(0).getMediaBox();
            assertThat(page.getWidth()).isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(2f));
            assertThat(page.getHeight()).isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(2f));

            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertThat(text).contains("曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告");
            for (String heading : AnnualReportSkeleton.SECTIONS) {
                assertThat(text).contains(heading);
            }
            for (String part : AnnualReportSkeleton.OVERVIEW_PARTS) {
                assertThat(text).contains(part);
            }
            assertThat(text).contains("第二十条第（一）项", "本年制发件数", "现行有效件数", "行政规范性文件", "本年收费金额（单位：万元）",
                    "1.属于国家秘密", "未经复议直接起诉", "微信公众号推送303条", "向媒体供稿75篇", "核对不符（规章）");

            List<String> outline = new ArrayList<>();
            if (doc.getDocumentCatalog().getDocumentOutline() != null) {
                collect(doc.getDocumentCatalog().getDocumentOutline().children(), outline);
            }
            assertThat(outline).as("PDF bookmarks, which LibreOffice makes from headings")
                    .contains("一、总体情况", "（四）政府信息公开平台建设", "六、其他需要报告的事项");

            BufferedImage first = new PDFRenderer(doc).renderImageWithDPI(0, 96);
            File png = Path.of("target", "annual-report-page1.png").toFile();
            assertThat(ImageIO.write(first, "png", png)).isTrue();
            assertThat(png.length()).isPositive();
        }
    }

    private static void collect(Iterable<PDOutlineItem> items, List<String> into) {
        for (PDOutlineItem item : items) {
            into.add(item.getTitle().strip());
            collect(item.children(), into);
        }
    }

    /** Runs soffice (or libreoffice) headless with a profile of its own, so that parallel runs do not share one. */
    private Path convert(Path docx) throws IOException, InterruptedException {
        String program = onPath("soffice").or(() -> onPath("libreoffice")).orElse(null);
        if (program == null) {
            fail("neither soffice nor libreoffice is on the PATH: install Debian's libreoffice-writer (.ci/run does)");
        }
        Path out = Files.createDirectories(tmp.resolve("pdf"));
        Path log = tmp.resolve("soffice.log");
        Process p = new ProcessBuilder(program, "-env:UserInstallation=" + tmp.resolve("lo-profile").toUri(), "--headless",
                "--norestore", "--convert-to", "pdf", "--outdir", out.toString(), docx.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // soffice starts soffice.bin under it: end both, by their process ids
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("LibreOffice did not convert within " + TIMEOUT_SECONDS + " s: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("soffice exit code; its output: " + output).isZero();
        Path pdf = out.resolve(docx.getFileName().toString().replaceFirst("\\.docx$", ".pdf"));
        assertThat(pdf).as("the PDF; soffice said: " + output).exists();
        byte[] head = new byte[5];
        try (var in = Files.newInputStream(pdf)) {
            assertThat(in.read(head)).isEqualTo(5);
        }
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        return pdf;
    }

    private static Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}

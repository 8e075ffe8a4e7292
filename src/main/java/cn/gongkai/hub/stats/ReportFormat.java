package cn.gongkai.hub.stats;

import java.util.Arrays;
import java.util.Optional;

/** The files the yearly report comes as: {@code format=} of {@code GET /api/reports/annual}. */
public enum ReportFormat {
    HTML("html", "text/html;charset=UTF-8"),
    DOCX("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    MD("md", "text/markdown;charset=UTF-8");

    private final String code;
    private final String contentType;

    ReportFormat(String code, String contentType) {
        this.code = code;
        this.contentType = contentType;
    }

    /** The query value and the file's extension. */
    public String code() {
        return code;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<ReportFormat> of(String code) {
        return Arrays.stream(values()).filter(f -> f.code.equals(code)).findFirst();
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(ReportFormat::code).toList());
    }
}

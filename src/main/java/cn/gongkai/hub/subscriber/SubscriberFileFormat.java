package cn.gongkai.hub.subscriber;

/** The two kinds of subscriber file the hub reads and writes, with what an HTTP download of one needs. */
public enum SubscriberFileFormat {
    /** Comma-separated, UTF-8 with a byte order mark when the hub writes it (Excel then reads Chinese right). */
    CSV("text/csv; charset=UTF-8", "csv"),
    /** Office Open XML workbook, first sheet. */
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    private final String contentType;
    private final String extension;

    SubscriberFileFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Without the dot. */
    public String extension() {
        return extension;
    }
}

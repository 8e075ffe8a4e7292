package cn.gongkai.hub.review.scan;

/**
 * An entry of the office's register of documents that must not be named in published content
 * (涉密或内部文件的名称、文号). Either {@code docNumber} or {@code title} may be null.
 *
 * @param reason why it is restricted; shown to the reviewer
 */
public record RestrictedDocument(String docNumber, String title, String reason) {
}

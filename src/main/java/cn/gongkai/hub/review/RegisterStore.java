package cn.gongkai.hub.review;

import cn.gongkai.hub.review.scan.RestrictedDocument;
import cn.gongkai.hub.review.scan.Severity;

import java.util.Map;

/** Where the scan's registers are kept: restricted documents by id, sensitive words with their severity. */
interface RegisterStore {

    void putRestricted(String id, RestrictedDocument document);

    /** Every restricted document by id. */
    Map<String, RestrictedDocument> restricted();

    /** @return false when there was no such entry */
    boolean removeRestricted(String id);

    void putWord(String word, Severity severity);

    Map<String, Severity> words();

    /** @return false when there was no such word */
    boolean removeWord(String word);
}

package cn.gongkai.hub.review.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Blocks any mention of a document in the restricted-document register, by 文号 or by title.
 *
 * <p>Text and register entries are compared after {@link NormalizedText} folding: brackets {@code 〔〕 [] ［］ () （）
 * 【】} are all equal, full-width and half-width digits and letters are equal (NFKC), Latin case, whitespace, title
 * marks {@code 《》} and quotes are ignored. So a register entry {@code 嘉政办发〔2017〕104号} is found as
 * {@code 嘉政办发[2017]104号}, {@code 嘉政办发［２０１７］１０４号} or {@code 嘉政办发 (2017) 104 号}. Offsets and excerpts
 * are those of the original text.
 *
 * <p>All 文号 and titles go into one Aho–Corasick automaton built in the constructor, so a scan is one pass over the
 * text whatever the size of the register. Latin/digit edges of a key must not run on into the text
 * ({@link FoldedKeywords}). Keys shorter than {@value #MIN_KEY_LENGTH} folded chars are ignored: they would match
 * ordinary words. Where several keys match at the same offset the longest is reported.
 */
public final class RestrictedDocumentRule implements Rule {

    public static final String NAME = "restricted-document";
    static final int MIN_KEY_LENGTH = 4;

    /** Entry {@code i / 2}; even {@code i} is its 文号, odd its title. */
    private final List<RestrictedDocument> register;
    private final FoldedKeywords keywords;

    public RestrictedDocumentRule(List<RestrictedDocument> register) {
        this.register = List.copyOf(register);
        List<String> keys = new ArrayList<>(register.size() * 2);
        for (RestrictedDocument doc : register) {
            keys.add(doc.docNumber());
            keys.add(doc.title());
        }
        keywords = new FoldedKeywords(keys, new int[keys.size()], MIN_KEY_LENGTH);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void scan(String field, ScanText text, List<Finding> out) {
        keywords.find(text.text(), (key, from, to) ->
                out.add(text.finding(NAME, Severity.BLOCK, field, from, to, message(key))));
    }

    private String message(int key) {
        RestrictedDocument doc = register.get(key / 2);
        String named = key % 2 == 0 ? "文号“" + doc.docNumber() + "”" : "标题《" + doc.title() + "》";
        String reason = doc.reason() == null || doc.reason().isBlank() ? "已列入限制公开文件登记" : doc.reason();
        return "提及限制公开文件的" + named + "，不得公开（" + reason + "）";
    }
}

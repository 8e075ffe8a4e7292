package cn.gongkai.hub.review.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * Reports every occurrence of a word from the office's sensitive-word list, with the severity the list gives it.
 *
 * <p>Matching uses the same folding as {@link RestrictedDocumentRule} ({@link NormalizedText}): Latin is
 * case-insensitive, full-width equals half-width, and whitespace, quotes and title marks between characters are ignored,
 * so a word spaced out or quoted apart ({@code 敏 感 词}, {@code 敏“感”词}) is still found. A word that starts or ends
 * with a Latin letter or digit must stand on its own there ({@code vpn} is not found in {@code vpns}). If several words
 * start at the same offset, one finding is reported: a blocking word before a warning one, then the longest.
 */
public final class SensitiveWordRule implements Rule {

    public static final String NAME = "sensitive-word";

    private final List<SensitiveWord> words;
    private final FoldedKeywords keywords;

    public SensitiveWordRule(List<SensitiveWord> words) {
        this.words = List.copyOf(words);
        List<String> keys = new ArrayList<>(words.size());
        int[] rank = new int[words.size()];
        for (int i = 0; i < words.size(); i++) {
            keys.add(words.get(i).word());
            rank[i] = words.get(i).severity() == Severity.BLOCK ? 1 : 0;
        }
        keywords = new FoldedKeywords(keys, rank, 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void scan(String field, ScanText text, List<Finding> out) {
        keywords.find(text.text(), (key, from, to) -> {
            SensitiveWord word = words.get(key);
            out.add(text.finding(NAME, word.severity(), field, from, to, "发现敏感词“" + word.word() + "”，请核实后再公开"));
        });
    }
}

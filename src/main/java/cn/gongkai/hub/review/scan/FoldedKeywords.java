package cn.gongkai.hub.review.scan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A key list compiled for matching in {@link NormalizedText folded} text, reporting at most one key per original
 * offset. Shared by {@link RestrictedDocumentRule} and {@link SensitiveWordRule}.
 *
 * <p>A key that starts (ends) with a Latin letter or digit only matches where the original text has no letter or
 * digit just before (after) it: {@code GK-2017-1} is not found inside {@code GK-2017-12}, nor {@code ass} in
 * {@code class}. When several keys match at the same offset, the one with the highest rank wins, then the longest,
 * then the first in the list.
 */
final class FoldedKeywords {

    @FunctionalInterface
    interface Match {
        /** Key {@code key} (index in the list given to the constructor) at original {@code [from, to)}. */
        void at(int key, int from, int to);
    }

    /** Index in the caller's list of each compiled key. */
    private final int[] source;
    private final int[] rank;
    private final KeywordMatcher matcher;

    /**
     * @param keys      raw keys; null, or shorter than {@code minLength} once folded, are left out
     * @param rank      rank of each key, same indices as {@code keys}
     */
    FoldedKeywords(List<String> keys, int[] rank, int minLength) {
        List<String> folded = new ArrayList<>(keys.size());
        int[] from = new int[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            String key = NormalizedText.key(keys.get(i));
            if (key.length() >= minLength) {
                from[folded.size()] = i;
                folded.add(key);
            }
        }
        this.source = Arrays.copyOf(from, folded.size());
        this.rank = rank;
        this.matcher = new KeywordMatcher(folded);
    }

    boolean isEmpty() {
        return source.length == 0;
    }

    /** Reports the winning key at each original offset, in order of offset. */
    void find(String text, Match match) {
        if (source.length == 0 || text.isEmpty()) {
            return;
        }
        NormalizedText folded = NormalizedText.of(text);
        int[] bestKey = new int[text.length()];
        int[] bestEnd = new int[text.length()];
        Arrays.fill(bestKey, -1);
        matcher.scan(folded.chars, folded.length, (compiled, start, end) -> {
            int from = folded.start(start);
            int to = folded.end(end);
            int key = source[compiled];
            if (!onBoundary(text, from, to)) {
                return;
            }
            int current = bestKey[from];
            if (current < 0
                    || rank[key] > rank[current]
                    || rank[key] == rank[current] && (to > bestEnd[from] || to == bestEnd[from] && key < current)) {
                bestKey[from] = key;
                bestEnd[from] = to;
            }
        });
        for (int from = 0; from < text.length(); from++) {
            if (bestKey[from] >= 0) {
                match.at(bestKey[from], from, bestEnd[from]);
            }
        }
    }

    private static boolean onBoundary(String text, int from, int to) {
        return !(isAlnum(text, from) && isAlnum(text, from - 1))
                && !(isAlnum(text, to - 1) && isAlnum(text, to));
    }

    private static boolean isAlnum(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '０' && c <= '９' || c >= 'ａ' && c <= 'ｚ' || c >= 'Ａ' && c <= 'Ｚ';
    }
}

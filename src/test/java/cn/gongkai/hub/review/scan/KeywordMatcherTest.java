package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordMatcherTest {

    private static List<String> hits(List<String> keys, String text) {
        List<String> hits = new ArrayList<>();
        new KeywordMatcher(keys).scan(text.toCharArray(), text.length(),
                (key, start, end) -> hits.add(keys.get(key) + "@" + start + "-" + end));
        return hits;
    }

    @Test
    void should_find_overlapping_and_nested_keys() {
        assertThat(hits(List.of("he", "she", "his", "hers"), "ushers"))
                .containsExactlyInAnyOrder("she@1-4", "he@2-4", "hers@2-6");
    }

    @Test
    void should_find_every_occurrence_through_failure_links() {
        assertThat(hits(List.of("公开", "政府信息公开", "信息"), "政府信息公开，依申请公开信息"))
                .containsExactlyInAnyOrder("信息@2-4", "政府信息公开@0-6", "公开@4-6", "公开@10-12", "信息@12-14");
    }

    @Test
    void should_report_duplicate_keys_each() {
        assertThat(hits(List.of("保密", "保密"), "保密审查")).containsExactly("保密@0-2", "保密@0-2");
    }

    @Test
    void should_match_nothing_without_keys() {
        assertThat(hits(List.of(), "政府信息公开")).isEmpty();
        assertThat(hits(List.of(""), "政府信息公开")).isEmpty();
    }
}

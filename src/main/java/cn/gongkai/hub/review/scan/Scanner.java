package cn.gongkai.hub.review.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The automatic confidentiality scan (保密审查): runs every {@link Rule} on every text field of an item.
 *
 * <p>Fields, in this order: {@code title}, {@code summary}, {@code body}, {@code docNumber}, then
 * {@code attachment:<name>} for each attachment file name and {@code attachment-text:<name>} for each attachment
 * text, in input order. Findings come sorted by that field order, then offset, then rule name; at most one finding
 * per id (the blocking one if two rules ever collided).
 *
 * <p>Rules are compiled from a {@link ScanPolicy} once and reused while the same policy value is passed in
 * (the restricted-document register and the sensitive-word list become automatons). Thread-safe.
 */
public final class Scanner {

    private record Compiled(ScanPolicy policy, List<Rule> rules) {
    }

    private volatile Compiled compiled;

    public List<Finding> scan(ScanInput in, ScanPolicy policy) {
        List<Rule> rules = rulesFor(policy);
        List<String> fields = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        add(fields, texts, "title", in.title());
        add(fields, texts, "summary", in.summary());
        add(fields, texts, "body", in.body());
        add(fields, texts, "docNumber", in.docNumber());
        for (String name : in.attachmentNames()) {
            add(fields, texts, "attachment:" + name, name);
        }
        for (Map.Entry<String, String> e : in.attachmentTexts().entrySet()) {
            add(fields, texts, "attachment-text:" + e.getKey(), e.getValue());
        }

        List<Finding> findings = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            List<Finding> inField = new ArrayList<>();
            for (Rule rule : rules) {
                rule.scan(fields.get(f), texts.get(f), inField);
            }
            inField.sort(Comparator.comparingInt(Finding::offset)
                    .thenComparing(Finding::rule)
                    .thenComparing(Finding::severity));
            findings.addAll(inField);
        }
        Set<String> ids = new HashSet<>();
        findings.removeIf(finding -> !ids.add(finding.id()));
        return List.copyOf(findings);
    }

    private List<Rule> rulesFor(ScanPolicy policy) {
        Compiled current = compiled;
        if (current != null && (current.policy() == policy || current.policy().equals(policy))) {
            return current.rules();
        }
        List<Rule> rules = List.of(
                new ClassificationMarkRule(),
                new RestrictedDocumentRule(policy.restrictedDocuments()),
                new PersonalInfoRule(policy.personalInfo()),
                new SensitiveWordRule(policy.sensitiveWords()));
        compiled = new Compiled(policy, rules);
        return rules;
    }

    private static void add(List<String> fields, List<String> texts, String field, String text) {
        if (text != null && !text.isEmpty()) {
            fields.add(field);
            texts.add(text);
        }
    }
}

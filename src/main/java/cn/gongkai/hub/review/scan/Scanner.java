package cn.gongkai.hub.review.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The automatic confidentiality scan (保密审查): runs every {@link Rule} on every text field of an item.
 *
 * <p>Fields, in this order: {@code title}, {@code summary}, {@code body}, {@code docNumber}, {@code issuer}, then
 * {@code attachment:<name>} for each attachment file name and {@code attachment-text:<name>} for each attachment
 * text, in input order. An attachment that could not be read gets a {@value Finding#NOT_SCANNED} warning in its
 * {@code attachment:<name>} field that must be waived ({@link Finding#waiverRequired()}).
 *
 * <p>Each field is read twice: as typed, and as a reader sees it once shown ({@link RenderedText}: entities decoded,
 * HTML and Markdown markup and invisible chars removed, blanks between CJK chars folded). Findings of the rendered
 * view carry the offsets of the source chars they came from, so both readings give one finding per
 * {@code rule:field:offset}: the blocking one if they differ, else the one read as typed. Findings come sorted by
 * field order, then offset, then rule name.
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
        add(fields, texts, "issuer", in.issuer());
        for (String name : in.attachmentNames()) {
            add(fields, texts, "attachment:" + name, name);
        }
        for (Map.Entry<String, String> e : in.attachmentTexts().entrySet()) {
            add(fields, texts, "attachment-text:" + e.getKey(), e.getValue());
        }

        List<Finding> findings = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            String field = fields.get(f);
            Map<String, Finding> inField = scanField(rules, field, texts.get(f));
            if (field.startsWith("attachment:")) {
                String reason = in.notScanned().get(field.substring("attachment:".length()));
                if (reason != null) {
                    Finding unread = Finding.notScanned(field.substring("attachment:".length()), reason);
                    inField.put(unread.id(), unread);
                }
            }
            List<Finding> sorted = new ArrayList<>(inField.values());
            sorted.sort(Comparator.comparingInt(Finding::offset)
                    .thenComparing(Finding::rule)
                    .thenComparing(Finding::severity));
            findings.addAll(sorted);
        }
        Set<String> ids = new HashSet<>();
        findings.removeIf(finding -> !ids.add(finding.id()));
        return List.copyOf(findings);
    }

    /** Findings of the source and of its rendered view, one per id, the blocking one winning. */
    private static Map<String, Finding> scanField(List<Rule> rules, String field, String text) {
        List<Finding> found = new ArrayList<>();
        ScanText source = ScanText.of(text);
        for (Rule rule : rules) {
            rule.scan(field, source, found);
        }
        ScanText rendered = RenderedText.of(text);
        if (rendered != null) {
            for (Rule rule : rules) {
                rule.scan(field, rendered, found);
            }
        }
        Map<String, Finding> byId = new LinkedHashMap<>();
        for (Finding finding : found) {
            byId.merge(finding.id(), finding, (kept, other) ->
                    other.severity() == Severity.BLOCK && kept.severity() != Severity.BLOCK ? other : kept);
        }
        return byId;
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

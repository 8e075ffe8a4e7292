package cn.gongkai.hub.review;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.review.scan.RestrictedDocument;
import cn.gongkai.hub.review.scan.SensitiveWord;
import cn.gongkai.hub.review.scan.Severity;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The registers ADMIN maintains for the scan: restricted documents (classified, internal, 依申请公开 or 不予公开
 * documents whose 文号 or title must never appear) and sensitive words: what an entry must hold, kept in a
 * {@link RegisterStore}, read per scan; every change is written to the {@link AuditLog}.
 */
@Singleton
public class ReviewRegisters {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewRegisters.class);

    private final RegisterStore store;
    private final AuditLog audit;

    ReviewRegisters(RegisterStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    public record Entry(String id, RestrictedDocument document) {
    }

    public record Word(String word, Severity severity) {
    }

    public Entry addRestricted(String docNumber, String title, String reason, Actor by) {
        List<FieldError> errors = new ArrayList<>();
        boolean hasDoc = docNumber != null && !docNumber.isBlank();
        boolean hasTitle = title != null && !title.isBlank();
        if (!hasDoc && !hasTitle) {
            errors.add(new FieldError("docNumber", "docNumber or title is required"));
        }
        if (hasDoc && docNumber.strip().length() < 4) {
            errors.add(new FieldError("docNumber", "is too short to match safely (at least 4 characters)"));
        }
        if (hasTitle && title.strip().length() < 4) {
            errors.add(new FieldError("title", "is too short to match safely (at least 4 characters)"));
        }
        if (reason == null || reason.isBlank()) {
            errors.add(new FieldError("reason", "is required (e.g. 涉密文件, 内部文件, 依申请公开, 不予公开)"));
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        String id = UUID.nameUUIDFromBytes(Normalizer.normalize((hasDoc ? docNumber.strip() : "") + "|" + (hasTitle ? title.strip() : ""),
                Normalizer.Form.NFKC).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().substring(0, 13);
        RestrictedDocument d = new RestrictedDocument(hasDoc ? docNumber.strip() : null, hasTitle ? title.strip() : null, reason.strip());
        store.putRestricted(id, d);
        LOG.info("Restricted-document register: {} added {} {} ({})", by.name(), d.docNumber(), d.title(), d.reason());
        audit.record(AuditEntry.now(by, AuditAction.REGISTER_ADDED, "restricted-document:" + id, describe(d)));
        return new Entry(id, d);
    }

    public List<Entry> restricted() {
        List<Entry> out = new ArrayList<>();
        store.restricted().forEach((id, d) -> out.add(new Entry(id, d)));
        out.sort(Comparator.comparing(Entry::id));
        return out;
    }

    public List<RestrictedDocument> restrictedDocuments() {
        return restricted().stream().map(Entry::document).toList();
    }

    public void removeRestricted(String id, Actor by) {
        RestrictedDocument stored = store.restricted().get(id);
        if (!store.removeRestricted(id)) {
            throw HubException.notFound("restricted document " + id);
        }
        LOG.info("Restricted-document register: {} removed {}", by.name(), id);
        audit.record(AuditEntry.now(by, AuditAction.REGISTER_REMOVED, "restricted-document:" + id,
                stored == null ? null : describe(stored)));
    }

    private static String describe(RestrictedDocument d) {
        return "文号 " + (d.docNumber() == null ? "-" : d.docNumber()) + "; 标题 " + (d.title() == null ? "-" : d.title()) + "; " + d.reason();
    }

    public Word addWord(String word, String severity, Actor by) {
        List<FieldError> errors = new ArrayList<>();
        if (word == null || word.isBlank()) {
            errors.add(new FieldError("word", "is required"));
        } else if (word.strip().length() > 50) {
            errors.add(new FieldError("word", "is longer than 50 characters"));
        }
        Severity sev = null;
        if (severity == null || severity.isBlank() || severity.strip().equalsIgnoreCase("warn")) {
            sev = Severity.WARN;
        } else if (severity.strip().equalsIgnoreCase("block")) {
            sev = Severity.BLOCK;
        } else {
            errors.add(new FieldError("severity", "must be block or warn"));
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        store.putWord(word.strip(), sev);
        LOG.info("Sensitive words: {} added '{}' ({})", by.name(), word.strip(), sev);
        audit.record(AuditEntry.now(by, AuditAction.SENSITIVE_WORD_ADDED, "sensitive-word:" + word.strip(), "severity " + sev.name()));
        return new Word(word.strip(), sev);
    }

    public List<Word> words() {
        return store.words().entrySet().stream()
                .map(e -> new Word(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Word::word)).toList();
    }

    public List<SensitiveWord> sensitiveWords() {
        return words().stream().map(w -> new SensitiveWord(w.word(), w.severity())).toList();
    }

    public void removeWord(String word, Actor by) {
        Severity severity = store.words().get(word);
        if (!store.removeWord(word)) {
            throw HubException.notFound("sensitive word '" + word + "'");
        }
        LOG.info("Sensitive words: {} removed '{}'", by.name(), word);
        audit.record(AuditEntry.now(by, AuditAction.SENSITIVE_WORD_REMOVED, "sensitive-word:" + word, severity == null ? null : "severity " + severity.name()));
    }
}

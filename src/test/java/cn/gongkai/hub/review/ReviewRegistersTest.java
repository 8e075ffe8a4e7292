package cn.gongkai.hub.review;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditFilter;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.audit.AuditPage;
import cn.gongkai.hub.review.scan.RestrictedDocument;
import cn.gongkai.hub.review.scan.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The register rules on a store kept in memory: what RedisRegisterStore holds in two hashes. */
class ReviewRegistersTest {
    static final class MemoryStore implements RegisterStore {
        final Map<String, RestrictedDocument> docs = new LinkedHashMap<>();
        final Map<String, Severity> words = new LinkedHashMap<>();

        public void putRestricted(String id, RestrictedDocument d) {
            docs.put(id, d);
        }

        public Map<String, RestrictedDocument> restricted() {
            return docs;
        }

        public boolean removeRestricted(String id) {
            return docs.remove(id) != null;
        }

        public void putWord(String word, Severity s) {
            words.put(word, s);
        }

        public Map<String, Severity> words() {
            return words;
        }

        public boolean removeWord(String word) {
            return words.remove(word) != null;
        }
    }

    static final Actor ADMIN = Actor.of("admin", "ADMIN");
    final MemoryStore store = new MemoryStore();
    final List<AuditEntry> audited = new ArrayList<>();
    final ReviewRegisters registers = new ReviewRegisters(store, new AuditLog() {
        @Override
        public void record(AuditEntry entry) {
            audited.add(entry);
        }

        @Override
        public AuditPage page(String cursor, int limit, AuditFilter filter) {
            throw new UnsupportedOperationException();
        }
    });

    @Test
    void should_keep_one_entry_for_a_document_registered_twice_in_other_widths() {
        ReviewRegisters.Entry a = registers.addRestricted("市文旅发〔2024〕12号", null, "内部文件", ADMIN);
        ReviewRegisters.Entry b = registers.addRestricted(" 市文旅发〔２０２４〕１２号 ", null, "内部文件", ADMIN);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(store.docs).hasSize(1);
    }

    @Test
    void should_name_every_missing_or_short_field_and_store_nothing() {
        assertThatThrownBy(() -> registers.addRestricted("", "名单", " ", ADMIN))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.errors()).extracting(HubException.FieldError::field)
                        .containsExactly("title", "reason"));
        assertThatThrownBy(() -> registers.addWord("敏感", "stop", ADMIN))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.errors()).extracting(HubException.FieldError::field)
                        .containsExactly("severity"));
        assertThat(store.docs).isEmpty();
        assertThat(store.words).isEmpty();
        assertThat(audited).as("a refused change is not audited").isEmpty();
    }

    @Test
    void should_answer_404_for_an_entry_that_is_not_there() {
        registers.addWord("内部通报", "block", ADMIN);
        registers.removeWord("内部通报", ADMIN);
        assertThatThrownBy(() -> registers.removeWord("内部通报", ADMIN))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> registers.removeRestricted("no-such-id", ADMIN))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(audited).extracting(AuditEntry::action).containsExactly(AuditAction.SENSITIVE_WORD_ADDED, AuditAction.SENSITIVE_WORD_REMOVED);
        assertThat(audited.get(1).detail()).isEqualTo("severity BLOCK");
    }
}

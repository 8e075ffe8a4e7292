package cn.gongkai.hub.review.scan;

import java.util.Objects;

/** A word from the office's sensitive-word list and what a hit does. */
public record SensitiveWord(String word, Severity severity) {

    public SensitiveWord {
        Objects.requireNonNull(word, "word");
        severity = severity == null ? Severity.WARN : severity;
    }
}

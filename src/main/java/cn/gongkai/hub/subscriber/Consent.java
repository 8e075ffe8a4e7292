package cn.gongkai.hub.subscriber;

import java.time.Instant;

/**
 * A person's consent to be sent notices on one channel: whether it was given, when, and where it came from (an import
 * file's {@code consentSource}, the API user, a sign-up form).
 */
public record Consent(boolean given, Instant at, String source) {
}

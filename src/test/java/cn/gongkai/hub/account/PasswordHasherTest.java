package cn.gongkai.hub.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    @Test
    void should_match_only_the_password_that_was_hashed() {
        String h = PasswordHasher.hash("政务公开审查制度实施细则");
        assertThat(PasswordHasher.matches("政务公开审查制度实施细则", h)).isTrue();
        assertThat(PasswordHasher.matches("政务公开审查制度实施细", h)).isFalse();
    }

    @Test
    void should_refuse_without_throwing_for_a_missing_or_damaged_hash_and_a_password_over_72_bytes() {
        String h = PasswordHasher.hash("a".repeat(72));
        assertThat(PasswordHasher.matches("a".repeat(73), h)).as("BCrypt would read only the first 72 bytes").isFalse();
        assertThat(PasswordHasher.matches("a".repeat(72), h)).isTrue();
        assertThat(PasswordHasher.matches("any-password", null)).isFalse();
        assertThat(PasswordHasher.matches("any-password", "$2a$10$broken")).isFalse();
        assertThat(PasswordHasher.matches(null, h)).isFalse();
    }

    @Test
    void should_count_bytes_not_characters() {
        assertThat(PasswordHasher.tooLong("政".repeat(24))).isFalse();
        assertThat(PasswordHasher.tooLong("政".repeat(25))).isTrue();
    }
}

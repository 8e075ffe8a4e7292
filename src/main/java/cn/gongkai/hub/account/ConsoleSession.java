package cn.gongkai.hub.account;

import java.time.Instant;

/**
 * A console sign-in: who, under which sign-in epoch (a password reset ends it), and the CSRF token every form of
 * the session must send back. {@code id} is the cookie's value; only its digest is stored.
 */
public record ConsoleSession(String id, String username, long signInEpoch, String csrfToken, Instant createdAt) {
}

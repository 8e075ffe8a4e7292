package cn.gongkai.hub.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Console sessions by the digest of their cookie value; each ends by itself after {@code idle} without use. */
interface SessionStore {
    void save(String digest, ConsoleSession session, Duration idle);

    /** The session, its idle timer started again; empty once it ended (idle, too old, or signed out). */
    Optional<ConsoleSession> touch(String digest, Duration idle, Duration maxAge, Instant now);

    void delete(String digest);
}

package cn.gongkai.hub.account;

import java.time.Instant;
import java.util.Set;

/** A person who signs in. The password hash is never part of this record. */
public record User(String username, String displayName, Set<Role> roles, Instant createdAt) {
}

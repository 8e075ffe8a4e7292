package cn.gongkai.hub.item;

import java.time.Instant;

/**
 * An item's withdrawal (撤回): every version up to and including {@code version} is off every channel and can never be
 * published again; a later version, reviewed anew, can.
 */
public record Withdrawal(int version, String reason, String by, Instant at) {
}

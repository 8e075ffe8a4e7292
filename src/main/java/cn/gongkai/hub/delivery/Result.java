package cn.gongkai.hub.delivery;

import java.time.Instant;

/**
 * One result to record for a claimed delivery.
 *
 * @param info        the vendor's reference for SENT, the reason otherwise
 * @param nextAttempt when to try again (RETRY only)
 * @param transport   the transport that carried it (after a failover, not the first one)
 */
public record Result(String deliveryId, int attempt, Outcome outcome, String info, int recipients, int parts, Instant nextAttempt,
                     String transport) {
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;

import java.util.Map;

/**
 * A delivery as stored ({@code {d:<channel>:<bucket>}:d:<id>}) and shown by the API.
 *
 * @param transport the transport that carried it (the configured one, or the one a failover used)
 * @param reference the vendor's id for the message (Message-ID, SMSC message id, BizId, …) or the outbox file
 * @param receipt   what the vendor reported later (DELIVRD, UNDELIV, …), or null
 * @param reason    why it ended FAILED, SKIPPED, REFUSED, DEAD or IN_DOUBT (the last error otherwise)
 */
public record DeliveryRecord(String id, String channel, String itemId, int version, Action action, String targetId,
                             String targetAddress, String targetLabel, DeliveryState state, int attempts,
                             String lastError, String nextAttemptAt, String sentAt, String transport, String reference, int recipients,
                             int parts, String consumer, String updatedAt, DeliveryReceipt receipt, String reason) {

    static DeliveryRecord of(Map<String, String> h) {
        return new DeliveryRecord(h.get("id"), h.get("channel"), h.get("itemId"), Integer.parseInt(h.getOrDefault("version", "0")),
                Action.of(h.get("action")), h.get("targetId"), h.get("targetAddress"), h.get("targetLabel"),
                DeliveryState.valueOf(h.get("state")), Integer.parseInt(h.getOrDefault("attempt", "0")),
                blank(h.get("lastError")), blank(h.get("nextAttemptAt")), blank(h.get("sentAt")), blank(h.get("transport")),
                blank(h.get("reference")), Integer.parseInt(h.getOrDefault("recipients", "0")), Integer.parseInt(h.getOrDefault("parts", "0")),
                blank(h.get("consumer")), blank(h.get("updatedAt")),
                blank(h.get("receiptStatus")) == null ? null : new DeliveryReceipt(h.get("receiptStatus"),
                        java.time.Instant.parse(h.get("receiptAt")), blank(h.get("receiptDetail"))),
                reason(h));
    }

    private static String reason(Map<String, String> h) {
        String st = h.get("state");
        boolean ended = "FAILED".equals(st) || "SKIPPED".equals(st) || "REFUSED".equals(st) || "DEAD".equals(st) || "IN_DOUBT".equals(st);
        return ended ? blank(h.get("lastError")) : null;
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

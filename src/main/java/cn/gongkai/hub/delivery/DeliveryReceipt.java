package cn.gongkai.hub.delivery;

import java.time.Instant;

/**
 * What a vendor reported later about a message it accepted: {@code DELIVRD}, {@code UNDELIV}, {@code EXPIRED},
 * {@code REJECTD}, … (SMPP's words, which the other vendors' reports are mapped to).
 *
 * @param detail the vendor's own code and text
 */
public record DeliveryReceipt(String status, Instant at, String detail) {
    public boolean delivered() {
        return "DELIVRD".equals(status);
    }
}

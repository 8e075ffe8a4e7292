package cn.gongkai.hub.delivery;

/**
 * Where one delivery stands. SENT, FAILED, SKIPPED, DEAD, REFUSED and IN_DOUBT are terminal until a person acts;
 * RETRYING, DEAD, FAILED, REFUSED and IN_DOUBT are the states a person looks at (listed by {@code GET /api/deliveries}).
 */
public enum DeliveryState {
    PLANNED, SENDING, SENT, RETRYING, DEAD, FAILED, SKIPPED, REFUSED, IN_DOUBT;

    public boolean terminal() {
        return this == SENT || this == DEAD || this == FAILED || this == SKIPPED || this == REFUSED || this == IN_DOUBT;
    }

    /** Kept in a state index, so deliveries in it can be listed page by page. */
    public boolean listed() {
        return this == RETRYING || this == DEAD || this == FAILED || this == REFUSED || this == IN_DOUBT;
    }
}

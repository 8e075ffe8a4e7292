package cn.gongkai.hub.delivery;

/** Where one delivery stands. SENT, FAILED, DEAD, REFUSED and IN_DOUBT are terminal until a person acts. */
public enum DeliveryState {
    PLANNED, SENDING, SENT, RETRYING, DEAD, FAILED, REFUSED, IN_DOUBT;

    public boolean terminal() {
        return this == SENT || this == DEAD || this == FAILED || this == REFUSED || this == IN_DOUBT;
    }
}

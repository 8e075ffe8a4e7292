package cn.gongkai.hub.channel;

/**
 * The vendor refused the message for good (bad address, content refused, no quota left). Recorded as FAILED
 * and counted; never retried automatically.
 */
public class DeliveryRejectedException extends Exception {
    public DeliveryRejectedException(String message) {
        super(message);
    }

    public DeliveryRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

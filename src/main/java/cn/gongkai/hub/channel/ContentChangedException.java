package cn.gongkai.hub.channel;

/**
 * What would go out is not what was approved (an attachment's bytes changed on disk after the final approval). The
 * delivery ends REFUSED and the refusal is recorded on the item; it is never retried as it is.
 */
public class ContentChangedException extends DeliveryRejectedException {
    public ContentChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}

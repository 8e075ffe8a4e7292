package cn.gongkai.hub.channel;

/**
 * The channel could not take the message now (timeout, connection refused, HTTP 5xx, rate limit, SMTP 4xx).
 * The delivery is retried with backoff, then dead-lettered.
 */
public class ChannelUnavailableException extends Exception {
    public ChannelUnavailableException(String message) {
        super(message);
    }

    public ChannelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package cn.gongkai.hub.channel;

import java.util.List;

/**
 * Carries a channel's rendered messages to their recipients: the outbox, nothing (discard), or a vendor's API or
 * protocol. The channel renders, the transport only carries, so every transport of a channel sends exactly what the
 * channel's renderer made. One class per transport in the channel's package, a named bean with its own config record
 * under {@code <transport>:} in the channel's file; chosen by {@code transport:} (see {@link Transports#select}).
 *
 * @param <M> the channel's rendered message ({@code SmsMessage}, {@code MimeMessage}, ...)
 */
public interface Transport<M> {

    /** The name in {@code transport:} ({@code smtp}, {@code smpp}, {@code aliyun}). */
    String name();

    /**
     * Whether delivering the same message twice is harmless (a page replaced, a feed entry replaced, a mass send
     * de-duplicated by the vendor). When false, a delivery found half-done after a crash is left IN_DOUBT.
     */
    boolean resendSafe();

    /**
     * Sends one message per addressed delivery, in one go where the protocol allows (one SMTP connection, one API call
     * of up to the vendor's numbers per call); returns one outcome per delivery, in any order.
     *
     * @throws ChannelUnavailableException nothing of the batch went out (connection refused, bind refused, HTTP 5xx
     *                                     before anything was accepted): retry later or fail over
     */
    List<DeliveryOutcome> send(List<Addressed<M>> batch) throws ChannelUnavailableException;

    /** A message for one delivery. */
    record Addressed<M>(Delivery delivery, M message) {
    }
}

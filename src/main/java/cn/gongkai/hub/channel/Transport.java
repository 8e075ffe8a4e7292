package cn.gongkai.hub.channel;

/**
 * Where a channel hands a rendered message: the outbox, nothing (discard), or later a vendor API. Chosen by
 * {@link ChannelSettings#transport()}; the channel renders, the transport only carries, so a real transport reuses
 * the channel's renderer unchanged.
 *
 * @param <M> the channel's rendered message ({@code SmsMessage}, {@code MimeMessage}, ...)
 */
@FunctionalInterface
public interface Transport<M> {

    /**
     * Carries one rendered message for one delivery.
     *
     * @return the reference recorded on the receipt: the vendor's message id, or the outbox file
     * @throws ChannelUnavailableException try again later (I/O error, timeout, rate limit)
     * @throws DeliveryRejectedException   refused for good for this delivery
     */
    String deliver(Delivery delivery, M message) throws ChannelUnavailableException, DeliveryRejectedException;

    /** Keeps nothing: the message was rendered, and is dropped. Used by the throughput benchmark. */
    static <M> Transport<M> discard() {
        return (delivery, message) -> "discard";
    }
}

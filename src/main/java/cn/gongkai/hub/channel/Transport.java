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

    /**
     * The transport named in the channel's settings: {@code outbox} (the given writer) or {@code discard}; any other
     * name stops the start with the file and key named.
     */
    static <M> Transport<M> of(ChannelSettings settings, Transport<M> outbox) {
        return switch (settings.transport()) {
            case "outbox" -> outbox;
            case "discard" -> discard();
            default -> throw Deliveries.unknownTransport(settings, "outbox", "discard");
        };
    }

    /** Keeps nothing: the message was rendered, and is dropped. Used by the throughput benchmark. */
    static <M> Transport<M> discard() {
        return (delivery, message) -> "discard";
    }
}

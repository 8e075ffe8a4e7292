package cn.gongkai.hub.channel;

import java.util.List;

/**
 * One publication channel (website, wechat, sms, qq, led, press-email). One implementation per channel, in its
 * own package; it renders the item the way that channel shows it and hands it to the configured transport.
 *
 * <p>Channels never see an item that has not passed the review gate: the delivery worker calls {@link #send}
 * only for deliveries the gate cleared, with the exact content that was approved.
 */
public interface Channel {

    /** The channel's name as used in items, routes and config: {@code sms}. */
    String name();

    /**
     * Whether sending the same delivery twice is harmless (a page or feed entry is replaced; WeChat de-duplicates
     * mass sends by {@code clientmsgid}). When false, a delivery found half-done after a crash is marked IN_DOUBT
     * for a person to decide instead of being resent.
     */
    boolean resendSafe();

    /** The targets an item published on this channel goes to, page by page. */
    TargetSource targets();

    /**
     * Sends one publication (or withdrawal) to a batch of targets. All deliveries in the batch belong to the same
     * item version. Returns one outcome per delivery, in any order.
     *
     * @throws ChannelUnavailableException the whole batch should be retried later
     * @throws DeliveryRejectedException   the whole batch was refused for good
     */
    List<DeliveryOutcome> send(Publication publication, List<Delivery> deliveries)
            throws ChannelUnavailableException, DeliveryRejectedException;

    /**
     * What this channel would put out for {@code publication}, rendered as {@link #send} renders it, sending nothing.
     * Empty for a channel that cannot show it.
     */
    default java.util.Optional<ChannelPreview> preview(Publication publication) {
        return java.util.Optional.empty();
    }
}

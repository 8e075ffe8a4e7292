package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.Delivery;
import cn.gongkai.hub.channel.Publication;

import java.util.ArrayList;
import java.util.List;

/**
 * One batch of a channel's deliveries on its way through the channel's route: held for quiet hours, paced by the rate
 * limit, claimed and sent, recorded. The route's steps move it on; what is left {@link #waiting} is what the next step
 * still has to deal with.
 */
public final class SendBatch {
    final Channel channel;
    final ChannelSettings settings;
    final PublicationKey publicationKey;
    final int bucket;
    final boolean redelivered;
    final Publication publication;
    /** Not claimed yet. */
    List<DeliveryRef> waiting;
    /** Claimed for this batch: sent (or decided) by the send step. */
    final List<Delivery> claimed = new ArrayList<>();
    /** What the record step writes. */
    final List<Result> results = new ArrayList<>();
    /** transport → further vendor ids (other SMS parts) → delivery id, remembered with the references for receipts. */
    final java.util.Map<String, java.util.Map<String, String>> moreReferences = new java.util.HashMap<>();
    int inDoubt;
    int dead;
    long sendNanos;

    SendBatch(Channel channel, ChannelSettings settings, PublicationKey publicationKey, int bucket, boolean redelivered,
              Publication publication, List<DeliveryRef> waiting) {
        this.channel = channel;
        this.settings = settings;
        this.publicationKey = publicationKey;
        this.bucket = bucket;
        this.redelivered = redelivered;
        this.publication = publication;
        this.waiting = new ArrayList<>(waiting);
    }

    public String channelName() {
        return channel.name();
    }

    public PublicationKey publication() {
        return publicationKey;
    }

    /** Deliveries still to send in this batch. */
    public int size() {
        return waiting.size();
    }

    @Override
    public String toString() {
        return channel.name() + " batch of " + waiting.size() + " (" + publicationKey + ", bucket " + bucket + ")";
    }
}

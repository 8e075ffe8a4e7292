package cn.gongkai.hub.channel;

import java.util.List;

/**
 * What a channel reports for one delivered message.
 *
 * @param recipients     how many people or endpoints it reached as far as the channel knows (1 for a page or a number)
 * @param parts          billable parts (SMS segments); 1 elsewhere
 * @param reference      the vendor's id for the message, or the file written by an outbox transport
 * @param moreReferences further vendor ids the same message has (the other parts of a concatenated SMS, each with its
 *                       own SMSC message id): a receipt for any of them is recorded on this delivery
 */
public record Receipt(String deliveryId, int recipients, int parts, String reference, List<String> moreReferences) {

    public Receipt {
        moreReferences = moreReferences == null ? List.of() : List.copyOf(moreReferences);
    }

    public Receipt(String deliveryId, int recipients, int parts, String reference) {
        this(deliveryId, recipients, parts, reference, List.of());
    }
}

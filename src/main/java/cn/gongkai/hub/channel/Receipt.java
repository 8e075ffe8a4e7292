package cn.gongkai.hub.channel;

/**
 * What a channel reports for one delivered message.
 *
 * @param recipients how many people or endpoints it reached as far as the channel knows (1 for a page or a number)
 * @param parts      billable parts (SMS segments); 1 elsewhere
 * @param reference  the vendor's id for the message, or the file written by an outbox transport
 */
public record Receipt(String deliveryId, int recipients, int parts, String reference) {
}

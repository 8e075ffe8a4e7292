package cn.gongkai.hub.channel;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemContent;

/**
 * What a channel is asked to put out: one cleared item version, or the withdrawal of one.
 *
 * @param action     {@link Action#PUBLISH} or {@link Action#WITHDRAW}
 * @param reason     the withdrawal reason (null for a publication)
 * @param indexNumber 索引号 of the item (stable per item), shown on pages and in e-mails
 */
public record Publication(String itemId, int version, String contentHash, ItemContent content, Action action,
                          String reason, String indexNumber, String webUrl) {
}

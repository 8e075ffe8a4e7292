package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;

/** One publication (or withdrawal) of one item version: what a plan, its progress and its deliveries belong to. */
public record PublicationKey(String itemId, int version, Action action) {
}

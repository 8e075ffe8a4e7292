package cn.gongkai.hub.review;

import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.review.scan.Finding;

import java.util.List;

/**
 * What a channel cannot show of an item proposed for it (characters an LED screen has no glyph for), added to the
 * scan's findings on submission as warnings for the reviewer. A channel package implements it as a bean; the review
 * knows only this interface.
 */
public interface ChannelWarnings {

    /** The channel the warnings are about: they are given only for items that name it. */
    String channel();

    /** Warnings ({@code WARN}, never blocking, no waiver needed) about {@code content} on this channel. */
    List<Finding> warnings(ItemContent content);
}

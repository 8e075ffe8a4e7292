package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.Urgency;


/** The Chinese words the item pages use for states, channels and the other coded values of an item. */
public final class ItemLabels {

    private ItemLabels() {
    }

    public static String state(ItemState s) {
        return switch (s) {
            case DRAFT -> "草稿";
            case IN_REVIEW -> "审查中";
            case APPROVED -> "已批准";
            case PUBLISHING -> "发布中";
            case PUBLISHED -> "已发布";
            case PARTIALLY_PUBLISHED -> "部分发布";
            case WITHDRAWN -> "已撤回";
        };
    }

    /** The CSS class of a state's word: ok, warn, bad or none. */
    public static String stateClass(ItemState s) {
        return switch (s) {
            case PUBLISHED -> "state ok";
            case PARTIALLY_PUBLISHED, IN_REVIEW -> "state warn";
            case WITHDRAWN -> "state bad";
            default -> "state";
        };
    }

    public static String channel(String name) {
        return cn.gongkai.hub.channel.ChannelDescriptors.label(name);
    }

    public static String urgency(Urgency u) {
        return u == Urgency.URGENT ? "紧急" : "普通";
    }

    public static String disclosure(Disclosure d) {
        return (d == null ? Disclosure.ACTIVE : d).label();
    }
}

package cn.gongkai.hub.review;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.item.Withdrawal;

/**
 * The review gate's answer for one item version and action. A {@link Cleared} carries the very version the gate
 * checked, read once: whoever renders a message renders from it, never from a second read of the store.
 */
public sealed interface Clearance {

    /** @param withdrawal for {@link Action#WITHDRAW}: the withdrawal being carried out (its reason goes into notices) */
    record Cleared(ItemVersion version, Action action, Withdrawal withdrawal) implements Clearance {
    }

    record Refused(String reason) implements Clearance {
    }
}

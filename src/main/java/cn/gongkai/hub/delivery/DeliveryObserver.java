package cn.gongkai.hub.delivery;

import java.time.Duration;

/**
 * What the delivery engine reports as it works, for whoever watches it (the metrics). Implementations are cheap and
 * never throw; every bean of this type is told.
 */
public interface DeliveryObserver {

    /** A batch came back from a channel's transport after {@code took}: how many of each outcome. */
    default void sent(String channel, Duration took, Tally tally) {
    }

    /** How many deliveries of one batch ended how. */
    record Tally(int sent, int failed, int skipped, int inDoubt, int retrying, int refused) {
    }

    /** One page of a plan was written: {@code deliveries} new deliveries on {@code channel}. */
    default void planned(String channel, int deliveries) {
    }

    /** Deliveries found half-done after a crash and left for a person (IN_DOUBT) or given up (DEAD). */
    default void recovered(String channel, int inDoubt, int dead) {
    }
}

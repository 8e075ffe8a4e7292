package cn.gongkai.hub.channel;

import java.util.ArrayList;
import java.util.List;

/** The batch loop every channel runs: one outcome per delivery, a rejection of one delivery not stopping the rest. */
public final class Deliveries {

    /** Sends one delivery of the batch. */
    @FunctionalInterface
    public interface Send {
        Receipt send(Delivery delivery) throws ChannelUnavailableException, DeliveryRejectedException;
    }

    private Deliveries() {
    }

    /**
     * Sends each delivery in order. A {@link ContentChangedException} becomes a refused outcome, any other
     * {@link DeliveryRejectedException} a rejected outcome for that delivery.
     * A {@link ChannelUnavailableException} stops the batch: the deliveries already sent keep their receipts and the
     * failed one and those after it come back as unavailable, so only they are retried (nothing sent goes twice).
     */
    public static List<DeliveryOutcome> each(List<Delivery> deliveries, Send send) {
        List<DeliveryOutcome> out = new ArrayList<>(deliveries.size());
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            try {
                out.add(DeliveryOutcome.sent(send.send(d)));
            } catch (ContentChangedException e) {
                out.add(DeliveryOutcome.refused(d.id(), e.getMessage()));
            } catch (DeliveryRejectedException e) {
                out.add(DeliveryOutcome.rejected(d.id(), e.getMessage()));
            } catch (ChannelUnavailableException e) {
                for (int j = i; j < deliveries.size(); j++) {
                    out.add(DeliveryOutcome.unavailable(deliveries.get(j).id(), e.getMessage()));
                }
                break;
            }
        }
        return out;
    }
}

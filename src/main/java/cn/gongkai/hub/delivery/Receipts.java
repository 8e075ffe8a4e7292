package cn.gongkai.hub.delivery;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * What vendors report after they accepted a message (an SMPP delivery receipt, an Aliyun or Tencent status push),
 * recorded on the delivery the message id belongs to. A receipt can overtake the hub's own record of the send (an
 * SMSC answers within milliseconds): such a one is kept and applied when the send is recorded, never dropped.
 */
@Singleton
public class Receipts {
    private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);

    /** What became of one report. */
    public enum Recorded { RECORDED, KEPT_UNTIL_SEND_IS_RECORDED }

    private final DeliveryStore store;

    Receipts(DeliveryStore store) {
        this.store = store;
    }

    /** Records {@code receipt} for the message {@code transport} knows as {@code reference} on {@code channel}. */
    public Recorded report(String channel, String transport, String reference, DeliveryReceipt receipt) {
        var id = store.byReference(channel, transport, reference);
        if (id.isPresent() && store.receipt(id.get(), receipt)) {
            return Recorded.RECORDED;
        }
        store.keepEarlyReceipt(channel, transport, reference, receipt);
        // the send may have been recorded between the lookup and keeping it: look again so it is not left waiting
        var again = store.byReference(channel, transport, reference);
        if (again.isPresent()) {
            Map<String, DeliveryReceipt> taken = store.takeEarlyReceipts(channel, transport, java.util.List.of(reference));
            if (taken.containsKey(reference)) {
                store.receipt(again.get(), taken.get(reference));
            }
            return Recorded.RECORDED;
        }
        LOG.debug("{} receipt for {} message {} came before its send was recorded; kept", channel, transport, reference);
        return Recorded.KEPT_UNTIL_SEND_IS_RECORDED;
    }

    /** After the hub recorded sends: applies receipts that came for them first. */
    void applyEarly(String channel, String transport, Map<String, String> referenceToDelivery) {
        store.takeEarlyReceipts(channel, transport, referenceToDelivery.keySet())
                .forEach((ref, r) -> store.receipt(referenceToDelivery.get(ref), r));
    }
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditLog;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * What a person does about a delivery that did not go out: retry one that is DEAD or FAILED, resend one that is
 * IN_DOUBT after checking it did not arrive. Both put it back on its channel's stream as RETRYING; each one done
 * is written to the {@link AuditLog}.
 */
@Singleton
public class OperatorActions {
    private static final List<DeliveryState> RETRYABLE = List.of(DeliveryState.DEAD, DeliveryState.FAILED);
    private static final List<DeliveryState> RESENDABLE = List.of(DeliveryState.IN_DOUBT);

    private final DeliveryStore store;
    private final AuditLog audit;

    OperatorActions(DeliveryStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    public DeliveryRecord retry(String deliveryId, Actor by) {
        return requeue(deliveryId, RETRYABLE, AuditAction.RETRY, by);
    }

    public DeliveryRecord resend(String deliveryId, Actor by) {
        return requeue(deliveryId, RESENDABLE, AuditAction.RESEND, by);
    }

    private DeliveryRecord requeue(String id, List<DeliveryState> allowed, AuditAction action, Actor by) {
        DeliveryState was;
        try {
            was = store.requeue(id, allowed, by.name()).orElseThrow(() -> HubException.notFound("delivery " + id));
        } catch (IllegalStateException e) {
            throw HubException.conflict("delivery " + id + " is " + e.getMessage() + "; this action takes " + allowed);
        }
        audit.record(AuditEntry.now(by, action, "delivery:" + id, "was " + was));
        return store.find(id).orElseThrow(() -> HubException.notFound("delivery " + id));
    }
}

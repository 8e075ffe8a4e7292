package cn.gongkai.hub.ops;

import cn.gongkai.hub.review.GateRefusals;
import cn.gongkai.hub.review.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * {@code hub_gate_refusals_total{route}}: what the review gate stopped, by the route or API call that asked
 * ({@code api:publish}, {@code publish-item}, {@code deliver-<channel>}). The label values are the route ids, so
 * they stay few.
 */
@Singleton
class GateRefusalMetrics implements GateRefusals {
    private final MeterRegistry registry;

    GateRefusalMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void refused(Refusal refusal) {
        Counter.builder("hub.gate.refusals").description("Item versions the review gate refused to let out, by route")
                .tags("route", refusal.route() == null ? "unknown" : refusal.route()).register(registry).increment();
    }
}

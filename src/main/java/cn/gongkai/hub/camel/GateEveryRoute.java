package cn.gongkai.hub.camel;

import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the review gate the first step of every route added to the context, whether or not its file says so:
 * a route an operator adds later cannot skip it.
 */
final class GateEveryRoute extends ModelLifecycleStrategySupport {
    private static final Logger LOG = LoggerFactory.getLogger(GateEveryRoute.class);

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        // a route configuration's onException and similar clauses stand first in the outputs; the gate is the first real step
        int first = 0;
        while (first < route.getOutputs().size() && route.getOutputs().get(first).isAbstract()) {
            first++;
        }
        if (first < route.getOutputs().size() && isGate(route.getOutputs().get(first))) {
            return;
        }
        LOG.warn("Route {} does not start with the review gate (first step: {}); adding it as the first step", route.getRouteId(),
                first < route.getOutputs().size() ? route.getOutputs().get(first) : "none");
        ProcessDefinition gate = new ProcessDefinition();
        gate.setRef(GateStep.NAME);
        gate.setParent(route);
        route.getOutputs().add(first, gate);
    }

    static boolean isGate(ProcessorDefinition<?> step) {
        return step instanceof ProcessDefinition p && GateStep.NAME.equals(p.getRef());
    }
}

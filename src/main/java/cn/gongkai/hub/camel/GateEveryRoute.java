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
        if (!route.getOutputs().isEmpty() && isGate(route.getOutputs().get(0))) {
            return;
        }
        LOG.warn("Route {} does not start with the review gate; adding it as the first step", route.getRouteId());
        ProcessDefinition gate = new ProcessDefinition();
        gate.setRef(GateStep.NAME);
        gate.setParent(route);
        route.getOutputs().add(0, gate);
    }

    static boolean isGate(ProcessorDefinition<?> step) {
        return step instanceof ProcessDefinition p && GateStep.NAME.equals(p.getRef());
    }
}

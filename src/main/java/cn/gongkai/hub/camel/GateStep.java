package cn.gongkai.hub.camel;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.review.GateCheck;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The review gate as the first step of every route. It is written into routes/ files explicitly
 * ({@code - process: {ref: gate}}) and added by {@link GateEveryRoute} to any route that lacks it.
 *
 * <p>Understands the bodies the hub's routes carry: a batch from {@code redis-stream:} ({@code List<Map>} of
 * entries with {@code itemId}/{@code version}), a single such map, or headers {@code HubItemId}/{@code HubItemVersion}.
 * Refused entries are removed from the batch (and reported to the gate so their deliveries end REFUSED); an exchange
 * left with nothing cleared stops. An exchange that names no item carries nothing publishable and passes.
 */
public final class GateStep implements Processor {
    static final String NAME = "gate";
    public static final String ITEM_HEADER = "HubItemId";
    public static final String VERSION_HEADER = "HubItemVersion";
    private static final Logger LOG = LoggerFactory.getLogger(GateStep.class);

    private final GateCheck gate;

    GateStep(GateCheck gate) {
        this.gate = gate;
    }

    @Override
    public void process(Exchange exchange) {
        String route = exchange.getFromRouteId();
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> entries = (List<Map<String, String>>) list;
            List<Map<String, String>> admitted = new ArrayList<>(entries.size());
            Map<String, String> decisions = new HashMap<>();
            for (Map<String, String> e : entries) {
                String itemId = e.get("itemId");
                if (itemId == null) {
                    admitted.add(e);
                    continue;
                }
                String key = itemId + "#" + e.get("version") + "#" + e.get("action");
                String refusal = decisions.computeIfAbsent(key, k -> nullToEmpty(decide(itemId, e.get("version"), e.get("action"), route)));
                if (refusal.isEmpty()) {
                    admitted.add(e);
                } else {
                    gate.refused(e, route, refusal);
                }
            }
            if (admitted.isEmpty()) {
                stop(exchange, route, decisions);
            } else if (admitted.size() < entries.size()) {
                exchange.getMessage().setBody(admitted);
            }
            return;
        }
        String itemId;
        String version;
        String action = null;
        if (body instanceof Map<?, ?> map && map.get("itemId") != null) {
            itemId = String.valueOf(map.get("itemId"));
            version = String.valueOf(map.get("version"));
            action = map.get("action") == null ? null : String.valueOf(map.get("action"));
        } else {
            itemId = exchange.getMessage().getHeader(ITEM_HEADER, String.class);
            version = exchange.getMessage().getHeader(VERSION_HEADER, String.class);
        }
        if (itemId == null) {
            return;
        }
        String refusal = decide(itemId, version, action, route);
        if (refusal != null) {
            if (body instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, String> entry = (Map<String, String>) map;
                gate.refused(entry, route, refusal);
            }
            stop(exchange, route, Map.of(itemId + "#" + version, refusal));
        }
    }

    private static void stop(Exchange exchange, String route, Map<String, String> decisions) {
        LOG.debug("Gate stopped exchange on route {}: {}", route, decisions);
        exchange.setRouteStop(true);
    }

    private static int parseVersion(String v) {
        try {
            return v == null ? -1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The gate's refusal, or null; an entry whose action the hub does not know is refused here. */
    private String decide(String itemId, String version, String actionWire, String route) {
        Action action;
        try {
            action = Action.of(actionWire);
        } catch (IllegalArgumentException e) {
            LOG.warn("Gate refused an entry for item {} on route {}: unknown action '{}'", itemId, route, actionWire);
            return "unknown action '" + actionWire + "'";
        }
        return gate.refusal(itemId, parseVersion(version), action, route);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

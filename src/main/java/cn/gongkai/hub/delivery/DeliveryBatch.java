package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of a channel bucket's stream: deliveries of one publication, all in one bucket. {@link #of(Map)} and
 * {@link #fields()} are its one codec (the Lua scripts write the same fields: see {@code lua/delivery/}).
 *
 * @param redelivered the entry was read again (after a restart, or taken over from a silent consumer)
 */
public record DeliveryBatch(PublicationKey publication, String channel, int bucket, List<DeliveryRef> deliveries, boolean redelivered) {

    public DeliveryBatch {
        deliveries = List.copyOf(deliveries);
    }

    public static DeliveryBatch of(Map<String, String> f) {
        List<DeliveryRef> refs = new ArrayList<>();
        String list = f.getOrDefault("deliveries", "");
        if (!list.isEmpty()) {
            for (String d : list.split(",")) {
                String[] p = d.split(":");
                if (p.length < 2 || p.length > 3 || p[0].isEmpty() || (p.length == 3 && !p[2].equals("r"))) {
                    throw new IllegalArgumentException("delivery reference '" + d + "' is not <id>:<attempt>[:r]");
                }
                refs.add(new DeliveryRef(p[0], Integer.parseInt(p[1]), p.length == 3));
            }
        }
        return new DeliveryBatch(new PublicationKey(f.get("itemId"), Integer.parseInt(f.get("version")), Action.of(f.get("action"))),
                f.get("channel"), Integer.parseInt(f.getOrDefault("bucket", "0")), refs, "true".equals(f.get("_redelivered")));
    }

    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("itemId", publication.itemId());
        f.put("version", Integer.toString(publication.version()));
        f.put("action", publication.action().wire());
        f.put("channel", channel);
        f.put("bucket", Integer.toString(bucket));
        StringBuilder sb = new StringBuilder();
        for (DeliveryRef r : deliveries) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.id()).append(':').append(r.attempt());
            if (r.reserved()) {
                sb.append(":r");
            }
        }
        f.put("deliveries", sb.toString());
        return f;
    }
}

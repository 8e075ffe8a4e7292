package cn.gongkai.hub.review;

import java.util.Map;

/** Told of each delivery entry the gate refused, so it ends REFUSED instead of waiting forever. */
public interface RefusedDeliveries {
    void refused(Map<String, String> entry, String reason);
}

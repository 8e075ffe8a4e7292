package cn.gongkai.hub.review;

import cn.gongkai.hub.item.ContentHash;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 先审查、后公开: decides whether an item version may go out. Cleared means all of:
 * the item exists and is not withdrawn; it is 主动公开; the version is the item's current version; a final approval
 * exists for exactly that version; and the content stored now still hashes to the hash that was approved (so content
 * changed behind the hub's back is never sent). Every refusal is recorded on the item and logged.
 */
@Singleton
@Named("reviewGate")
public class ReviewGate implements GateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewGate.class);
    static final int MAX_REFUSALS_KEPT = 1000;

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final ItemStore items;
    private final ObjectMapper json;
    private final List<RefusedDeliveries> listeners;

    public ReviewGate(@Named("hub") StatefulRedisConnection<String, String> connection, RedisKeys keys, ItemStore items,
                      ObjectMapper json, List<RefusedDeliveries> listeners) {
        this.redis = connection.sync();
        this.keys = keys;
        this.items = items;
        this.json = json;
        this.listeners = listeners;
    }

    /** Whether the version is cleared for publication; does not record anything. */
    public Optional<String> check(String itemId, int version, String action) {
        Map<String, String> meta = redis.hgetall(keys.itemMeta(itemId));
        if (meta == null || meta.isEmpty()) {
            return Optional.of("item " + itemId + " does not exist");
        }
        ItemState state = ItemState.valueOf(meta.get("state"));
        if ("withdraw".equals(action)) {
            return state == ItemState.WITHDRAWN ? Optional.empty()
                    : Optional.of("a withdrawal needs the item to be withdrawn; it is " + state);
        }
        if (state == ItemState.WITHDRAWN) {
            return Optional.of("item " + itemId + " was withdrawn");
        }
        int current = Integer.parseInt(meta.get("version"));
        if (version != current) {
            return Optional.of("version " + version + " is no longer current (item is at version " + current + "); its review no longer counts");
        }
        Optional<ItemVersion> stored = items.version(itemId, version);
        if (stored.isEmpty()) {
            return Optional.of("version " + version + " of item " + itemId + " does not exist");
        }
        if (stored.get().content().disclosure() != Disclosure.ACTIVE) {
            return Optional.of("only 主动公开 items can be published; this one is "
                    + (stored.get().content().disclosure() == null ? "unset" : stored.get().content().disclosure().label()));
        }
        Optional<Approval> approval = approval(itemId, version);
        if (approval.isEmpty()) {
            return Optional.of("version " + version + " has no final approval (终审)");
        }
        String actual = ContentHash.of(stored.get().content());
        if (!actual.equals(approval.get().contentHash())) {
            return Optional.of("content of version " + version + " differs from what was approved (approved "
                    + approval.get().contentHash().substring(0, 12) + ", stored now " + actual.substring(0, 12) + ")");
        }
        if (!actual.equals(stored.get().contentHash())) {
            return Optional.of("stored content of version " + version + " no longer matches its recorded hash");
        }
        return Optional.empty();
    }

    @Override
    public String refusal(String itemId, int version, String action, String route) {
        Optional<String> why = check(itemId, version, action);
        why.ifPresent(reason -> record(new Refusal(itemId, version, route, reason, Instant.now())));
        return why.orElse(null);
    }

    @Override
    public void refused(Map<String, String> entry, String route, String reason) {
        for (RefusedDeliveries l : listeners) {
            l.refused(entry, reason);
        }
    }

    public void record(Refusal r) {
        LOG.warn("Review gate refused item {} version {} on {}: {}", r.itemId(), r.version(), r.route(), r.reason());
        try {
            String key = keys.refusals(r.itemId());
            redis.lpush(key, json.writeValueAsString(r));
            redis.ltrim(key, 0, MAX_REFUSALS_KEPT - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Refusal> refusals(String itemId) {
        List<Refusal> out = new ArrayList<>();
        for (String s : redis.lrange(keys.refusals(itemId), 0, -1)) {
            try {
                out.add(json.readValue(s, Refusal.class));
            } catch (JsonProcessingException e) {
                LOG.warn("Unreadable refusal record on item {}: {}", itemId, e.getMessage());
            }
        }
        return out;
    }

    public Optional<Approval> approval(String itemId, int version) {
        Map<String, String> a = redis.hgetall(keys.approval(itemId, version));
        if (a == null || a.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Approval(itemId, version, a.get("contentHash"), a.get("approver"), Instant.parse(a.get("at"))));
    }
}

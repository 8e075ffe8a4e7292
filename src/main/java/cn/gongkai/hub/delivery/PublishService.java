package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.review.Refusal;
import cn.gongkai.hub.review.ReviewGate;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publication requests from the API: checked against the review gate at once (409 with the reason), then queued
 * on the publish stream (or scheduled), where the publish route checks the gate again before planning.
 */
@Singleton
public class PublishService {
    private static final Logger LOG = LoggerFactory.getLogger(PublishService.class);

    private final ItemStore items;
    private final ReviewGate gate;
    private final ChannelRegistry channels;
    private final DeliveryStore store;
    private final HubConfig hub;

    PublishService(ItemStore items, ReviewGate gate, ChannelRegistry channels, DeliveryStore store, HubConfig hub) {
        this.items = items;
        this.gate = gate;
        this.channels = channels;
        this.store = store;
        this.hub = hub;
    }

    public Map<String, Object> publish(String itemId, List<String> requested, String publishAt, String by) {
        Item item = items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
        String refusal = gate.check(itemId, item.version(), "publish").orElse(null);
        if (refusal != null) {
            gate.record(new Refusal(itemId, item.version(), "api:publish", refusal, Instant.now()));
            throw HubException.conflict("item " + itemId + " is not cleared for publication: " + refusal);
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> names = requested == null || requested.isEmpty() ? item.content().channels() : requested;
        for (String n : names) {
            if (!item.content().channels().contains(n)) {
                errors.add(new FieldError("channels", "'" + n + "' was not among the channels approved in review " + item.content().channels()));
            } else if (channels.channel(n).isEmpty() || !channels.settings(n).map(s -> s.enabled()).orElse(false)) {
                errors.add(new FieldError("channels", "channel '" + n + "' is disabled or not configured"));
            }
        }
        Instant at = publishAt == null || publishAt.isBlank() ? null : parseTime(publishAt, errors);
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("itemId", itemId);
        out.put("version", item.version());
        out.put("channels", names);
        if (at != null && at.isAfter(Instant.now())) {
            store.schedule(itemId, item.version(), names, by, at);
            items.setFields(itemId, Map.of("scheduledAt", at.toString()));
            LOG.info("Item {} v{} scheduled by {} for {} on {}", itemId, item.version(), by, at, names);
            out.put("state", item.state());
            out.put("scheduledAt", at.toString());
            return out;
        }
        items.transition(itemId, item.version(), EnumSet.of(ItemState.APPROVED, ItemState.PUBLISHED, ItemState.PARTIALLY_PUBLISHED),
                ItemState.PUBLISHING, null);
        store.publishRequest(Map.of("itemId", itemId, "version", Integer.toString(item.version()), "action", "publish",
                "channels", String.join(",", names), "requestedBy", by));
        LOG.info("Item {} v{} publication requested by {} on {}", itemId, item.version(), by, names);
        out.put("state", ItemState.PUBLISHING);
        return out;
    }

    public Map<String, Object> withdraw(String itemId, String reason, String by) {
        if (reason == null || reason.isBlank()) {
            throw HubException.invalid("reason", "is required: say why the item is withdrawn (it is shown in the correction notices)");
        }
        Item item = items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
        EnumSet<ItemState> from = EnumSet.of(ItemState.APPROVED, ItemState.PUBLISHING, ItemState.PUBLISHED, ItemState.PARTIALLY_PUBLISHED);
        if (!items.transition(itemId, item.version(), from, ItemState.WITHDRAWN, reason.strip())) {
            throw HubException.conflict("only an approved or published item can be withdrawn; item " + itemId + " is " + item.state());
        }
        store.publishRequest(Map.of("itemId", itemId, "version", Integer.toString(item.version()), "action", "withdraw",
                "channels", String.join(",", item.content().channels()), "requestedBy", by));
        LOG.info("Item {} withdrawn by {}: {}", itemId, by, reason.strip());
        return Map.of("itemId", itemId, "state", ItemState.WITHDRAWN, "reason", reason.strip());
    }

    /** ISO-8601; without an offset the time is in the hub's zone. */
    private Instant parseTime(String s, List<FieldError> errors) {
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.strip()).atZone(hub.zoneId()).toInstant();
            } catch (DateTimeParseException e2) {
                errors.add(new FieldError("publishAt", "must be ISO-8601 such as 2026-12-01T09:00 (hub zone " + hub.zone()
                        + ") or 2026-12-01T09:00:00+08:00"));
                return null;
            }
        }
    }
}

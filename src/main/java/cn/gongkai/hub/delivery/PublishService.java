package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.review.Clearance;
import cn.gongkai.hub.review.ReviewGate;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publication and withdrawal requests from the API: checked against the review gate at once (409 with the reason),
 * then handed to the {@link PublicationQueue} (at once, or at {@code publishAt}), where the publish route asks the
 * gate again before planning.
 *
 * <p>{@code publishAt}: absent or {@code "now"} publishes at once; a time up to {@link #PAST_TOLERANCE} ago also
 * means now (clocks and slow clicks); an earlier time is refused (400) rather than silently published at once; a time
 * more than {@link #MAX_AHEAD} ahead is refused too.
 *
 * <p>Each accepted request (publish, schedule, withdraw) is written to the {@link AuditLog} once it is queued.
 */
@Singleton
public class PublishService {
    private static final Logger LOG = LoggerFactory.getLogger(PublishService.class);
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(5);
    static final Duration MAX_AHEAD = Duration.ofDays(366);

    private final ItemStore items;
    private final ReviewGate gate;
    private final ChannelRegistry channels;
    private final PublicationQueue queue;
    private final HubConfig hub;
    private final AuditLog audit;

    PublishService(ItemStore items, ReviewGate gate, ChannelRegistry channels, PublicationQueue queue, HubConfig hub, AuditLog audit) {
        this.audit = audit;
        this.items = items;
        this.gate = gate;
        this.channels = channels;
        this.queue = queue;
        this.hub = hub;
    }

    public Map<String, Object> publish(String itemId, List<String> requested, String publishAt, Actor by) {
        Item item = items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
        if (gate.clear(itemId, item.version(), Action.PUBLISH, "api:publish") instanceof Clearance.Refused r) {
            throw HubException.conflict("item " + itemId + " is not cleared for publication: " + r.reason());
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> names = requested == null || requested.isEmpty() ? item.content().channels() : requested;
        for (String n : names) {
            if (!item.content().channels().contains(n)) {
                errors.add(new FieldError("channels", "'" + n + "' was not among the channels approved in review " + item.content().channels()));
            } else if (channels.channel(n).isEmpty() || !channels.settings(n).map(ChannelSettings::enabled).orElse(false)) {
                errors.add(new FieldError("channels", "channel '" + n + "' is disabled or not configured"));
            }
        }
        Instant now = Instant.now();
        Instant at = when(publishAt, now, errors);
        if (publishAt == null && item.content().notice() != null && item.content().notice().publishAt() != null
                && item.content().notice().publishAt().isAfter(now)) {
            // the time the editor asked for when drafting the notice
            at = item.content().notice().publishAt();
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("itemId", itemId);
        out.put("version", item.version());
        out.put("channels", names);
        if (at != null) {
            queue.enqueue(PublicationRequest.create(itemId, item.version(), Action.PUBLISH, names, by.name(), true), at);
            items.scheduled(itemId, at);
            LOG.info("Item {} v{} scheduled by {} for {} on {}", itemId, item.version(), by.name(), at, names);
            audit.record(AuditEntry.now(by, AuditAction.SCHEDULE, "item:" + itemId,
                    "version " + item.version() + " on " + String.join(", ", names) + " at " + at));
            out.put("state", item.state());
            out.put("scheduledAt", at.toString());
            return out;
        }
        PublicationRequest request = PublicationRequest.create(itemId, item.version(), Action.PUBLISH, names, by.name(), false);
        queue.hold(request);
        if (!items.startPublishing(itemId, item.version(), names)) {
            queue.cancel(request);
            throw HubException.conflict("item " + itemId + " changed while its publication was being requested; reload it and try again");
        }
        queue.release(request);
        LOG.info("Item {} v{} publication requested by {} on {}", itemId, item.version(), by.name(), names);
        audit.record(AuditEntry.now(by, AuditAction.PUBLISH, "item:" + itemId, "version " + item.version() + " on " + String.join(", ", names)));
        out.put("state", ItemState.PUBLISHING);
        return out;
    }

    /**
     * Withdraws what is live: the current version if it is approved or out, else the version published last (an
     * editor's newer draft does not stand in the way). Every channel that received it, or may have (IN_DOUBT), gets a
     * withdrawal.
     */
    public Map<String, Object> withdraw(String itemId, String reason, Actor by) {
        if (reason == null || reason.isBlank()) {
            throw HubException.invalid("reason", "is required: say why the item is withdrawn (it is shown in the correction notices)");
        }
        Item item = items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
        int version = ItemStore.withdrawable(item);
        if (version == 0) {
            throw HubException.conflict("item " + itemId + " was never approved or published (it is " + item.state() + "); there is nothing to withdraw");
        }
        PublicationRequest request = PublicationRequest.create(itemId, version, Action.WITHDRAW,
                List.copyOf(channels.settings().keySet()), by.name(), false);
        queue.hold(request);
        ItemStore.WithdrawOutcome outcome = items.withdraw(itemId, version, reason.strip(), by.name());
        if (outcome.withdrawn() == null) {
            queue.cancel(request);
            throw HubException.conflict(outcome.refusal());
        }
        queue.release(request);
        LOG.info("Item {} version {} withdrawn by {}: {}", itemId, version, by.name(), reason.strip());
        audit.record(AuditEntry.now(by, AuditAction.WITHDRAW, "item:" + itemId, "version " + version + ": " + reason.strip()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("itemId", itemId);
        out.put("withdrawnVersion", version);
        out.put("state", items.find(itemId).map(Item::state).orElse(ItemState.WITHDRAWN));
        out.put("reason", reason.strip());
        return out;
    }

    /** Null for "now"; otherwise the due time, or an error added. */
    private Instant when(String publishAt, Instant now, List<FieldError> errors) {
        if (publishAt == null || publishAt.isBlank() || "now".equalsIgnoreCase(publishAt.strip())) {
            return null;
        }
        Instant at = parseTime(publishAt, errors);
        if (at == null) {
            return null;
        }
        if (at.isBefore(now.minus(PAST_TOLERANCE))) {
            errors.add(new FieldError("publishAt", "is in the past (" + at + "); leave it out or send \"now\" to publish at once"));
            return null;
        }
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            errors.add(new FieldError("publishAt", "is more than " + MAX_AHEAD.toDays() + " days ahead"));
            return null;
        }
        return at.isAfter(now) ? at : null;
    }

    /** ISO-8601; without an offset the time is in the hub's zone. */
    private Instant parseTime(String s, List<FieldError> errors) {
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.strip()).atZone(hub.zoneId()).toInstant();
            } catch (DateTimeParseException e2) {
                errors.add(new FieldError("publishAt", "must be \"now\" or ISO-8601 such as 2026-12-01T09:00 (hub zone " + hub.zone()
                        + ") or 2026-12-01T09:00:00+08:00"));
                return null;
            }
        }
    }
}

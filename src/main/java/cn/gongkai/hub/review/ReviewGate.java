package cn.gongkai.hub.review;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ContentHash;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.item.Withdrawal;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 先审查、后公开: the one authority on whether an item version may go out. A publication is cleared when all of: the
 * item exists; the version was never withdrawn; it is the item's current version; it is 主动公开; a final approval
 * exists for exactly that version; and the stored content, 索引号 and attachment list still hash to the approved hash
 * (so content changed behind the hub's back is never sent). A withdrawal is cleared when a withdrawal covers the
 * version and its stored content is still the approved one (the notices quote it).
 *
 * <p>The version is read once and handed over in the {@link Clearance.Cleared}: what is rendered is what was
 * checked. Attachment bytes are checked where they are read ({@code AttachmentStore.open}). Every refusal is recorded
 * on the item and logged.
 */
@Singleton
@Named("reviewGate")
public class ReviewGate implements GateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewGate.class);

    private final ItemStore items;
    private final ReviewStore reviews;
    private final List<RefusedDeliveries> listeners;
    private final List<GateRefusals> watchers;

    public ReviewGate(ItemStore items, ReviewStore reviews, List<RefusedDeliveries> listeners, List<GateRefusals> watchers) {
        this.items = items;
        this.reviews = reviews;
        this.listeners = listeners;
        this.watchers = watchers;
    }

    /** Whether the version is cleared for {@code action}; records nothing. */
    public Clearance clear(String itemId, int version, Action action) {
        Optional<ItemStore.Loaded> found = items.load(itemId);
        if (found.isEmpty()) {
            return refused("item " + itemId + " does not exist");
        }
        Item item = found.get().item();
        Withdrawal w = item.withdrawal();
        boolean withdrawn = w != null && w.version() >= version;
        if (action == Action.WITHDRAW) {
            if (!withdrawn) {
                return refused("no withdrawal of version " + version + " was requested");
            }
            Optional<ItemVersion> v = version == item.version() ? Optional.of(found.get().current()) : items.version(itemId, version);
            if (v.isEmpty()) {
                return refused("version " + version + " of item " + itemId + " does not exist");
            }
            return approved(v.get()).<Clearance>map(Clearance.Refused::new).orElseGet(() -> new Clearance.Cleared(v.get(), action, w));
        }
        if (withdrawn) {
            return refused("version " + version + " of item " + itemId + " was withdrawn (" + w.reason() + ")");
        }
        if (item.state() == ItemState.WITHDRAWN) {
            return refused("item " + itemId + " was withdrawn");
        }
        if (version != item.version()) {
            return refused("version " + version + " is no longer current (item is at version " + item.version() + "); its review no longer counts");
        }
        ItemVersion v = found.get().current();
        if (v.content().disclosure() != Disclosure.ACTIVE) {
            return refused("only 主动公开 items can be published; this one is "
                    + (v.content().disclosure() == null ? "unset" : v.content().disclosure().label()));
        }
        return approved(v).<Clearance>map(Clearance.Refused::new).orElseGet(() -> new Clearance.Cleared(v, action, null));
    }

    /** Empty when the version has a final approval of exactly its stored content; otherwise why not. */
    private Optional<String> approved(ItemVersion v) {
        Optional<Approval> approval = reviews.approval(v.itemId(), v.version());
        if (approval.isEmpty()) {
            return Optional.of("version " + v.version() + " has no final approval (终审)");
        }
        String actual = ContentHash.of(v.indexNumber(), v.content());
        if (!actual.equals(approval.get().contentHash())) {
            return Optional.of("content of version " + v.version() + " differs from what was approved (approved "
                    + approval.get().contentHash().substring(0, 12) + ", stored now " + actual.substring(0, 12) + ")");
        }
        if (!actual.equals(v.contentHash())) {
            return Optional.of("stored content of version " + v.version() + " no longer matches its recorded hash");
        }
        return Optional.empty();
    }

    private static Clearance refused(String reason) {
        return new Clearance.Refused(reason);
    }

    /** Like {@link #clear}, recording a refusal on the item with the route (or API call) that asked. */
    public Clearance clear(String itemId, int version, Action action, String route) {
        Clearance c = clear(itemId, version, action);
        if (c instanceof Clearance.Refused r) {
            record(new Refusal(itemId, version, route, r.reason(), Instant.now()));
        }
        return c;
    }

    @Override
    public String refusal(String itemId, int version, Action action, String route) {
        return clear(itemId, version, action, route) instanceof Clearance.Refused r ? r.reason() : null;
    }

    @Override
    public void refused(Map<String, String> entry, String route, String reason) {
        for (RefusedDeliveries l : listeners) {
            l.refused(entry, reason);
        }
    }

    public void record(Refusal r) {
        LOG.warn("Review gate refused item {} version {} on {}: {}", r.itemId(), r.version(), r.route(), r.reason());
        reviews.refused(r);
        watchers.forEach(w -> w.refused(r));
    }

    public List<Refusal> refusals(String itemId) {
        return reviews.refusals(itemId);
    }

    public Optional<Approval> approval(String itemId, int version) {
        return reviews.approval(itemId, version);
    }
}

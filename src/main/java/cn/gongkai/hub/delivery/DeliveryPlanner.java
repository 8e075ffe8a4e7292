package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.TargetSource;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a publication request (from the {@code publish} stream, after the gate) into deliveries, page by page: each
 * page of at most {@code hub.delivery.plan-page-size} targets is one short script per bucket, its deliveries go on the
 * streams at once (the first go out while later pages are planned), and the cursor is stored after each page, so a
 * planner that stops resumes where it was and plans nothing twice (ids come from (item, version, action, target) and
 * existing ones are skipped). After {@code plan-pages-per-step} pages a large publication is put back on the stream,
 * so other publications are not held up behind it.
 *
 * <p>A withdrawal goes to every target that received, may have received (IN_DOUBT) or is being sent a publication
 * of the item; a target a publication reaches after its withdrawal was planned gets its withdrawal then
 * ({@link #withdrawLate}).
 */
@Singleton
@Named("deliveryPlanner")
public class DeliveryPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPlanner.class);

    private final ChannelRegistry channels;
    private final DeliveryStore store;
    private final ItemStore items;
    private final ItemProgress progress;
    private final PublicationQueue queue;
    private final DeliverySettings settings;
    private final List<DeliveryObserver> observers;
    private final Audiences audiences;

    DeliveryPlanner(ChannelRegistry channels, DeliveryStore store, ItemStore items, ItemProgress progress, PublicationQueue queue,
                    DeliverySettings settings, List<DeliveryObserver> observers, Audiences audiences) {
        this.audiences = audiences;
        this.channels = channels;
        this.store = store;
        this.items = items;
        this.progress = progress;
        this.queue = queue;
        this.settings = settings;
        this.observers = observers;
    }

    /** Called by the publish route with a batch of requests the gate let through. */
    public void plan(List<Map<String, String>> entries) {
        for (Map<String, String> e : entries) {
            plan(PublicationRequest.of(e));
        }
    }

    void plan(PublicationRequest r) {
        if (r.action() == Action.PUBLISH && !items.startPublishing(r.itemId(), r.version(), r.channels())) {
            LOG.warn("Item {} v{}: publication request {} by {} not planned: the item is no longer an approved current version",
                    r.itemId(), r.version(), r.id(), r.requestedBy());
            return;
        }
        PublicationKey pub = new PublicationKey(r.itemId(), r.version(), r.action());
        Optional<ItemVersion> v = items.version(r.itemId(), r.version());
        boolean notice = v.isPresent() && v.get().content().notice() != null;
        if (r.action() == Action.PUBLISH && notice) {
            planNotice(r, pub, v.get().content());
            return;
        }
        String kind = notice ? DeliveryStore.KIND_NOTICE : DeliveryStore.KIND_ITEM;
        Map<String, Integer> planned = new LinkedHashMap<>();
        boolean more = false;
        for (String name : r.channels()) {
            Optional<Channel> ch = channels.channel(name);
            if (ch.isEmpty()) {
                LOG.error("Item {} v{}: channel {} has no implementation; nothing planned there", r.itemId(), r.version(), name);
                continue;
            }
            Optional<DeliveryStore.PlanState> state = store.planState(name, pub);
            if (state.isPresent() && state.get().complete()) {
                continue;
            }
            String cursor = state.map(DeliveryStore.PlanState::cursor).orElse(null);
            TargetSource source = r.action() == Action.WITHDRAW ? store.reached(name, r.itemId()) : ch.get().targets();
            int created = 0;
            for (int page = 0; page < settings.planPagesPerStep(); page++) {
                TargetSource.TargetPage targets = source.page(cursor, settings.planPageSize());
                int n = store.plan(name, pub, targets.targets(), kind);
                created += n;
                for (DeliveryObserver o : observers) {
                    o.planned(name, n);
                }
                store.planAdvanced(name, pub, targets.next());
                cursor = targets.next();
                if (cursor == null) {
                    break;
                }
            }
            planned.put(name, created);
            more |= cursor != null;
        }
        if (more) {
            queue.continueLater(r);
        }
        LOG.info("Item {} v{} {}: {} new deliveries per channel{}", r.itemId(), r.version(), r.action().wire(), planned,
                more ? "; more pages follow" : "");
        progress.check(pub, null);
    }

    /**
     * A notice: one pass over its audience, a page at a time, each page's people planned on the channels that reach
     * them. The channels share one cursor (stored on each after every page), so a planner that stops goes on from the
     * page it was at; deliveries it had planned already are skipped by id.
     */
    private void planNotice(PublicationRequest r, PublicationKey pub, ItemContent content) {
        List<String> names = r.channels().stream().filter(n -> {
            if (channels.channel(n).isEmpty()) {
                LOG.error("Notice {} v{}: channel {} has no implementation; nothing planned there", r.itemId(), r.version(), n);
                return false;
            }
            return true;
        }).toList();
        if (names.isEmpty()) {
            return;
        }
        Optional<DeliveryStore.PlanState> state = store.planState(names.get(0), pub);
        if (state.isPresent() && state.get().complete()) {
            progress.check(pub, null);
            return;
        }
        String cursor = state.map(DeliveryStore.PlanState::cursor).orElse(null);
        Map<String, Integer> planned = new LinkedHashMap<>();
        names.forEach(n -> planned.put(n, 0));
        for (int page = 0; page < settings.planPagesPerStep(); page++) {
            Audiences.AudiencePage p = audiences.page(pub, content, names, cursor, settings.planPageSize());
            for (String name : names) {
                List<Target> targets = p.byChannel().getOrDefault(name, List.of());
                int n = targets.isEmpty() ? 0 : store.plan(name, pub, targets, DeliveryStore.KIND_NOTICE);
                planned.merge(name, n, Integer::sum);
                for (DeliveryObserver o : observers) {
                    o.planned(name, n);
                }
            }
            for (String name : names) {
                store.planAdvanced(name, pub, p.next());
            }
            cursor = p.next();
            if (cursor == null) {
                audiences.planned(pub);
                break;
            }
        }
        if (cursor != null) {
            queue.continueLater(r);
        }
        LOG.info("Notice {} v{}: {} new deliveries per channel{}", r.itemId(), r.version(), planned, cursor != null ? "; more pages follow" : "");
        progress.check(pub, null);
    }

    /**
     * A publication batch finished after the item was withdrawn: the targets it reached get their withdrawal too
     * (existing withdrawal deliveries are skipped).
     */
    void withdrawLate(String channel, String itemId, int withdrawnVersion, List<Target> sent) {
        if (sent.isEmpty()) {
            return;
        }
        boolean notice = items.version(itemId, withdrawnVersion).map(v -> v.content().notice() != null).orElse(false);
        int added = store.plan(channel, new PublicationKey(itemId, withdrawnVersion, Action.WITHDRAW), sent,
                notice ? DeliveryStore.KIND_NOTICE : DeliveryStore.KIND_ITEM);
        if (added > 0) {
            LOG.info("Item {}: {} {} deliveries went out while it was being withdrawn; their withdrawal is planned", itemId, added, channel);
        }
    }
}

package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.TargetSource;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.Withdrawal;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an item's withdrawal did on each channel, from its withdrawal deliveries: how many targets it reached (done),
 * could not reach (failed: FAILED, DEAD, REFUSED, and IN_DOUBT, which a person must check), has not finished with
 * (pending) and left alone on purpose (skipped: an SMS that cannot be recalled, an opted-out number), and the first
 * {@value #PROBLEMS_SHOWN} targets that were not done, each with why.
 */
@Singleton
public class WithdrawalReports {
    static final int PROBLEMS_SHOWN = 50;
    /** SKIPPED deliveries are in no state index: at most this many targets are read to show a few of them. */
    static final int SKIPPED_SCAN = 2_000;
    private static final Set<DeliveryState> FAILED = EnumSet.of(DeliveryState.FAILED, DeliveryState.DEAD, DeliveryState.REFUSED,
            DeliveryState.IN_DOUBT);

    private final ItemStore items;
    private final DeliveryStore store;
    private final ChannelRegistry channels;

    WithdrawalReports(ItemStore items, DeliveryStore store, ChannelRegistry channels) {
        this.items = items;
        this.store = store;
        this.channels = channels;
    }

    /** @param target the target's id in the channel's config ({@code citizens}, {@code media-liaison-13800000001}) */
    public record Problem(String target, DeliveryState state, String reason) {
    }

    public record ChannelResult(String channel, long done, long failed, long pending, long skipped, List<Problem> problems) {
    }

    /** @param channels the channels the withdrawal went to: those where a version of the item had reached a target */
    public record Report(String itemId, int withdrawnVersion, String reason, Instant at, List<ChannelResult> channels) {
    }

    /** 404 for an unknown item, 409 for an item that was never withdrawn. */
    public Report of(String itemId) {
        Item item = items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
        Withdrawal w = item.withdrawal();
        if (w == null) {
            throw HubException.conflict("item " + itemId + " has not been withdrawn");
        }
        PublicationKey key = new PublicationKey(itemId, w.version(), Action.WITHDRAW);
        List<ChannelResult> out = new ArrayList<>();
        for (String ch : channels.settings().keySet()) {
            DeliveryStore.Progress p = store.progress(ch, key);
            if (p.planned() == 0) {
                continue;
            }
            Map<String, Long> t = p.terminal();
            long done = t.getOrDefault(DeliveryState.SENT.name(), 0L);
            long skipped = t.getOrDefault(DeliveryState.SKIPPED.name(), 0L);
            long failed = FAILED.stream().mapToLong(s -> t.getOrDefault(s.name(), 0L)).sum();
            long pending = Math.max(0, p.planned() - p.done());
            List<Problem> problems = new ArrayList<>();
            for (DeliveryRecord r : store.item(ch, itemId, PROBLEMS_SHOWN).problems()) {
                if (r.action() == Action.WITHDRAW && r.version() == w.version()) {
                    problems.add(new Problem(r.targetId(), r.state(), r.reason() != null ? r.reason() : r.lastError()));
                }
            }
            if (skipped > 0 && problems.size() < PROBLEMS_SHOWN) {
                problems.addAll(skipped(ch, itemId, w.version(), PROBLEMS_SHOWN - problems.size()));
            }
            out.add(new ChannelResult(ch, done, failed, pending, skipped, List.copyOf(problems)));
        }
        return new Report(itemId, w.version(), w.reason(), w.at(), List.copyOf(out));
    }

    private List<Problem> skipped(String channel, String itemId, int version, int max) {
        List<Problem> out = new ArrayList<>();
        TargetSource reached = store.reached(channel, itemId);
        String cursor = null;
        int read = 0;
        do {
            TargetSource.TargetPage page = reached.page(cursor, 200);
            for (Target target : page.targets()) {
                read++;
                store.find(DeliveryStore.deliveryId(channel, itemId, version, Action.WITHDRAW.wire(), target.id()))
                        .filter(r -> r.state() == DeliveryState.SKIPPED)
                        .ifPresent(r -> out.add(new Problem(r.targetId(), r.state(), r.reason())));
                if (out.size() >= max) {
                    return out;
                }
            }
            cursor = page.next();
        } while (cursor != null && read < SKIPPED_SCAN);
        return out;
    }
}

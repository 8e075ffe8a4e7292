package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subscribers: writing them (one at a time from the API, in batches from an import, idempotent on mobile, openid and
 * e-mail), reading them with their opt-outs, opting them out, and erasing a person. Addresses are never logged in full.
 */
@Singleton
public class SubscriberService {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberService.class);
    /** The address kinds that identify a person (an import row with one of them updates that person). */
    static final List<Reach> IDENTIFYING = List.of(Reach.SMS, Reach.WECHAT, Reach.EMAIL);

    private final SubscriberStore store;
    private final OptOuts optOuts;
    private final NoticeRecords notices;
    private final cn.gongkai.hub.delivery.DeliveryStore deliveries;

    public SubscriberService(SubscriberStore store, OptOuts optOuts, NoticeRecords notices, cn.gongkai.hub.delivery.DeliveryStore deliveries) {
        this.store = store;
        this.optOuts = optOuts;
        this.notices = notices;
        this.deliveries = deliveries;
    }

    /** One row to write: its number in the file (or 0 from the API) and what it says. */
    public record Row(int row, SubscriberInput input) {
    }

    public enum Written { CREATED, UPDATED, REFUSED }

    /** @param column the column a refusal is about; {@code problem} why */
    public record RowResult(int row, Written written, String id, String column, String problem) {
    }

    /**
     * Writes a batch of rows: a row whose mobile, openid or e-mail belongs to a subscriber updates that one (fields the
     * row leaves empty are kept, consents it lists are added with {@code consentSource}); otherwise it creates one.
     */
    public List<RowResult> upsert(List<Row> rows, String consentSource, String by) {
        Instant now = Instant.now();
        List<RowResult> results = new ArrayList<>(java.util.Collections.nCopies(rows.size(), null));
        // who each row is
        Map<Reach, List<Optional<String>>> found = new EnumMap<>(Reach.class);
        for (Reach r : IDENTIFYING) {
            List<String> addrs = rows.stream().map(x -> address(x.input(), r)).map(a -> a == null ? "" : a).toList();
            found.put(r, store.idsByAddress(r, addrs));
        }
        String[] matched = new String[rows.size()];
        List<String> existing = new ArrayList<>();
        int fresh = 0;
        for (int i = 0; i < rows.size(); i++) {
            String id = null;
            String idColumn = null;
            for (Reach r : IDENTIFYING) {
                if (address(rows.get(i).input(), r) == null) {
                    continue;
                }
                Optional<String> o = found.get(r).get(i);
                if (o.isPresent()) {
                    if (id != null && !id.equals(o.get())) {
                        results.set(i, refused(rows.get(i), column(r), column(r) + " belongs to subscriber " + o.get()
                                + " but " + idColumn + " to subscriber " + id + "; correct one of them"));
                        id = null;
                        break;
                    }
                    id = o.get();
                    idColumn = column(r);
                }
            }
            if (results.get(i) != null) {
                continue;
            }
            matched[i] = id;
            if (id != null) {
                existing.add(id);
            } else {
                fresh++;
            }
        }
        Map<String, Subscriber> before = new LinkedHashMap<>();
        for (Subscriber s : store.findAll(existing)) {
            before.put(s.id(), s);
        }
        List<String> newIds = store.newIds(fresh);
        int nextNew = 0;
        List<Integer> index = new ArrayList<>();
        List<SubscriberStore.Write> writes = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (results.get(i) != null) {
                continue;
            }
            String id = matched[i] != null ? matched[i] : newIds.get(nextNew++);
            Subscriber prev = before.get(id);
            index.add(i);
            writes.add(new SubscriberStore.Write(merge(id, prev, rows.get(i).input(), consentSource, now), prev));
        }
        Map<Integer, String> clashes = claimAll(writes);
        if (!clashes.isEmpty()) {
            List<Integer> keptIndex = new ArrayList<>();
            List<SubscriberStore.Write> kept = new ArrayList<>();
            for (int j = 0; j < writes.size(); j++) {
                String clash = clashes.get(j);
                if (clash == null) {
                    keptIndex.add(index.get(j));
                    kept.add(writes.get(j));
                } else {
                    int bar = clash.indexOf('|');
                    results.set(index.get(j), refused(rows.get(index.get(j)), clash.substring(0, bar), clash.substring(bar + 1)));
                }
            }
            index = keptIndex;
            writes = kept;
        }
        List<Boolean> ok = store.put(writes);
        for (int j = 0; j < writes.size(); j++) {
            int i = index.get(j);
            SubscriberStore.Write w = writes.get(j);
            if (!ok.get(j)) {
                results.set(i, refused(rows.get(i), "name", "subscriber " + w.next().id() + " was changed by someone else meanwhile; write it again"));
                continue;
            }
            release(w.previous(), w.next());
            results.set(i, new RowResult(rows.get(i).row(), w.previous() == null ? Written.CREATED : Written.UPDATED, w.next().id(), null, null));
        }
        return results;
    }

    /** {@code POST /api/subscribers}: a new person; refused when one of their addresses belongs to someone already. */
    public Subscriber create(SubscriberInput in, String by) {
        for (Reach r : IDENTIFYING) {
            String a = address(in, r);
            if (a != null) {
                Optional<String> there = store.idsByAddress(r, List.of(a)).get(0);
                if (there.isPresent() && store.find(there.get()).isPresent()) {
                    throw HubException.conflict(column(r) + " " + Masking.address(a) + " already belongs to subscriber " + there.get(),
                            Map.of("field", column(r), "subscriber", there.get()));
                }
            }
        }
        RowResult r = upsert(List.of(new Row(0, in)), "api:" + by, by).get(0);
        if (r.written() == Written.REFUSED) {
            throw HubException.conflict(r.problem(), Map.of("field", r.column()));
        }
        LOG.info("Subscriber {} created by {}", r.id(), by);
        return get(r.id());
    }

    /** {@code PUT /api/subscribers/{id}}: replaces what the person's record says; consents not listed are withdrawn. */
    public Subscriber replace(String id, SubscriberInput in, String by) {
        Instant now = Instant.now();
        for (int attempt = 0; attempt < 3; attempt++) {
            Subscriber prev = store.find(id).orElseThrow(() -> HubException.notFound("subscriber " + id));
            Map<Reach, Consent> consent = new EnumMap<>(Reach.class);
            consent.putAll(prev.consent());
            for (Reach r : Reach.values()) {
                boolean wanted = in.consent().contains(r);
                Consent c = prev.consent().get(r);
                if (wanted && (c == null || !c.given())) {
                    consent.put(r, new Consent(true, now, "api:" + by));
                } else if (!wanted && c != null && c.given()) {
                    consent.put(r, new Consent(false, now, "api:" + by));
                }
            }
            Subscriber next = new Subscriber(id, in.name(), in.mobile(), in.wechatOpenId(), in.email(), in.qqNumber(), in.tags(),
                    in.preferredChannels(), consent, Map.of(), prev.createdAt(), now);
            Optional<String> clash = claim(next, prev);
            if (clash.isPresent()) {
                int bar = clash.get().indexOf('|');
                throw HubException.conflict(clash.get().substring(bar + 1), Map.of("field", clash.get().substring(0, bar)));
            }
            if (store.put(List.of(new SubscriberStore.Write(next, prev))).get(0)) {
                release(prev, next);
                LOG.info("Subscriber {} replaced by {}", id, by);
                return get(id);
            }
        }
        throw HubException.conflict("subscriber " + id + " was changed by someone else meanwhile; reload it and edit again");
    }

    /** With their opt-outs (read from every source's records). */
    public Subscriber get(String id) {
        Subscriber s = store.find(id).orElseThrow(() -> HubException.notFound("subscriber " + id));
        return withOptOuts(List.of(s)).get(0);
    }

    public SubscriberStore.Page list(String tag, String cursor, int limit) {
        SubscriberStore.Page p = store.page(tag, cursor, limit);
        return new SubscriberStore.Page(withOptOuts(p.items()), p.nextCursor());
    }

    public long count() {
        return store.count();
    }

    /**
     * The tags found on the first {@code scan} subscribers (in the store's order), grouped by dimension and sorted: what
     * the console's segment builder offers to tick. Tags are not indexed on their own, so this reads records; a tag only
     * further on can still be typed in.
     */
    public java.util.SortedMap<String, java.util.SortedSet<String>> tagsInUse(int scan) {
        java.util.SortedMap<String, java.util.SortedSet<String>> out = new java.util.TreeMap<>();
        String cursor = null;
        int read = 0;
        do {
            SubscriberStore.Page p = store.page(null, cursor, Math.min(500, scan - read));
            for (Subscriber s : p.items()) {
                for (String t : s.tags()) {
                    int colon = t.indexOf(':');
                    if (colon > 0) {
                        out.computeIfAbsent(t.substring(0, colon), k -> new java.util.TreeSet<>()).add(t);
                    }
                }
            }
            read += p.items().size();
            cursor = p.nextCursor();
        } while (cursor != null && read < scan);
        return out;
    }

    /** Records that the person wants nothing more on {@code channel}; later sends there skip them. */
    public Subscriber optOut(String id, Reach channel, String by) {
        Subscriber s = store.find(id).orElseThrow(() -> HubException.notFound("subscriber " + id));
        String address = s.address(channel);
        if (address == null) {
            throw HubException.invalid("channel", "subscriber " + id + " has no " + channel.wire() + " address to opt out");
        }
        optOuts.optOut(channel.channel(), address, "api:" + by, Instant.now());
        return get(id);
    }

    /**
     * Erases the person: the record and its index entries go; opt-outs stay honoured but keep only a one-way digest
     * of the address; anonymous counts (one erasure, per tag) are kept.
     */
    public void erase(String id, String by) {
        Subscriber s = store.find(id).orElseThrow(() -> HubException.notFound("subscriber " + id));
        for (Reach r : Reach.values()) {
            String a = s.address(r);
            if (a != null) {
                optOuts.forget(r.channel(), a);
            }
        }
        if (!store.delete(s)) {
            throw HubException.conflict("subscriber " + id + " was changed by someone else meanwhile; try again");
        }
        for (Reach r : IDENTIFYING) {
            String a = s.address(r);
            if (a != null) {
                store.releaseAddresses(r, List.of(Map.entry(a, id)));
            }
        }
        // the notices' delivery records keep the person's id but lose their address
        List<String> ids = new ArrayList<>();
        for (String pub : notices.publications()) {
            int colon = pub.lastIndexOf(':');
            String itemId = pub.substring(0, colon);
            int version = Integer.parseInt(pub.substring(colon + 1));
            for (Reach r : Reach.values()) {
                for (cn.gongkai.hub.item.Action a : cn.gongkai.hub.item.Action.values()) {
                    ids.add(cn.gongkai.hub.delivery.DeliveryStore.deliveryId(r.channel(), itemId, version, a.wire(), id));
                }
            }
        }
        int redacted = ids.isEmpty() ? 0 : deliveries.redactTargets(ids);
        Map<String, Long> facts = new LinkedHashMap<>();
        facts.put("erased", 1L);
        s.tags().forEach(t -> facts.put("tag:" + t, 1L));
        store.countErasure(facts);
        LOG.info("Subscriber {} erased by {} ({} notice deliveries kept without the address)", id, by, redacted);
    }

    private List<Subscriber> withOptOuts(List<Subscriber> people) {
        if (people.isEmpty()) {
            return people;
        }
        Map<Reach, Map<String, Instant>> out = new EnumMap<>(Reach.class);
        for (Reach r : Reach.values()) {
            List<String> addrs = people.stream().map(s -> s.address(r)).filter(a -> a != null).toList();
            out.put(r, optOuts.optedOutAt(r.channel(), addrs));
        }
        List<Subscriber> res = new ArrayList<>(people.size());
        for (Subscriber s : people) {
            Map<Reach, Instant> o = new EnumMap<>(Reach.class);
            for (Reach r : Reach.values()) {
                String a = s.address(r);
                if (a != null && out.get(r).containsKey(a)) {
                    o.put(r, out.get(r).get(a));
                }
            }
            res.add(new Subscriber(s.id(), s.name(), s.mobile(), s.wechatOpenId(), s.email(), s.qqNumber(), s.tags(),
                    s.preferredChannels(), s.consent(), o, s.createdAt(), s.updatedAt()));
        }
        return res;
    }

    private static Subscriber merge(String id, Subscriber prev, SubscriberInput in, String source, Instant now) {
        Map<Reach, Consent> consent = new EnumMap<>(Reach.class);
        if (prev != null) {
            consent.putAll(prev.consent());
        }
        for (Reach r : in.consent()) {
            Consent c = consent.get(r);
            if (c == null || !c.given()) {
                consent.put(r, new Consent(true, now, source));
            }
        }
        if (prev == null) {
            return new Subscriber(id, in.name(), in.mobile(), in.wechatOpenId(), in.email(), in.qqNumber(), in.tags(),
                    in.preferredChannels(), consent, Map.of(), now, now);
        }
        Subscriber next = new Subscriber(id, in.name() != null ? in.name() : prev.name(),
                in.mobile() != null ? in.mobile() : prev.mobile(),
                in.wechatOpenId() != null ? in.wechatOpenId() : prev.wechatOpenId(),
                in.email() != null ? in.email() : prev.email(),
                in.qqNumber() != null ? in.qqNumber() : prev.qqNumber(),
                in.tags().isEmpty() ? prev.tags() : in.tags(),
                in.preferredChannels().isEmpty() ? prev.preferredChannels() : in.preferredChannels(),
                consent, Map.of(), prev.createdAt(), prev.updatedAt());
        // an unchanged row leaves the record as it was (re-importing a file changes nothing)
        return sameContent(next, prev) ? prev : new Subscriber(next.id(), next.name(), next.mobile(), next.wechatOpenId(), next.email(),
                next.qqNumber(), next.tags(), next.preferredChannels(), next.consent(), Map.of(), next.createdAt(), now);
    }

    private static boolean sameContent(Subscriber a, Subscriber b) {
        return java.util.Objects.equals(a.name(), b.name()) && java.util.Objects.equals(a.mobile(), b.mobile())
                && java.util.Objects.equals(a.wechatOpenId(), b.wechatOpenId()) && java.util.Objects.equals(a.email(), b.email())
                && java.util.Objects.equals(a.qqNumber(), b.qqNumber()) && a.tags().equals(b.tags())
                && a.preferredChannels().equals(b.preferredChannels()) && a.consent().equals(b.consent());
    }

    /** Claims the new addresses of {@code next}; {@code column|problem} when one belongs to someone else. */
    private Optional<String> claim(Subscriber next, Subscriber prev) {
        return Optional.ofNullable(claimAll(List.of(new SubscriberStore.Write(next, prev))).get(0));
    }

    /**
     * Claims the new addresses of each write, one pipelined batch per address kind. Returns, by write index,
     * {@code column|problem} for the writes one of whose addresses belongs to another subscriber (their claims are
     * given back). An address pointing at a record that no longer exists (a write that stopped half-way) is taken over.
     */
    private Map<Integer, String> claimAll(List<SubscriberStore.Write> writes) {
        Map<Integer, String> clashes = new java.util.HashMap<>();
        Map<Integer, List<Map.Entry<Reach, String>>> claimedBy = new java.util.HashMap<>();
        for (Reach r : IDENTIFYING) {
            List<Integer> who = new ArrayList<>();
            List<Map.Entry<String, String>> want = new ArrayList<>();
            for (int j = 0; j < writes.size(); j++) {
                Subscriber next = writes.get(j).next();
                Subscriber prev = writes.get(j).previous();
                String a = next.address(r);
                if (a == null || (prev != null && a.equals(prev.address(r))) || clashes.containsKey(j)) {
                    continue;
                }
                who.add(j);
                want.add(Map.entry(a, next.id()));
            }
            if (want.isEmpty()) {
                continue;
            }
            List<String> owners = store.claimAddresses(r, want);
            List<String> others = new ArrayList<>();
            for (int k = 0; k < owners.size(); k++) {
                if (!owners.get(k).equals(want.get(k).getValue())) {
                    others.add(owners.get(k));
                }
            }
            java.util.Set<String> live = new java.util.HashSet<>();
            store.findAll(others).forEach(s -> live.add(s.id()));
            for (int k = 0; k < owners.size(); k++) {
                int j = who.get(k);
                String owner = owners.get(k);
                String a = want.get(k).getKey();
                String id = want.get(k).getValue();
                if (owner.equals(id)) {
                    claimedBy.computeIfAbsent(j, x -> new ArrayList<>()).add(Map.entry(r, a));
                } else if (live.contains(owner)) {
                    clashes.put(j, column(r) + "|" + column(r) + " " + Masking.address(a) + " already belongs to subscriber " + owner);
                } else {
                    store.releaseAddresses(r, List.of(Map.entry(a, owner)));
                    store.claimAddresses(r, List.of(Map.entry(a, id)));
                    claimedBy.computeIfAbsent(j, x -> new ArrayList<>()).add(Map.entry(r, a));
                }
            }
        }
        for (Integer j : clashes.keySet()) {
            for (Map.Entry<Reach, String> c : claimedBy.getOrDefault(j, List.of())) {
                store.releaseAddresses(c.getKey(), List.of(Map.entry(c.getValue(), writes.get(j).next().id())));
            }
        }
        return clashes;
    }

    /** After a write: the addresses the person no longer has stop pointing at them. */
    private void release(Subscriber prev, Subscriber next) {
        if (prev == null) {
            return;
        }
        for (Reach r : IDENTIFYING) {
            String old = prev.address(r);
            if (old != null && !old.equals(next.address(r))) {
                store.releaseAddresses(r, List.of(Map.entry(old, prev.id())));
            }
        }
    }

    private static RowResult refused(Row row, String column, String problem) {
        return new RowResult(row.row(), Written.REFUSED, null, column, problem);
    }

    static String address(SubscriberInput in, Reach r) {
        return switch (r) {
            case SMS -> in.mobile();
            case WECHAT -> in.wechatOpenId();
            case EMAIL -> in.email();
            case QQ -> in.qqNumber();
        };
    }

    static String column(Reach r) {
        return switch (r) {
            case SMS -> "mobile";
            case WECHAT -> "wechatOpenId";
            case EMAIL -> "email";
            case QQ -> "qqNumber";
        };
    }
}

package cn.gongkai.hub.review;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.Role;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.ScanInput;
import cn.gongkai.hub.review.scan.ScanPolicy;
import cn.gongkai.hub.review.scan.Scanner;
import cn.gongkai.hub.review.scan.Severity;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 保密审查: submission with the automatic scan, first review (初审, REVIEWER) and final approval (终审, APPROVER),
 * each bound to the exact content hash the reviewer saw. 一事一审: reviews belong to one version; any edit makes a
 * new version that starts from DRAFT. 谁公开谁审查谁负责: every step is recorded with who, when and why, append-only.
 * The decisions are {@link ReviewRules}; each is written by {@link ReviewStore} in one atomic step. The APPROVER's
 * decisions (final approval, rejection at the final stage) also go to the {@link AuditLog} once written.
 */
@Singleton
public class ReviewService {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewService.class);

    private final ReviewStore store;
    private final ItemStore items;
    private final AttachmentStore attachments;
    private final ReviewRegisters registers;
    private final ReviewConfig config;
    private final ReviewGate gate;
    private final AuditLog audit;
    private final Scanner scanner = new Scanner();
    private final List<ChannelWarnings> channelWarnings;

    public ReviewService(ReviewStore store, ItemStore items, AttachmentStore attachments, ReviewRegisters registers,
                         ReviewConfig config, ReviewGate gate, AuditLog audit, List<ChannelWarnings> channelWarnings) {
        this.audit = audit;
        this.channelWarnings = List.copyOf(channelWarnings);
        this.store = store;
        this.items = items;
        this.attachments = attachments;
        this.registers = registers;
        this.config = config;
        this.gate = gate;
    }

    public record SubmitResult(Item item, List<Finding> findings, boolean blocked) {
    }

    /** Runs the scan on the current version; moves the item to IN_REVIEW unless a blocking finding stands. */
    public SubmitResult submit(String itemId, User editor) {
        Item item = item(itemId);
        if (item.state() != ItemState.DRAFT) {
            throw HubException.conflict("only a DRAFT can be submitted; item " + itemId + " is " + item.state());
        }
        List<Finding> findings = scan(item.id(), item.version());
        boolean blocked = findings.stream().anyMatch(f -> f.severity() == Severity.BLOCK);
        ReviewEvent event = event("submit", item, editor, "EDITOR", null, blocked ? "blocked" : "submitted", null, findings, List.of());
        try {
            store.submit(itemId, item.version(), findings, event, blocked);
        } catch (ReviewStore.StaleException e) {
            throw HubException.conflict("item " + itemId + " changed while it was being submitted (it is now " + e.state
                    + " at version " + e.currentVersion + "); reload it and submit again");
        }
        if (blocked) {
            LOG.info("Item {} v{} submitted by {} is blocked by {} finding(s)", itemId, item.version(), editor.username(),
                    findings.stream().filter(f -> f.severity() == Severity.BLOCK).count());
            return new SubmitResult(item, findings, true);
        }
        LOG.info("Item {} v{} submitted for review by {} ({} warning(s))", itemId, item.version(), editor.username(), findings.size());
        return new SubmitResult(item(itemId), findings, false);
    }

    /** Scans one stored version with the current registers and configuration, then adds the warnings of the channels it names. */
    public List<Finding> scan(String itemId, int version) {
        ItemVersion v = items.version(itemId, version).orElseThrow(() -> HubException.notFound("version " + version + " of item " + itemId));
        ItemContent c = v.content();
        AttachmentText reader = new AttachmentText(config.maxScannedAttachmentBytes(), config.maxScannedAttachmentChars());
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, String> notScanned = new LinkedHashMap<>();
        for (Attachment a : c.attachments()) {
            AttachmentText.Result read = reader.read(a.name(), attachments.find(a.sha256()));
            if (read.text() != null) {
                texts.put(a.name(), read.text());
            }
            if (read.notScanned() != null) {
                notScanned.put(a.name(), read.notScanned());
            }
        }
        ScanInput in = new ScanInput(c.title(), c.summary(), c.body(), c.docNumber(), c.issuer(),
                c.attachments().stream().map(Attachment::name).toList(), texts, notScanned);
        List<Finding> findings = scanner.scan(in, new ScanPolicy(config.severities(), registers.restrictedDocuments(), registers.sensitiveWords()));
        List<Finding> warned = new ArrayList<>(findings);
        for (ChannelWarnings w : channelWarnings) {
            if (c.channels().contains(w.channel())) {
                warned.addAll(w.warnings(c));
            }
        }
        return warned.size() == findings.size() ? findings : List.copyOf(warned);
    }

    /** A first review or final approval (or a rejection at either stage). */
    public Item review(String itemId, User reviewer, ReviewRequest req) {
        Item item = item(itemId);
        ReviewRules.Decision d = ReviewRules.decide(new ReviewRules.Context(item, authors(item), store.round(itemId, item.version())),
                reviewer, req, Instant.now());
        ReviewEvent ev = event("review", item, reviewer, d.role().name(), d.stage(), d.approve() ? "approve" : "reject", d.comment(),
                List.of(), d.newWaivers());
        try {
            store.review(itemId, item.version(), ev, d.roundWaivers(), item.contentHash(), d.blockedDraft());
        } catch (ReviewStore.ReviewConflict c) {
            throw switch (c.kind) {
                case SAME_PERSON -> ReviewRules.sameperson(reviewer.username());
                case FIRST_TAKEN -> HubException.conflict("version " + item.version() + " already has its first review by " + c.detail);
                case NO_FIRST -> HubException.conflict("final approval needs a first review of version " + item.version() + " first");
                case STALE -> HubException.conflict("item " + itemId + " changed during the review (it is now " + c.detail.replace(":", " at version ")
                        + "); reload it and review what is there now");
            };
        }
        if (d.role() == Role.APPROVER) {
            audit.record(AuditEntry.now(Actor.of(reviewer.username(), d.role().name()), d.approve() ? AuditAction.FINAL_APPROVAL : AuditAction.REJECTION,
                    "item:" + itemId, "version " + item.version() + ", content hash " + item.contentHash()
                            + (d.comment() == null || d.comment().isEmpty() ? "" : ": " + d.comment())));
        }
        if (!d.approve()) {
            LOG.info("Item {} v{} rejected at {} review by {}: {}", itemId, item.version(), d.stage(), reviewer.username(), d.comment());
        } else if ("first".equals(d.stage())) {
            LOG.info("Item {} v{} passed first review by {}", itemId, item.version(), reviewer.username());
        } else {
            LOG.info("Item {} v{} approved for publication by {} (content {})", itemId, item.version(), reviewer.username(),
                    item.contentHash().substring(0, 12));
        }
        return item(itemId);
    }

    /** The record the law asks for, for the item's current version and its history. */
    public Map<String, Object> record(String itemId) {
        Item item = item(itemId);
        ReviewStore.Round round = store.round(itemId, item.version());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("itemId", item.id());
        r.put("title", item.content().title());
        r.put("version", item.version());
        r.put("contentHash", item.contentHash());
        r.put("docNumber", item.content().docNumber());
        r.put("indexNumber", item.indexNumber());
        r.put("state", item.state());
        r.put("proposedChannels", item.content().channels());
        r.put("proposedScope", item.content().disclosure() == null ? null : item.content().disclosure().label());
        r.put("findings", round.findings());
        r.put("waivers", round.waivers());
        r.put("approval", gate.approval(itemId, item.version()).orElse(null));
        r.put("events", store.events(itemId));
        r.put("refusals", gate.refusals(itemId));
        return r;
    }

    /**
     * An item waiting for a review: {@code stage} {@code first} (初审, a REVIEWER) or {@code final} (终审, an
     * APPROVER, who must not be {@code firstBy}); {@code since} is when the version was submitted.
     */
    public record Waiting(Item item, String stage, String firstBy, Instant since) {
    }

    /** Every item IN_REVIEW with the stage it waits for, oldest submission first. */
    public List<Waiting> queue() {
        List<Waiting> out = new ArrayList<>();
        final int chunk = 500;
        for (long offset = 0; ; offset += chunk) {
            List<String> ids = items.ids(offset, chunk);
            for (String id : ids) {
                items.find(id).filter(i -> i.state() == ItemState.IN_REVIEW).ifPresent(i -> {
                    ReviewStore.Round round = store.round(id, i.version());
                    Instant since = store.events(id).stream()
                            .filter(e -> "submit".equals(e.kind()) && e.version() == i.version())
                            .map(ReviewEvent::at).reduce((a, b) -> b).orElse(i.updatedAt());
                    out.add(new Waiting(i, round.firstBy() == null ? "first" : "final", round.firstBy(), since));
                });
            }
            if (ids.size() < chunk) {
                break;
            }
        }
        out.sort(java.util.Comparator.comparing(Waiting::since, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                .thenComparing(w -> w.item().id()));
        return List.copyOf(out);
    }

    /** The scan findings, the waivers and the first reviewer of the item's current version. */
    public ReviewStore.Round round(String itemId) {
        Item item = item(itemId);
        return store.round(itemId, item.version());
    }

    /** The newest version before {@code version} that has a final approval: what a reviewer compares with. */
    public java.util.Optional<ItemVersion> lastApprovedBefore(String itemId, int version) {
        for (int v = version - 1; v >= 1; v--) {
            if (store.approval(itemId, v).isPresent()) {
                return items.version(itemId, v);
            }
        }
        return java.util.Optional.empty();
    }

    public List<ReviewEvent> events(String itemId) {
        return store.events(itemId);
    }

    /** All review events in a time range (inclusive), oldest first, for audits. */
    public List<ReviewEvent> events(Instant from, Instant to) {
        return store.events(from, to);
    }

    private ReviewEvent event(String kind, Item item, User actor, String role, String stage, String decision, String comment,
                              List<Finding> findings, List<Waiver> waivers) {
        return new ReviewEvent(kind, item.id(), item.content().title(), item.version(), item.contentHash(), item.content().docNumber(),
                item.content().channels(), item.content().disclosure() == null ? null : item.content().disclosure().label(),
                actor.username(), actor.displayName(), role, stage, decision, comment, findings, waivers, Instant.now());
    }

    private Set<String> authors(Item item) {
        Set<String> out = new HashSet<>();
        out.add(item.createdBy());
        for (int v = 1; v <= item.version(); v++) {
            items.version(item.id(), v).ifPresent(iv -> out.add(iv.author()));
        }
        return out;
    }

    private Item item(String itemId) {
        return items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
    }
}

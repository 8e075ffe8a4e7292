package cn.gongkai.hub.review;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.account.Role;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.item.AttachmentStore;
import cn.gongkai.hub.item.Attachment;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.ScanInput;
import cn.gongkai.hub.review.scan.ScanPolicy;
import cn.gongkai.hub.review.scan.Scanner;
import cn.gongkai.hub.review.scan.Severity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 保密审查: submission with the automatic scan, first review (初审, REVIEWER) and final approval (终审, APPROVER),
 * each bound to the exact content hash the reviewer saw. 一事一审: reviews belong to one version; any edit makes a
 * new version that starts from DRAFT. 谁公开谁审查谁负责: every step is recorded with who, when and why, append-only.
 */
@Singleton
public class ReviewService {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewService.class);

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;
    private final ItemStore items;
    private final AttachmentStore attachments;
    private final ObjectMapper json;
    private final ReviewRegisters registers;
    private final ReviewConfig config;
    private final ReviewGate gate;
    private final Scanner scanner = new Scanner();

    public ReviewService(@Named("hub") StatefulRedisConnection<String, String> connection, RedisKeys keys, ItemStore items,
                         AttachmentStore attachments, ObjectMapper json, ReviewRegisters registers, ReviewConfig config, ReviewGate gate) {
        this.redis = connection.sync();
        this.keys = keys;
        this.items = items;
        this.attachments = attachments;
        this.json = json;
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
        redis.set(keys.scan(itemId, item.version()), write(findings));
        redis.del(keys.round(itemId, item.version()));
        boolean blocked = findings.stream().anyMatch(f -> f.severity() == Severity.BLOCK);
        append(event("submit", item, editor, "EDITOR", null, blocked ? "blocked" : "submitted", null, findings, List.of()));
        if (blocked) {
            LOG.info("Item {} v{} submitted by {} is blocked by {} finding(s)", itemId, item.version(), editor.username(),
                    findings.stream().filter(f -> f.severity() == Severity.BLOCK).count());
            return new SubmitResult(item, findings, true);
        }
        if (!items.transition(itemId, item.version(), Set.of(ItemState.DRAFT), ItemState.IN_REVIEW, null)) {
            throw HubException.conflict("item " + itemId + " changed while it was being submitted; submit again");
        }
        LOG.info("Item {} v{} submitted for review by {} ({} warning(s))", itemId, item.version(), editor.username(), findings.size());
        return new SubmitResult(item(itemId), findings, false);
    }

    /** Scans one stored version with the current registers and configuration. */
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
        return scanner.scan(in, new ScanPolicy(config.severities(), registers.restrictedDocuments(), registers.sensitiveWords()));
    }

    /** A first review or final approval (or a rejection at either stage). */
    public Item review(String itemId, User reviewer, ReviewRequest req) {
        List<FieldError> errors = new ArrayList<>();
        String stage = req.stage() == null ? null : req.stage().strip();
        String decision = req.decision() == null ? null : req.decision().strip();
        if (!"first".equals(stage) && !"final".equals(stage)) {
            errors.add(new FieldError("stage", "must be first or final"));
        }
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            errors.add(new FieldError("decision", "must be approve or reject"));
        }
        if (req.contentHash() == null || req.contentHash().isBlank()) {
            errors.add(new FieldError("contentHash", "is required: the content hash of the version you reviewed"));
        }
        if ("reject".equals(decision) && (req.comment() == null || req.comment().isBlank())) {
            errors.add(new FieldError("comment", "is required when rejecting: say what must change"));
        }
        if (req.comment() != null && req.comment().length() > 2000) {
            errors.add(new FieldError("comment", "is longer than 2000 characters"));
        }
        List<ReviewRequest.WaiverRequest> waiverReqs = req.waivers() == null ? List.of() : req.waivers();
        for (int i = 0; i < waiverReqs.size(); i++) {
            ReviewRequest.WaiverRequest w = waiverReqs.get(i);
            if (w == null || w.findingId() == null || w.findingId().isBlank()) {
                errors.add(new FieldError("waivers[" + i + "].findingId", "is required"));
            }
            if (w == null || w.reason() == null || w.reason().isBlank()) {
                errors.add(new FieldError("waivers[" + i + "].reason", "is required: say why this may be published (e.g. 公开的服务热线)"));
            }
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        Role needed = "first".equals(stage) ? Role.REVIEWER : Role.APPROVER;
        if (!reviewer.roles().contains(needed)) {
            throw HubException.forbidden("a " + stage + " review needs the " + needed + " role; " + reviewer.username() + " has " + reviewer.roles());
        }
        Item item = item(itemId);
        if (!item.contentHash().equals(req.contentHash().strip())) {
            throw HubException.conflict("contentHash does not match the current version " + item.version()
                    + " of item " + itemId + ": reload the item and review what is there now",
                    Map.of("currentVersion", item.version(), "currentContentHash", item.contentHash()));
        }
        if (authors(item).contains(reviewer.username())) {
            throw HubException.forbidden(reviewer.username() + " wrote this item and may not review it (谁公开谁审查: the review must be someone else's)");
        }
        Map<String, String> round = redis.hgetall(keys.round(itemId, item.version()));
        List<Finding> findings = readFindings(itemId, item.version());
        boolean submitted = redis.exists(keys.scan(itemId, item.version())) == 1;
        boolean blockedDraft = item.state() == ItemState.DRAFT && submitted && findings.stream().anyMatch(f -> f.severity() == Severity.BLOCK);
        if ("first".equals(stage)) {
            if (item.state() != ItemState.IN_REVIEW && !blockedDraft) {
                throw HubException.conflict("a first review needs the item submitted for review; it is " + item.state());
            }
            if (round.containsKey("first")) {
                throw HubException.conflict("version " + item.version() + " already has its first review by " + entry(round.get("first")).actor());
            }
        } else {
            if (item.state() != ItemState.IN_REVIEW || !round.containsKey("first")) {
                throw HubException.conflict("final approval needs a first review of version " + item.version() + " first");
            }
            String first = entry(round.get("first")).actor();
            if (first.equals(reviewer.username())) {
                throw HubException.forbidden(reviewer.username() + " did the first review of this version and may not also give the final approval");
            }
        }
        Map<String, Waiver> waivers = readWaivers(round);
        Set<String> known = new HashSet<>();
        findings.forEach(f -> known.add(f.id()));
        List<Waiver> newWaivers = new ArrayList<>();
        for (int i = 0; i < waiverReqs.size(); i++) {
            ReviewRequest.WaiverRequest w = waiverReqs.get(i);
            if (!known.contains(w.findingId())) {
                throw HubException.invalid("waivers[" + i + "].findingId", "no finding '" + w.findingId() + "' in the scan of version " + item.version());
            }
            Waiver waiver = new Waiver(w.findingId(), w.reason().strip(), reviewer.username(), Instant.now());
            waivers.put(w.findingId(), waiver);
            newWaivers.add(waiver);
        }
        String role = needed.name();
        String comment = req.comment() == null ? null : req.comment().strip();
        if ("reject".equals(decision)) {
            append(event("review", item, reviewer, role, stage, "reject", comment, List.of(), newWaivers));
            redis.del(keys.round(itemId, item.version()));
            items.transition(itemId, item.version(), EnumSet.of(ItemState.IN_REVIEW, ItemState.DRAFT), ItemState.DRAFT, comment);
            LOG.info("Item {} v{} rejected at {} review by {}: {}", itemId, item.version(), stage, reviewer.username(), comment);
            return item(itemId);
        }
        List<Finding> unwaived = findings.stream().filter(f -> f.mustBeWaived() && !waivers.containsKey(f.id())).toList();
        if (!unwaived.isEmpty()) {
            throw new HubException(422, unwaived.size() + " blocking or unscanned finding(s) are not waived; waive each with a reason or reject the item",
                    null, Map.of("findings", unwaived));
        }
        ReviewEvent ev = event("review", item, reviewer, role, stage, "approve", comment, List.of(), newWaivers);
        Map<String, String> update = new LinkedHashMap<>();
        update.put(stage, write(ev));
        update.put("waivers", write(new ArrayList<>(waivers.values())));
        redis.hset(keys.round(itemId, item.version()), update);
        append(ev);
        if ("first".equals(stage)) {
            if (blockedDraft) {
                items.transition(itemId, item.version(), Set.of(ItemState.DRAFT), ItemState.IN_REVIEW, null);
            }
            LOG.info("Item {} v{} passed first review by {}", itemId, item.version(), reviewer.username());
        } else {
            redis.hset(keys.approval(itemId, item.version()), Map.of("contentHash", item.contentHash(),
                    "approver", reviewer.username(), "at", ev.at().toString()));
            if (!items.transition(itemId, item.version(), Set.of(ItemState.IN_REVIEW), ItemState.APPROVED, null)) {
                redis.del(keys.approval(itemId, item.version()));
                throw HubException.conflict("item " + itemId + " changed during approval; review it again");
            }
            LOG.info("Item {} v{} approved for publication by {} (content {})", itemId, item.version(), reviewer.username(),
                    item.contentHash().substring(0, 12));
        }
        return item(itemId);
    }

    /** The record the law asks for, for the item's current version and its history. */
    public Map<String, Object> record(String itemId) {
        Item item = item(itemId);
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
        r.put("findings", readFindings(itemId, item.version()));
        r.put("waivers", readWaivers(redis.hgetall(keys.round(itemId, item.version()))).values());
        r.put("approval", gate.approval(itemId, item.version()).orElse(null));
        r.put("events", events(itemId));
        r.put("refusals", gate.refusals(itemId));
        return r;
    }

    public List<ReviewEvent> events(String itemId) {
        List<ReviewEvent> out = new ArrayList<>();
        for (String s : redis.lrange(keys.itemReviews(itemId), 0, -1)) {
            out.add(read(s, ReviewEvent.class));
        }
        return out;
    }

    /** All review events in a time range (inclusive), oldest first, for audits. */
    public List<ReviewEvent> events(Instant from, Instant to) {
        List<ReviewEvent> out = new ArrayList<>();
        String start = from == null ? "-" : Long.toString(from.toEpochMilli());
        String end = to == null ? "+" : Long.toString(to.toEpochMilli());
        String cursor = start;
        boolean exclusive = false;
        while (true) {
            Range<String> range = Range.create(exclusive ? "(" + cursor : cursor, end);
            List<StreamMessage<String, String>> page = redis.xrange(keys.reviewRecords(), range, io.lettuce.core.Limit.create(0, 500));
            for (StreamMessage<String, String> m : page) {
                out.add(read(m.getBody().get("event"), ReviewEvent.class));
            }
            if (page.size() < 500) {
                return out;
            }
            cursor = page.get(page.size() - 1).getId();
            exclusive = true;
        }
    }

    private void append(ReviewEvent e) {
        String s = write(e);
        redis.rpush(keys.itemReviews(e.itemId()), s);
        redis.xadd(keys.reviewRecords(), Map.of("itemId", e.itemId(), "event", s));
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

    private List<Finding> readFindings(String itemId, int version) {
        String s = redis.get(keys.scan(itemId, version));
        return s == null ? List.of() : read(s, new TypeReference<List<Finding>>() { });
    }

    private Map<String, Waiver> readWaivers(Map<String, String> round) {
        Map<String, Waiver> out = new LinkedHashMap<>();
        String s = round.get("waivers");
        if (s != null) {
            for (Waiver w : read(s, new TypeReference<List<Waiver>>() { })) {
                out.put(w.findingId(), w);
            }
        }
        return out;
    }

    private ReviewEvent entry(String s) {
        return read(s, ReviewEvent.class);
    }

    private Item item(String itemId) {
        return items.find(itemId).orElseThrow(() -> HubException.notFound("item " + itemId));
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable review data: " + e.getMessage(), e);
        }
    }

    private <T> T read(String s, TypeReference<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable review data: " + e.getMessage(), e);
        }
    }
}

package cn.gongkai.hub.review;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.account.Role;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions of 保密审查, without I/O: whether a request is well formed, whether this person may review this version
 * at this stage (the right role, not an author of the item: 谁公开谁审查; the final approver is not the first reviewer),
 * whether the hash is the one of the version under review, and whether every blocking or unscanned finding is waived
 * with a reason.
 * {@link ReviewStore#review} re-checks the parts another request could change meanwhile in the same step as it writes.
 */
public final class ReviewRules {
    static final int MAX_COMMENT = 2000;

    private ReviewRules() {
    }

    /** What the rules look at: the item as read, everyone who wrote any of its versions, and the version's round. */
    public record Context(Item item, Set<String> authors, ReviewStore.Round round) {
    }

    /**
     * A decision the store is asked to write.
     *
     * @param roundWaivers  every waiver of the round once this review counts
     * @param blockedDraft  the version is a DRAFT whose submission was blocked: its first review may waive the findings
     */
    public record Decision(String stage, boolean approve, Role role, String comment, List<Waiver> newWaivers,
                           List<Waiver> roundWaivers, boolean blockedDraft) {
    }

    public static Decision decide(Context ctx, User reviewer, ReviewRequest req, Instant now) {
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
        if (req.comment() != null && req.comment().length() > MAX_COMMENT) {
            errors.add(new FieldError("comment", "is longer than " + MAX_COMMENT + " characters"));
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
        Item item = ctx.item();
        if (!item.contentHash().equals(req.contentHash().strip())) {
            throw HubException.conflict("contentHash does not match the current version " + item.version()
                    + " of item " + item.id() + ": reload the item and review what is there now",
                    Map.of("currentVersion", item.version(), "currentContentHash", item.contentHash()));
        }
        if (ctx.authors().contains(reviewer.username())) {
            throw HubException.forbidden(reviewer.username() + " wrote this item and may not review it (谁公开谁审查: the review must be someone else's)");
        }
        ReviewStore.Round round = ctx.round();
        List<Finding> findings = round.findings();
        boolean blockedDraft = item.state() == ItemState.DRAFT && round.submitted()
                && findings.stream().anyMatch(f -> f.severity() == Severity.BLOCK);
        if ("first".equals(stage)) {
            if (item.state() != ItemState.IN_REVIEW && !blockedDraft) {
                throw HubException.conflict("a first review needs the item submitted for review; it is " + item.state());
            }
            if (round.firstBy() != null) {
                throw HubException.conflict("version " + item.version() + " already has its first review by " + round.firstBy());
            }
        } else {
            if (item.state() != ItemState.IN_REVIEW || round.firstBy() == null) {
                throw HubException.conflict("final approval needs a first review of version " + item.version() + " first");
            }
            if (round.firstBy().equals(reviewer.username())) {
                throw sameperson(reviewer.username());
            }
        }
        Map<String, Waiver> waivers = new LinkedHashMap<>();
        round.waivers().forEach(w -> waivers.put(w.findingId(), w));
        Set<String> known = new HashSet<>();
        findings.forEach(f -> known.add(f.id()));
        List<Waiver> newWaivers = new ArrayList<>();
        for (int i = 0; i < waiverReqs.size(); i++) {
            ReviewRequest.WaiverRequest w = waiverReqs.get(i);
            if (!known.contains(w.findingId())) {
                throw HubException.invalid("waivers[" + i + "].findingId", "no finding '" + w.findingId() + "' in the scan of version " + item.version());
            }
            Waiver waiver = new Waiver(w.findingId(), w.reason().strip(), reviewer.username(), now);
            waivers.put(w.findingId(), waiver);
            newWaivers.add(waiver);
        }
        String comment = req.comment() == null ? null : req.comment().strip();
        boolean approve = "approve".equals(decision);
        if (approve) {
            List<Finding> unwaived = findings.stream().filter(f -> f.mustBeWaived() && !waivers.containsKey(f.id())).toList();
            if (!unwaived.isEmpty()) {
                throw new HubException(422, unwaived.size() + " blocking or unscanned finding(s) are not waived; waive each with a reason or reject the item",
                        null, Map.of("findings", unwaived));
            }
        }
        return new Decision(stage, approve, needed, comment, newWaivers, List.copyOf(waivers.values()), blockedDraft);
    }

    static HubException sameperson(String username) {
        return HubException.forbidden(username + " did the first review of this version and may not also give the final approval");
    }
}

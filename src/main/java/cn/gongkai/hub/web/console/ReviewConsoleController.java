package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.account.UserService;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.review.ReviewRequest;
import cn.gongkai.hub.review.ReviewService;
import cn.gongkai.hub.review.ReviewStore;
import cn.gongkai.hub.review.scan.Finding;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.View;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 审查队列 and 审查页: the items waiting for 初审 (REVIEWER) and 终审 (APPROVER), and one item's review with its
 * content, scan findings, waivers, the content hash being approved and what changed since the version approved last.
 * The decision goes to {@link ReviewService#review} with the hash the page showed, as {@code POST /api/items/{id}/reviews}.
 */
@Controller(value = "/console/reviews", produces = MediaType.TEXT_HTML)
@Secured({"REVIEWER", "APPROVER"})
@ExecuteOn(TaskExecutors.BLOCKING)
class ReviewConsoleController {
    private final ConsolePages pages;
    private final ReviewService reviews;
    private final ItemService items;
    private final UserService users;
    private final PublishingLabels labels;

    ReviewConsoleController(ConsolePages pages, ReviewService reviews, ItemService items, UserService users, PublishingLabels labels) {
        this.pages = pages;
        this.reviews = reviews;
        this.items = items;
        this.users = users;
        this.labels = labels;
    }

    @Get
    @View("console/reviews/queue")
    Map<String, Object> queue(HttpRequest<?> request, @Nullable @io.micronaut.http.annotation.QueryValue String done) {
        Map<String, Object> m = pages.model(request);
        m.put("done", "first".equals(done) || "final".equals(done) || "rejected".equals(done) ? done : null);
        List<ReviewService.Waiting> all = reviews.queue();
        m.put("first", all.stream().filter(w -> "first".equals(w.stage())).toList());
        m.put("final", all.stream().filter(w -> "final".equals(w.stage())).toList());
        m.put("labels", labels);
        return m;
    }

    /** The form as posted; {@code waiverId} and {@code waiverReason} go in pairs, one pair per finding shown. */
    public record ReviewForm(@Nullable String _csrf, @Nullable String stage, @Nullable String decision, @Nullable String comment,
                             @Nullable String contentHash, @Nullable List<String> waiverId, @Nullable List<String> waiverReason) {
    }

    @Get("/{id}")
    HttpResponse<?> page(HttpRequest<?> request, String id) {
        Item item;
        try {
            item = items.get(id);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "找不到这条信息", "没有编号为 " + id + " 的信息。");
        }
        return render(request, HttpStatus.OK, item, null, null, Map.of());
    }

    @Post(value = "/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> decide(HttpRequest<?> request, String id, @Body ReviewForm form, Authentication auth) {
        Item item;
        try {
            item = items.get(id);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "找不到这条信息", "没有编号为 " + id + " 的信息。");
        }
        User me = users.find(auth.getName()).orElse(null);
        if (me == null) {
            return pages.problem(request, HttpStatus.FORBIDDEN, "无权访问", "您的账号已不存在。");
        }
        List<ReviewRequest.WaiverRequest> waivers = new ArrayList<>();
        Map<String, String> typed = new LinkedHashMap<>();
        List<String> ids = form.waiverId() == null ? List.of() : form.waiverId();
        List<String> reasons = form.waiverReason() == null ? List.of() : form.waiverReason();
        for (int i = 0; i < ids.size(); i++) {
            String reason = i < reasons.size() ? reasons.get(i) : null;
            typed.put(ids.get(i), reason == null ? "" : reason);
            // a finding left without a reason is not waived; the service says so if approval needs it
            if (reason != null && !reason.isBlank()) {
                waivers.add(new ReviewRequest.WaiverRequest(ids.get(i), reason));
            }
        }
        try {
            Item after = reviews.review(id, me, new ReviewRequest(form.stage(), form.decision(), form.contentHash(), form.comment(), waivers));
            String done = "approve".equals(form.decision()) ? ("first".equals(form.stage()) ? "first" : "final") : "rejected";
            return HttpResponse.seeOther(URI.create("/console/reviews?done=" + done + "&item=" + after.id()));
        } catch (HubException e) {
            return render(request, HttpStatus.valueOf(e.status()), item, form, refusal(e), typed);
        }
    }

    /** A refusal of the service in words for the person who reviews, with the service's own words as detail. */
    record Refusal(String message, String detail, Map<String, String> fields) {
    }

    static Refusal refusal(HubException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        Map<String, String> fields = new LinkedHashMap<>();
        if (e.errors() != null) {
            for (HubException.FieldError f : e.errors()) {
                String word = switch (f.field()) {
                    case "comment" -> f.problem().startsWith("is required") ? "退回时必须填写审查意见，说明需要修改什么。" : "审查意见太长（最多 2000 字）。";
                    case "decision" -> "请选择“同意公开”或“退回修改”。";
                    case "contentHash" -> "页面缺少内容校验值，请重新打开审查页。";
                    default -> f.field().startsWith("waivers") ? "豁免理由填写有误：" + f.problem() : f.problem();
                };
                fields.put(f.field().startsWith("waivers") ? "waivers" : f.field(), word);
            }
        }
        String message = switch (e.status()) {
            case 400 -> "请检查下面标出的内容。";
            case 403 -> m.contains("may not also give the final approval")
                    ? "您已做过这一版本的初审。按照审查分离的要求，终审必须由另一位审批人完成，系统没有记录您的终审。"
                    : m.contains("wrote this item")
                    ? "您参与撰写了这条信息，不能审查它（谁公开谁审查：审查必须由撰写人以外的人进行）。"
                    : "您的角色不能进行这一阶段的审查。";
            case 409 -> m.contains("contentHash does not match") || m.contains("changed during the review")
                    ? "这条信息在您审查期间已被修改，您看到的不是现在的内容，系统没有记录您的决定。请重新打开审查页，审查现在的版本。"
                    : m.contains("already has its first review")
                    ? "这一版本已经有人做过初审了。"
                    : m.contains("needs a first review")
                    ? "这一版本还没有通过初审，不能终审。"
                    : "这条信息现在不在等待审查的状态，系统没有记录您的决定。";
            case 422 -> "还有阻断或未扫描的问题没有豁免：请为每一项填写豁免理由，或选择“退回修改”。";
            default -> "系统没有记录您的决定。";
        };
        return new Refusal(message, m, fields);
    }

    private HttpResponse<?> render(HttpRequest<?> request, HttpStatus status, Item item, @Nullable ReviewForm form,
                                   @Nullable Refusal refusal, Map<String, String> typedWaivers) {
        Map<String, Object> m = pages.model(request);
        ReviewStore.Round round = reviews.round(item.id());
        Optional<ItemVersion> approved = reviews.lastApprovedBefore(item.id(), item.version());
        List<Finding> findings = round.findings();
        Map<String, cn.gongkai.hub.review.Waiver> waived = new LinkedHashMap<>();
        round.waivers().forEach(w -> waived.put(w.findingId(), w));
        m.put("item", item);
        m.put("labels", labels);
        m.put("stage", round.firstBy() == null ? "first" : "final");
        m.put("firstBy", round.firstBy());
        m.put("findings", findings);
        m.put("waived", waived);
        m.put("toWaive", findings.stream().filter(f -> f.mustBeWaived() && !waived.containsKey(f.id())).toList());
        // never approved before: what changed since the version before this one (for a draft the scan stopped, the fix)
        Optional<ItemVersion> previous = approved.isPresent() || item.version() < 2 ? Optional.empty()
                : Optional.of(items.version(item.id(), item.version() - 1));
        m.put("approvedVersion", approved.map(ItemVersion::version).orElse(null));
        m.put("previousVersion", previous.map(ItemVersion::version).orElse(null));
        m.put("diff", approved.or(() -> previous).map(v -> ReviewDiff.between(v.content(), item.content())).orElse(List.of()));
        m.put("form", form);
        m.put("refusal", refusal);
        m.put("typedWaivers", typedWaivers);
        boolean blockedDraft = item.state() == cn.gongkai.hub.item.ItemState.DRAFT && round.submitted()
                && findings.stream().anyMatch(f -> f.severity() == cn.gongkai.hub.review.scan.Severity.BLOCK);
        m.put("reviewable", item.state() == cn.gongkai.hub.item.ItemState.IN_REVIEW || blockedDraft);
        return pages.render(request, status, "console/reviews/review", m);
    }
}

package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.account.UserService;
import cn.gongkai.hub.review.ReviewEvent;
import cn.gongkai.hub.review.ReviewRegisters;
import cn.gongkai.hub.review.ReviewService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Confidentiality review: submission, reviews, the review record and its CSV, and the registers. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class ReviewController {
    private final ReviewService reviews;
    private final ReviewRegisters registers;
    private final UserService users;
    private final ZoneId zone;

    ReviewController(ReviewService reviews, ReviewRegisters registers, UserService users, cn.gongkai.hub.HubConfig hub) {
        this.reviews = reviews;
        this.registers = registers;
        this.users = users;
        this.zone = hub.zoneId();
    }

    @Post("/items/{id}/submit")
    @Secured("EDITOR")
    HttpResponse<Map<String, Object>> submit(String id, Authentication auth) {
        ReviewService.SubmitResult r = reviews.submit(id, user(auth));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item", r.item());
        body.put("findings", r.findings());
        if (r.blocked()) {
            body.put("status", 422);
            body.put("message", "blocking findings keep the item in DRAFT: fix the content, or a reviewer waives each one with a reason");
            return HttpResponse.unprocessableEntity().body(body);
        }
        return HttpResponse.ok(body);
    }

    @Post("/items/{id}/reviews")
    @Secured({"REVIEWER", "APPROVER"})
    Object review(String id, @Nullable @Body byte[] body, Authentication auth) {
        return reviews.review(id, user(auth), Requests.review(JsonBody.parse(body)));
    }

    @Get("/items/{id}/review-record")
    Map<String, Object> record(String id) {
        return reviews.record(id);
    }

    @Get("/review-records")
    @Secured({"REVIEWER", "APPROVER", "ADMIN"})
    List<ReviewEvent> records(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        return reviews.events(parse(from, "from", false), parse(to, "to", true));
    }

    @Get(value = "/review-records.csv", produces = "text/csv;charset=UTF-8")
    @Secured({"REVIEWER", "APPROVER", "ADMIN"})
    HttpResponse<byte[]> csv(@Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        List<List<String>> rows = new ArrayList<>();
        for (ReviewEvent e : reviews.events(parse(from, "from", false), parse(to, "to", true))) {
            long block = e.findings() == null ? 0 : e.findings().stream().filter(f -> f.severity() == cn.gongkai.hub.review.scan.Severity.BLOCK).count();
            long warn = e.findings() == null ? 0 : e.findings().size() - block;
            String waivers = e.waivers() == null ? "" : e.waivers().stream().map(x -> x.findingId() + ":" + x.reason()).collect(Collectors.joining("; "));
            rows.add(Arrays.asList(
                    e.at().atZone(zone).toLocalDateTime().toString(), e.itemId(), e.title(), String.valueOf(e.version()),
                    e.contentHash(), e.docNumber(), String.join("、", e.channels() == null ? List.of() : e.channels()),
                    e.scope(), "submit".equals(e.kind()) ? "提交审查" : "审查", e.actor(), e.actorName(), e.role(),
                    "first".equals(e.stage()) ? "初审" : "final".equals(e.stage()) ? "终审" : "",
                    decision(e.decision()), e.comment(), block + "/" + warn, waivers));
        }
        return Csv.download("review-records.csv", CSV_HEADER, rows);
    }

    private static final List<String> CSV_HEADER = List.of("时间", "信息ID", "标题", "版本", "内容哈希", "文号", "拟公开方式", "拟公开范围",
            "环节", "审查人", "姓名", "角色", "阶段", "结论", "意见", "发现问题(阻断/提示)", "豁免");

    private static String decision(String d) {
        if (d == null) {
            return "";
        }
        return switch (d) {
            case "approve" -> "同意公开";
            case "reject" -> "退回修改";
            case "blocked" -> "扫描阻断";
            case "submitted" -> "已提交";
            default -> d;
        };
    }

    @Post("/review/restricted-documents")
    @Secured("ADMIN")
    HttpResponse<ReviewRegisters.Entry> addRestricted(@Nullable @Body byte[] body, Authentication auth) {
        Requests.NewRestrictedDocument req = Requests.NewRestrictedDocument.from(JsonBody.parse(body));
        return HttpResponse.created(registers.addRestricted(req.docNumber(), req.title(), req.reason(), Actors.of(auth, "ADMIN")));
    }

    @Get("/review/restricted-documents")
    @Secured({"ADMIN", "REVIEWER", "APPROVER"})
    List<ReviewRegisters.Entry> restricted() {
        return registers.restricted();
    }

    @Delete("/review/restricted-documents/{id}")
    @Secured("ADMIN")
    HttpResponse<Void> removeRestricted(String id, Authentication auth) {
        registers.removeRestricted(id, Actors.of(auth, "ADMIN"));
        return HttpResponse.noContent();
    }

    @Post("/review/sensitive-words")
    @Secured("ADMIN")
    HttpResponse<ReviewRegisters.Word> addWord(@Nullable @Body byte[] body, Authentication auth) {
        Requests.NewSensitiveWord req = Requests.NewSensitiveWord.from(JsonBody.parse(body));
        return HttpResponse.created(registers.addWord(req.word(), req.severity(), Actors.of(auth, "ADMIN")));
    }

    @Get("/review/sensitive-words")
    @Secured({"ADMIN", "REVIEWER", "APPROVER"})
    List<ReviewRegisters.Word> words() {
        return registers.words();
    }

    @Delete("/review/sensitive-words/{word}")
    @Secured("ADMIN")
    HttpResponse<Void> removeWord(String word, Authentication auth) {
        registers.removeWord(word, Actors.of(auth, "ADMIN"));
        return HttpResponse.noContent();
    }

    private User user(Authentication auth) {
        return users.find(auth.getName()).orElseThrow(() -> HubException.forbidden("user " + auth.getName() + " no longer exists"));
    }

    private Instant parse(String s, String field, boolean endOfDay) {
        return Dates.parse(s, field, endOfDay, zone);
    }
}

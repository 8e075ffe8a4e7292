package cn.gongkai.hub.review;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.Role;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.Urgency;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The review decisions without Redis. */
class ReviewRulesTest {
    static final String HASH = "a".repeat(64);
    static final Finding ID_CARD = new Finding("personal-info:body:3", "personal-info", Severity.BLOCK, "body", "x", 3, "身份证号", false);

    static Item item(ItemState state) {
        ItemContent c = new ItemContent("标题", "正文", null, "ywgz", Disclosure.ACTIVE, null, null, List.of("website"), Urgency.NORMAL, List.of());
        return new Item("7", 2, state, HASH, "GK-2026-000007", c, "业务工作", "editor", Instant.EPOCH, "editor", Instant.EPOCH, 0, null, null, null);
    }

    static User user(String name, Role... roles) {
        return new User(name, name, roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(List.of(roles)), Instant.EPOCH);
    }

    static ReviewRules.Context ctx(ItemState state, String firstBy, List<Finding> findings) {
        return new ReviewRules.Context(item(state), Set.of("editor"), new ReviewStore.Round(findings, true, firstBy, List.of()));
    }

    static ReviewRequest req(String stage, String decision, List<ReviewRequest.WaiverRequest> waivers) {
        return new ReviewRequest(stage, decision, HASH, "意见", waivers);
    }

    static int status(Runnable r) {
        try {
            r.run();
            return 200;
        } catch (HubException e) {
            return e.status();
        }
    }

    @Test
    void should_keep_the_two_stages_with_two_different_people_who_did_not_write_the_item() {
        User both = user("both", Role.REVIEWER, Role.APPROVER);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, null, List.of()), both, req("first", "approve", null), Instant.now()))).isEqualTo(200);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, "both", List.of()), both, req("final", "approve", null), Instant.now()))).isEqualTo(403);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, "r1", List.of()), both, req("final", "approve", null), Instant.now()))).isEqualTo(200);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, null, List.of()), user("editor", Role.REVIEWER), req("first", "approve", null), Instant.now())))
                .as("谁公开谁审查: an author may not review").isEqualTo(403);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, null, List.of()), user("a", Role.APPROVER), req("first", "approve", null), Instant.now())))
                .as("first review needs REVIEWER").isEqualTo(403);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, "r1", List.of()), user("r2", Role.REVIEWER), req("first", "approve", null), Instant.now())))
                .as("first stage taken").isEqualTo(409);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, null, List.of()), user("a", Role.APPROVER), req("final", "approve", null), Instant.now())))
                .as("final before first").isEqualTo(409);
    }

    @Test
    void should_refuse_a_stale_hash_and_an_unwaived_blocking_finding_and_accept_a_waiver_with_a_reason() {
        User r = user("r1", Role.REVIEWER);
        ReviewRequest stale = new ReviewRequest("first", "approve", "b".repeat(64), null, null);
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, null, List.of()), r, stale, Instant.now()))).isEqualTo(409);
        ReviewRules.Context blocked = ctx(ItemState.DRAFT, null, List.of(ID_CARD));
        assertThat(status(() -> ReviewRules.decide(blocked, r, req("first", "approve", null), Instant.now()))).isEqualTo(422);
        assertThat(status(() -> ReviewRules.decide(blocked, r, req("first", "approve",
                List.of(new ReviewRequest.WaiverRequest(ID_CARD.id(), " "))), Instant.now()))).isEqualTo(400);
        ReviewRules.Decision d = ReviewRules.decide(blocked, r, req("first", "approve",
                List.of(new ReviewRequest.WaiverRequest(ID_CARD.id(), "公开的办事窗口示例号码"))), Instant.now());
        assertThat(d.blockedDraft()).isTrue();
        assertThat(d.roundWaivers()).extracting(Waiver::findingId).containsExactly(ID_CARD.id());
        assertThatThrownBy(() -> ReviewRules.decide(blocked, r, req("first", "approve",
                List.of(new ReviewRequest.WaiverRequest("nope", "理由"))), Instant.now())).isInstanceOf(HubException.class)
                .hasMessageContaining("no finding");
        assertThat(status(() -> ReviewRules.decide(ctx(ItemState.IN_REVIEW, null, List.of()), r,
                new ReviewRequest("first", "reject", HASH, " ", null), Instant.now()))).as("a rejection says why").isEqualTo(400);
    }
}

package cn.gongkai.hub.review;

import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Separation of duties holds when reviews arrive at the same moment: each check-then-write is one step. */
class ReviewRaceIT {
    static final int ROUNDS = 8;

    @Test
    void should_let_exactly_one_of_two_simultaneous_reviews_through_and_never_one_person_both_stages() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestRedis redis = TestRedis.start(); TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            hub.user("both", "REVIEWER", "APPROVER");
            hub.user("approver2", "APPROVER");
            for (int round = 0; round < ROUNDS; round++) {
                JsonNode item = flow.create(Seeds.itemJson(round % 5, "[\"website\"]"));
                String id = item.get("id").asText();
                String hash = item.get("contentHash").asText();
                flow.submit(id);

                List<Response> firsts = race(pool, () -> flow.review("reviewer", id, "first", "approve", hash),
                        () -> flow.review("both", id, "first", "approve", hash));
                assertThat(firsts.stream().filter(r -> r.status() == 200).count()).as("round " + round + ": " + firsts).isEqualTo(1);
                assertThat(firsts.stream().filter(r -> r.status() == 409).count()).isEqualTo(1);
                boolean bothDidFirst = firsts.get(1).status() == 200;
                JsonNode events = hub.as("editor", "GET", "/api/items/" + id + "/review-record", null).json().get("events");
                List<String> firstReviewers = new ArrayList<>();
                events.forEach(e -> {
                    if ("first".equals(e.path("stage").asText())) {
                        firstReviewers.add(e.get("actor").asText());
                    }
                });
                assertThat(firstReviewers).containsExactly(bothDidFirst ? "both" : "reviewer");

                // two final approvals at once, one of them perhaps by the first reviewer: one approval at most, never by them
                List<Response> finals = race(pool, () -> flow.review("both", id, "final", "approve", hash),
                        () -> flow.review("approver2", id, "final", "approve", hash));
                if (bothDidFirst) {
                    // 403, or 409 when the other approval landed first
                    assertThat(finals.get(0).status()).as("the first reviewer may not approve").isIn(403, 409);
                    assertThat(finals.get(1).status()).isEqualTo(200);
                } else {
                    assertThat(finals.stream().filter(r -> r.status() == 200).count()).as("round " + round + ": " + finals).isEqualTo(1);
                }
                JsonNode approval = hub.as("editor", "GET", "/api/items/" + id + "/review-record", null).json().get("approval");
                assertThat(approval.get("approver").asText()).isNotEqualTo(firstReviewers.get(0));
                assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("APPROVED");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_submit_once_when_two_submissions_arrive_at_the_same_moment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestRedis redis = TestRedis.start(); TestHub hub = TestHub.start(redis)) {
            new Flow(hub).users();
            for (int round = 0; round < ROUNDS; round++) {
                String id = new Flow(hub).create(Seeds.itemJson(round % 5, "[\"website\"]")).get("id").asText();
                List<Response> submits = race(pool, () -> hub.as("editor", "POST", "/api/items/" + id + "/submit", ""),
                        () -> hub.as("editor", "POST", "/api/items/" + id + "/submit", ""));
                assertThat(submits.stream().filter(r -> r.status() == 200).count()).as(submits.toString()).isEqualTo(1);
                JsonNode events = hub.as("editor", "GET", "/api/items/" + id + "/review-record", null).json().get("events");
                assertThat(events.size()).as("one submission in the record").isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @SafeVarargs
    static List<Response> race(ExecutorService pool, java.util.function.Supplier<Response>... calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (var call : calls) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call.get();
            }, pool));
        }
        go.countDown();
        List<Response> out = new ArrayList<>();
        for (var f : futures) {
            out.add(f.get());
        }
        return out;
    }
}

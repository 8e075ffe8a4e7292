package cn.gongkai.hub.deadline;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/deadlines}, {@code GET/PUT /api/calendar/{year}} and the items' {@code dueDate} on a whole hub.
 * Publication and approval times in the past are written into the item's records (the fields finish-publishing.lua
 * and review.lua write), since the hub stamps them with the real clock.
 */
class DeadlinesIT {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static TestHub hub;
    static Flow flow;
    static RedisClusterCommands<String, String> redis;
    static RedisKeys keys;

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
        flow = new Flow(hub).users();
        redis = hub.bean(RedisAccess.class).sync();
        keys = hub.bean(RedisKeys.class);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static String item(int seed, Map<String, String> fields) {
        try {
            ObjectNode n = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(seed, "[\"website\"]"));
            fields.forEach(n::put);
            return n.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Approved, published on the website, and PUBLISHED; returns the id. */
    static String published(String json) {
        String id = flow.approved(json).get("id").asText();
        TestHub.Response pub = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}");
        assertThat(pub.status()).as(pub.body()).isEqualTo(202);
        flow.awaitState(id, "PUBLISHED");
        return id;
    }

    /** Moves the time version 1 was first published, after checking the hub recorded one. */
    static void publishedAt(String id, String at) {
        assertThat(redis.hget(keys.itemMeta(id), "publishedAt:1")).as("finish-publishing.lua records the first publication").isNotNull();
        redis.hset(keys.itemMeta(id), "publishedAt:1", OffsetDateTime.parse(at).toInstant().toString());
    }

    static JsonNode report(String year) {
        TestHub.Response r = hub.as("editor", "GET", "/api/deadlines?year=" + year, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(e -> e.get("itemId").asText()).toList();
    }

    static JsonNode entry(JsonNode list, String id) {
        return StreamSupport.stream(list.spliterator(), false).filter(e -> e.get("itemId").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void should_flag_a_late_item_and_not_an_on_time_one_across_a_weekend_a_holiday_and_a_make_up_day() {
        // formed Fri 2026-09-18: due Thu 10-22 (Sun 09-20 and Sat 10-10 are working days, 中秋 and 国庆 are not);
        // weekends only it would be 10-16, without the make-up days 10-26
        String onTime = published(item(1, Map.of("formedAt", "2026-09-18")));
        publishedAt(onTime, "2026-10-22T17:30:00+08:00");
        String dayLate = published(item(4, Map.of("formedAt", "2026-09-18")));
        publishedAt(dayLate, "2026-10-23T09:00:00+08:00");
        String unpublished = flow.create(item(1, Map.of("formedAt", "2026-09-18"))).get("id").asText();
        String onRequest = flow.create(item(4, Map.of("formedAt", "2026-09-18", "disclosure", "依申请公开"))).get("id").asText();

        JsonNode r = report("2026");
        assertThat(r.get("year").asInt()).isEqualTo(2026);
        assertThat(ids(r.get("late"))).contains(dayLate, unpublished).doesNotContain(onTime, onRequest);
        assertThat(ids(r.get("dueSoon"))).doesNotContain(onTime, dayLate, unpublished, onRequest);
        JsonNode late = entry(r.get("late"), dayLate);
        assertThat(late.get("formedAt").asText()).isEqualTo("2026-09-18");
        assertThat(late.get("dueDate").asText()).isEqualTo("2026-10-22");
        assertThat(Instant.parse(late.get("publishedAt").asText())).isEqualTo(OffsetDateTime.parse("2026-10-23T09:00:00+08:00").toInstant());
        assertThat(late.get("title").asText()).isEqualTo(Seeds.title(4));
        assertThat(late.has("approvedAt")).as("only urgentLate entries carry the approval").isFalse();
        assertThat(entry(r.get("late"), unpublished).get("publishedAt").isNull()).isTrue();

        assertThat(ids(report("2025").get("late"))).as("year = the year the information was formed").doesNotContain(dayLate, unpublished);
    }

    @Test
    void should_list_an_unpublished_item_due_within_three_working_days_as_due_soon() {
        LocalDate today = LocalDate.now(ZONE);
        WorkCalendar calendar = hub.bean(WorkCalendars.class).covering(List.of(today.minusYears(1), today));
        LocalDate formed = today;
        while (calendar.workingDaysBetween(today, calendar.dueDate(formed)) > 2) {
            formed = formed.minusDays(1);
        }
        LocalDate due = calendar.dueDate(formed);
        assertThat(due).isAfterOrEqualTo(today);
        String soon = flow.create(item(1, Map.of("formedAt", formed.toString()))).get("id").asText();
        String fresh = flow.create(item(4, Map.of())).get("id").asText();

        JsonNode r = report(Integer.toString(formed.getYear()));
        assertThat(ids(r.get("dueSoon"))).contains(soon).doesNotContain(fresh);
        assertThat(ids(r.get("late"))).doesNotContain(soon, fresh);
        assertThat(entry(r.get("dueSoon"), soon).get("dueDate").asText()).isEqualTo(due.toString());
        assertThat(r.get("today").asText()).isEqualTo(today.toString());
    }

    @Test
    void should_flag_urgent_items_not_published_within_the_configured_hours_of_their_final_approval() {
        Instant now = Instant.now();
        String waiting = flow.approved(item(1, Map.of("urgency", "urgent"))).get("id").asText();
        approvedAt(waiting, now.minus(Duration.ofHours(30)));
        String justApproved = flow.approved(item(4, Map.of("urgency", "urgent"))).get("id").asText();
        String publishedLate = published(item(1, Map.of("urgency", "urgent")));
        approvedAt(publishedLate, now.minus(Duration.ofHours(50)));
        String publishedInTime = published(item(4, Map.of("urgency", "urgent")));
        approvedAt(publishedInTime, now.minus(Duration.ofHours(50)));
        publishedAt(publishedInTime, now.minus(Duration.ofHours(40)).atZone(ZONE).toOffsetDateTime().toString());
        String normal = flow.approved(item(1, Map.of())).get("id").asText();
        approvedAt(normal, now.minus(Duration.ofHours(30)));

        JsonNode r = report(Integer.toString(LocalDate.now(ZONE).getYear()));
        assertThat(ids(r.get("urgentLate"))).contains(waiting, publishedLate).doesNotContain(justApproved, publishedInTime, normal);
        JsonNode w = entry(r.get("urgentLate"), waiting);
        assertThat(Instant.parse(w.get("approvedAt").asText())).isEqualTo(now.minus(Duration.ofHours(30)));
        assertThat(w.get("publishedAt").isNull()).isTrue();
        assertThat(entry(r.get("urgentLate"), publishedLate).get("publishedAt").isNull()).isFalse();
        assertThat(ids(r.get("late"))).as("formed today: 20 working days to go").doesNotContain(waiting, publishedLate);
    }

    /** The final approval's time, as review.lua writes it. */
    static void approvedAt(String id, Instant at) {
        assertThat(redis.hget(keys.approval(id, 1), "at")).isNotNull();
        redis.hset(keys.approval(id, 1), "at", at.toString());
    }

    @Test
    void should_show_the_shipped_calendar_and_let_only_an_admin_replace_a_year_with_valid_dates() {
        TestHub.Response shipped = hub.as("editor", "GET", "/api/calendar/2026", null);
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        assertThat(shipped.json().get("source").asText()).isEqualTo("shipped");
        assertThat(texts(shipped.json().get("holidays"))).hasSize(33).contains("2026-10-01", "2026-10-07", "2026-02-15");
        assertThat(texts(shipped.json().get("workdays"))).containsExactly("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                "2026-09-20", "2026-10-10");

        TestHub.Response none = hub.as("editor", "GET", "/api/calendar/2025", null);
        assertThat(none.json().get("source").asText()).isEqualTo("weekends only");
        assertThat(none.json().get("holidays")).isEmpty();
        assertThat(hub.get("/api/calendar/2026", null, null).status()).as("signed in only").isEqualTo(401);

        // formed Fri 2025-09-26 under weekends only: due 10-24
        String id = flow.create(item(4, Map.of("formedAt", "2025-09-26"))).get("id").asText();
        assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("dueDate").asText()).isEqualTo("2025-10-24");

        // 2025's 国庆 and 中秋: 10-01..08 off, Sun 09-28 and Sat 10-11 working days
        String year2025 = """
                {"holidays": ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
                 "workdays": ["2025-09-28", "2025-10-11"]}""";
        TestHub.Response asEditor = hub.as("editor", "PUT", "/api/calendar/2025", year2025);
        assertThat(asEditor.status()).as(asEditor.body()).isEqualTo(403);
        assertThat(hub.as("editor", "GET", "/api/calendar/2025", null).json().get("source").asText()).isEqualTo("weekends only");

        TestHub.Response bad = hub.put("/api/calendar/2025", """
                {"holidays": ["2025-10-01", "2025-13-01", "2026-01-01"], "workdays": ["2025-10-09", "2025-10-01"]}""",
                "admin", TestHub.ADMIN_PASSWORD);
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(fields(bad.json())).containsExactly("holidays[1]", "holidays[2]", "workdays", "workdays", "workdays");
        assertThat(bad.body()).contains("2025-10-09 is a thursday").contains("2025-10-01 is listed in holidays too")
                .contains("2026-01-01 is not in 2025");
        TestHub.Response missing = hub.put("/api/calendar/2025", "{\"holidays\": []}", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(fields(missing.json())).containsExactly("workdays");
        TestHub.Response unknown = hub.put("/api/calendar/2025", "{\"holidays\": [], \"workdays\": [], \"note\": \"x\"}", "admin",
                TestHub.ADMIN_PASSWORD);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown.json())).containsExactly("note");
        for (String year : List.of("1999", "20x5", "2101")) {
            TestHub.Response r = hub.put("/api/calendar/" + year, year2025, "admin", TestHub.ADMIN_PASSWORD);
            assertThat(r.status()).as(year + ": " + r.body()).isEqualTo(400);
            assertThat(fields(r.json())).containsExactly("year");
        }
        assertThat(hub.as("editor", "GET", "/api/calendar/2025", null).json().get("source").asText())
                .as("a refused PUT changes nothing").isEqualTo("weekends only");

        TestHub.Response ok = hub.put("/api/calendar/2025", year2025, "admin", TestHub.ADMIN_PASSWORD);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode entered = hub.as("editor", "GET", "/api/calendar/2025", null).json();
        assertThat(entered.get("source").asText()).isEqualTo("entered by ADMIN");
        assertThat(entered.get("updatedBy").asText()).isEqualTo("admin");
        assertThat(texts(entered.get("workdays"))).containsExactly("2025-09-28", "2025-10-11");
        // 09-28 is day 1, 10-01..08 off, 10-11 is day 6: due 10-30
        assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("dueDate").asText()).isEqualTo("2025-10-30");
        assertThat(hub.as("editor", "GET", "/api/deadlines?year=1999", null).status()).isEqualTo(400);
        JsonNode audit = hub.get("/api/audit?action=CALENDAR_CHANGED", "admin", TestHub.ADMIN_PASSWORD).json().get("items");
        assertThat(audit).as("the one accepted calendar is in the audit log, the refused ones are not").hasSize(1);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("admin");
        assertThat(audit.get(0).get("target").asText()).isEqualTo("calendar:2025");
        assertThat(audit.get(0).get("detail").asText()).isEqualTo("8 holidays, 2 make-up working days");
    }

    @Test
    void should_show_formed_at_and_the_due_date_on_items_and_refuse_impossible_dates() {
        JsonNode created = flow.create(item(1, Map.of("formedAt", "2026-09-18")));
        String id = created.get("id").asText();
        assertThat(created.get("formedAt").asText()).isEqualTo("2026-09-18");
        JsonNode got = hub.as("editor", "GET", "/api/items/" + id, null).json();
        assertThat(got.get("formedAt").asText()).isEqualTo("2026-09-18");
        assertThat(got.get("dueDate").asText()).isEqualTo("2026-10-22");
        assertThat(got.get("title").asText()).as("the item's own fields stay where they were").isEqualTo(Seeds.title(1));
        assertThat(got.get("contentHash").asText()).isEqualTo(created.get("contentHash").asText());

        JsonNode listed = null;
        for (JsonNode n : hub.as("editor", "GET", "/api/items?size=200", null).json().get("items")) {
            if (n.get("id").asText().equals(id)) {
                listed = n;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("dueDate").asText()).isEqualTo("2026-10-22");

        JsonNode today = flow.create(item(4, Map.of()));
        assertThat(today.get("formedAt").asText()).as("default: the day it is drafted").isEqualTo(LocalDate.now(ZONE).toString());
        assertThat(hub.as("editor", "GET", "/api/items/" + today.get("id").asText(), null).json().get("dueDate").asText())
                .isEqualTo(hub.bean(WorkCalendars.class).covering(List.of(LocalDate.now(ZONE))).dueDate(LocalDate.now(ZONE)).toString());

        TestHub.Response edited = hub.as("editor", "PUT", "/api/items/" + id, item(1, Map.of("summary", "改了摘要")));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("formedAt").asText()).as("an edit without formedAt keeps it").isEqualTo("2026-09-18");
        TestHub.Response changed = hub.as("editor", "PUT", "/api/items/" + id, item(1, Map.of("formedAt", "2026-10-09")));
        assertThat(changed.json().get("formedAt").asText()).isEqualTo("2026-10-09");
        assertThat(changed.json().get("contentHash").asText()).as("the seed's content again, formed on another day: formedAt is"
                + " not in the content hash").isEqualTo(created.get("contentHash").asText())
                .isNotEqualTo(edited.json().get("contentHash").asText());

        String tomorrow = LocalDate.now(ZONE).plusDays(1).toString();
        for (String bad : List.of("2026-02-30", "2026-9-18", "18/09/2026", "1999-12-31", tomorrow, "+2026-09-18")) {
            TestHub.Response r = hub.as("editor", "POST", "/api/items", item(1, Map.of("formedAt", bad)));
            assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(fields(r.json())).as(bad).containsExactly("formedAt");
        }

        TestHub.Response notice = hub.as("editor", "POST", "/api/notices", """
                {"title": "崇川区冬季文化惠民演出通知", "body": "12月10日下午2点在崇川区文化馆举办冬季惠民演出。",
                 "segment": {}, "channels": ["sms"], "formedAt": "2026-09-18"}""");
        assertThat(notice.status()).as(notice.body()).isEqualTo(201);
        assertThat(notice.json().get("formedAt").asText()).isEqualTo("2026-09-18");
        TestHub.Response badNotice = hub.as("editor", "POST", "/api/notices", """
                {"title": "崇川区冬季文化惠民演出通知", "body": "12月10日下午2点在崇川区文化馆举办冬季惠民演出。",
                 "segment": {}, "channels": ["sms"], "formedAt": "%s"}""".formatted(tomorrow));
        assertThat(badNotice.status()).as(badNotice.body()).isEqualTo(400);
        assertThat(fields(badNotice.json())).containsExactly("formedAt");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fields(JsonNode error) {
        List<String> out = new ArrayList<>();
        error.get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }
}

package cn.gongkai.hub.review;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.review.scan.Finding;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reviews in Redis, all under the item's hash tag ({@code {item:<id>}:scan:<v>}, {@code :round:<v>},
 * {@code :approval:<v>}, {@code :reviews}, {@code :refusals}) so each decision is one script in one slot. The office-wide
 * record by time ({@code review-records}, a stream) is another slot: it is appended right after the decision, as an
 * index; the item's own record is the authority.
 */
@Singleton
class RedisReviewStore implements ReviewStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisReviewStore.class);
    private static final LuaScript SUBMIT = LuaScript.load("review/submit.lua");
    private static final LuaScript REVIEW = LuaScript.load("review/review.lua");
    private static final int PAGE = 500;

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json;

    RedisReviewStore(RedisAccess redis, RedisKeys keys, ObjectMapper json) {
        this.redis = redis.sync();
        this.keys = keys;
        this.json = json;
    }

    @Override
    public Round round(String itemId, int version) {
        String scan = redis.get(keys.scan(itemId, version));
        Map<String, String> round = redis.hgetall(keys.round(itemId, version));
        List<Finding> findings = scan == null ? List.of() : read(scan, new TypeReference<List<Finding>>() { });
        List<Waiver> waivers = round.get("waivers") == null ? List.of() : read(round.get("waivers"), new TypeReference<List<Waiver>>() { });
        return new Round(findings, scan != null, round.get("firstBy"), waivers);
    }

    @Override
    public Optional<Approval> approval(String itemId, int version) {
        Map<String, String> a = redis.hgetall(keys.approval(itemId, version));
        if (a == null || a.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Approval(itemId, version, a.get("contentHash"), a.get("approver"), Instant.parse(a.get("at"))));
    }

    @Override
    public void submit(String itemId, int version, List<Finding> findings, ReviewEvent event, boolean blocked) {
        String e = write(event);
        String r = SUBMIT.call(redis, ScriptOutputType.STATUS,
                new String[]{keys.itemMeta(itemId), keys.scan(itemId, version), keys.round(itemId, version), keys.itemReviews(itemId)},
                Integer.toString(version), write(findings), e, blocked ? "1" : "0", event.at().toString());
        if (r.startsWith("stale:")) {
            String[] p = r.split(":", 3);
            throw new StaleException(p[1], parseOr(p[2], -1));
        }
        index(itemId, e);
    }

    @Override
    public void review(String itemId, int version, ReviewEvent event, List<Waiver> roundWaivers, String contentHash,
                       boolean blockedDraftMayReview) throws ReviewConflict {
        String e = write(event);
        String r = REVIEW.call(redis, ScriptOutputType.STATUS,
                new String[]{keys.itemMeta(itemId), keys.round(itemId, version), keys.approval(itemId, version), keys.itemReviews(itemId)},
                Integer.toString(version), event.stage(), event.decision(), event.actor(), e, write(roundWaivers), contentHash,
                event.at().toString(), event.comment() == null ? "" : event.comment(), blockedDraftMayReview ? "1" : "0");
        if (!"ok".equals(r)) {
            int colon = r.indexOf(':');
            String code = colon < 0 ? r : r.substring(0, colon);
            String detail = colon < 0 ? null : r.substring(colon + 1);
            throw new ReviewConflict(switch (code) {
                case "stale" -> ReviewConflict.Kind.STALE;
                case "taken" -> ReviewConflict.Kind.FIRST_TAKEN;
                case "no-first" -> ReviewConflict.Kind.NO_FIRST;
                case "same-person" -> ReviewConflict.Kind.SAME_PERSON;
                default -> throw new IllegalStateException("review.lua answered " + r);
            }, detail);
        }
        index(itemId, e);
    }

    /** The office-wide index; a failure here is logged, the decision itself stands in the item's record. */
    private void index(String itemId, String event) {
        try {
            redis.xadd(keys.reviewRecords(), Map.of("itemId", itemId, "event", event));
        } catch (RuntimeException ex) {
            LOG.error("Review event of item {} is recorded on the item but could not be added to the office-wide review record: {}",
                    itemId, ex.getMessage());
        }
    }

    @Override
    public List<ReviewEvent> events(String itemId) {
        List<ReviewEvent> out = new ArrayList<>();
        for (String s : redis.lrange(keys.itemReviews(itemId), 0, -1)) {
            out.add(read(s, ReviewEvent.class));
        }
        return out;
    }

    @Override
    public List<ReviewEvent> events(Instant from, Instant to) {
        List<ReviewEvent> out = new ArrayList<>();
        String end = to == null ? "+" : Long.toString(to.toEpochMilli());
        String cursor = from == null ? "-" : Long.toString(from.toEpochMilli());
        boolean exclusive = false;
        while (true) {
            Range<String> range = Range.create(exclusive ? "(" + cursor : cursor, end);
            List<StreamMessage<String, String>> page = redis.xrange(keys.reviewRecords(), range, Limit.create(0, PAGE));
            for (StreamMessage<String, String> m : page) {
                out.add(read(m.getBody().get("event"), ReviewEvent.class));
            }
            if (page.size() < PAGE) {
                return out;
            }
            cursor = page.get(page.size() - 1).getId();
            exclusive = true;
        }
    }

    @Override
    public void refused(Refusal r) {
        String key = keys.refusals(r.itemId());
        redis.lpush(key, write(r));
        redis.ltrim(key, 0, REFUSALS_KEPT - 1);
    }

    @Override
    public List<Refusal> refusals(String itemId) {
        List<Refusal> out = new ArrayList<>();
        for (String s : redis.lrange(keys.refusals(itemId), 0, -1)) {
            try {
                out.add(json.readValue(s, Refusal.class));
            } catch (JsonProcessingException e) {
                LOG.warn("Unreadable refusal record on item {}: {}", itemId, e.getMessage());
            }
        }
        return out;
    }

    private static int parseOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
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

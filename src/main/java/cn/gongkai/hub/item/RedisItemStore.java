package cn.gongkai.hub.item;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Items in Redis: {@code {item:<id>}:meta} (lifecycle hash, with {@code publishedAt:<version>} once a version was
 * first published) and {@code {item:<id>}:v:<n>} (one JSON per version),
 * changed only by the scripts in {@code lua/item/}, so a reader never sees a version number without its content and
 * every check-then-write on the lifecycle is one step.
 */
@Singleton
class RedisItemStore implements ItemStore {
    private static final LuaScript CREATE = LuaScript.load("item/create.lua");
    private static final LuaScript ADD_VERSION = LuaScript.load("item/add-version.lua");
    private static final LuaScript TRANSITION = LuaScript.load("item/transition.lua");
    private static final LuaScript START_PUBLISHING = LuaScript.load("item/start-publishing.lua");
    private static final LuaScript ABANDON_PUBLISHING = LuaScript.load("item/abandon-publishing.lua");
    private static final LuaScript FINISH_PUBLISHING = LuaScript.load("item/finish-publishing.lua");
    private static final LuaScript WITHDRAW = LuaScript.load("item/withdraw.lua");
    private static final String PUBLISHED_AT = "publishedAt:";

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json;
    private final Catalogue catalogue;
    private final ZoneId zone;
    private final IndexNumberPattern indexNumbers;

    RedisItemStore(RedisAccess redis, RedisKeys keys, ObjectMapper json,
                   Catalogue catalogue, HubConfig hub, IndexNumberPattern indexNumbers) {
        this.indexNumbers = indexNumbers;
        this.redis = redis.sync();
        this.keys = keys;
        this.json = json;
        this.catalogue = catalogue;
        this.zone = hub.zoneId();
    }

    @Override
    public Item create(ItemContent content, String author) {
        long seq = redis.incr(keys.itemSequence());
        String id = Long.toString(seq);
        Instant now = Instant.now();
        // fixed here, before review, so the number every channel shows is the one the content hash binds
        int year = Year.now(zone).getValue();
        String indexNumber = indexNumbers.format(year, redis.incr(keys.indexSequence(indexNumbers.organisation(), year)));
        String version = toJson(new ItemVersion(id, 1, indexNumber, content, ContentHash.of(indexNumber, content), author, now));
        Long created = CREATE.call(redis, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(id), keys.itemVersion(id, 1)},
                version, id, indexNumber, author, now.toString());
        if (created == null || created != 1) {
            throw new IllegalStateException("item id " + id + " is taken although the sequence gave it out");
        }
        // the list is another slot: written after the item, so an item may be missing from it, never the reverse
        redis.zadd(keys.items(), seq, id);
        return find(id).orElseThrow();
    }

    @Override
    public Optional<Item> addVersion(String itemId, int expectedVersion, ItemContent content, String author) {
        String indexNumber = redis.hget(keys.itemMeta(itemId), "indexNumber");
        if (indexNumber == null) {
            return Optional.empty();
        }
        int next = expectedVersion + 1;
        Instant now = Instant.now();
        String versionJson = toJson(new ItemVersion(itemId, next, indexNumber, content, ContentHash.of(indexNumber, content), author, now));
        Long v = ADD_VERSION.call(redis, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(itemId), keys.itemVersion(itemId, next)},
                Integer.toString(expectedVersion), indexNumber, versionJson, author, now.toString());
        return v == null || v < 0 ? Optional.empty() : find(itemId);
    }

    @Override
    public Optional<Loaded> load(String itemId) {
        Map<String, String> m = redis.hgetall(keys.itemMeta(itemId));
        if (m == null || m.isEmpty()) {
            return Optional.empty();
        }
        int v = Integer.parseInt(m.get("version"));
        ItemVersion iv = version(itemId, v).orElseThrow(() -> new IllegalStateException("item " + itemId + " lacks version " + v));
        Withdrawal withdrawal = blankToNull(m.get("withdrawnVersion")) == null ? null
                : new Withdrawal(Integer.parseInt(m.get("withdrawnVersion")), m.get("withdrawalReason"), m.get("withdrawnBy"),
                Instant.parse(m.get("withdrawnAt")));
        String scheduled = blankToNull(m.get("scheduledAt"));
        Item item = new Item(itemId, v, ItemState.valueOf(m.get("state")), iv.contentHash(), iv.indexNumber(),
                iv.content(), catalogue.nameOf(iv.content().category()),
                m.get("createdBy"), Instant.parse(m.get("createdAt")), m.get("updatedBy"), Instant.parse(m.get("updatedAt")),
                Integer.parseInt(m.getOrDefault("publishedVersion", "0")), blankToNull(m.get("stateReason")), withdrawal,
                scheduled == null ? null : Instant.parse(scheduled));
        return Optional.of(new Loaded(item, iv));
    }

    @Override
    public Optional<ItemVersion> version(String itemId, int version) {
        String s = redis.get(keys.itemVersion(itemId, version));
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(s, ItemVersion.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored version " + version + " of item " + itemId + " is not readable", e);
        }
    }

    @Override
    public boolean transition(String itemId, int version, Set<ItemState> from, ItemState to, String reason) {
        String[] args = new String[4 + from.size()];
        args[0] = Integer.toString(version);
        args[1] = to.name();
        args[2] = reason == null ? "" : reason;
        args[3] = Instant.now().toString();
        int i = 4;
        for (ItemState s : from) {
            args[i++] = s.name();
        }
        return one(TRANSITION.call(redis, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(itemId)}, args));
    }

    @Override
    public boolean startPublishing(String itemId, int version, List<String> channels) {
        return one(START_PUBLISHING.call(redis, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(itemId)},
                Integer.toString(version), String.join(",", channels), Instant.now().toString()));
    }

    @Override
    public Optional<PublishRun> publishing(String itemId) {
        List<io.lettuce.core.KeyValue<String, String>> m = redis.hmget(keys.itemMeta(itemId), "pubVersion", "pubChannels");
        if (!m.get(0).hasValue() || m.get(0).getValue().isEmpty()) {
            return Optional.empty();
        }
        String channels = m.get(1).getValueOrElse("");
        return Optional.of(new PublishRun(Integer.parseInt(m.get(0).getValue()),
                Arrays.stream(channels.split(",")).filter(s -> !s.isBlank()).toList()));
    }

    @Override
    public boolean abandonPublishing(String itemId, int version, String reason) {
        return one(ABANDON_PUBLISHING.call(redis, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(itemId)},
                Integer.toString(version), reason, Instant.now().toString()));
    }

    @Override
    public boolean finishPublishing(String itemId, int version, ItemState outcome, String reason) {
        return one(FINISH_PUBLISHING.call(redis, ScriptOutputType.INTEGER, new String[]{keys.itemMeta(itemId)},
                Integer.toString(version), outcome.name(), reason == null ? "" : reason, Instant.now().toString()));
    }

    @Override
    public java.util.SortedMap<Integer, Instant> publishedAt(String itemId) {
        java.util.SortedMap<Integer, Instant> out = new java.util.TreeMap<>();
        redis.hgetall(keys.itemMeta(itemId)).forEach((field, value) -> {
            // written by finish-publishing.lua, one field per version
            if (field.startsWith(PUBLISHED_AT) && !value.isEmpty()) {
                out.put(Integer.parseInt(field.substring(PUBLISHED_AT.length())), Instant.parse(value));
            }
        });
        return out;
    }

    @Override
    public void scheduled(String itemId, Instant at) {
        redis.hset(keys.itemMeta(itemId), "scheduledAt", at.toString());
    }

    @Override
    public WithdrawOutcome withdraw(String itemId, int expectedVersion, String reason, String by) {
        Instant now = Instant.now();
        List<Object> r = WITHDRAW.call(redis, ScriptOutputType.MULTI, new String[]{keys.itemMeta(itemId)}, reason, by, now.toString(),
                Integer.toString(expectedVersion));
        String code = String.valueOf(r.get(0));
        return switch (code) {
            case "ok" -> new WithdrawOutcome(new Withdrawal(Integer.parseInt(String.valueOf(r.get(1))), reason, by, now), null);
            case "missing" -> new WithdrawOutcome(null, "item " + itemId + " does not exist");
            case "not-published" -> new WithdrawOutcome(null, "item " + itemId + " was never approved or published (it is "
                    + r.get(1) + "); there is nothing to withdraw");
            case "already" -> new WithdrawOutcome(null, "version " + r.get(1) + " of item " + itemId + " is already withdrawn");
            case "changed" -> new WithdrawOutcome(null, "item " + itemId + " changed meanwhile (version " + r.get(1)
                    + " is live now); reload it and withdraw again");
            default -> throw new IllegalStateException("withdraw.lua answered " + r);
        };
    }

    @Override
    public Optional<Withdrawal> withdrawal(String itemId) {
        List<io.lettuce.core.KeyValue<String, String>> m = redis.hmget(keys.itemMeta(itemId), "withdrawnVersion", "withdrawalReason",
                "withdrawnBy", "withdrawnAt");
        if (!m.get(0).hasValue() || m.get(0).getValue().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Withdrawal(Integer.parseInt(m.get(0).getValue()), m.get(1).getValueOrElse(null),
                m.get(2).getValueOrElse(null), Instant.parse(m.get(3).getValue())));
    }

    @Override
    public List<String> ids(long offset, long count) {
        return redis.zrevrange(keys.items(), offset, offset + count - 1);
    }

    @Override
    public long count() {
        return redis.zcard(keys.items());
    }

    private static boolean one(Long n) {
        return n != null && n == 1;
    }

    private String toJson(ItemVersion v) {
        try {
            return json.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

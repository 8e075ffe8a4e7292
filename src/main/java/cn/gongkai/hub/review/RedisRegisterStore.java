package cn.gongkai.hub.review;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.review.scan.RestrictedDocument;
import cn.gongkai.hub.review.scan.Severity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registers as two hashes, {@code review:restricted-documents} (id to the document as JSON) and
 * {@code review:sensitive-words} (word to severity); every call touches one key.
 */
@Singleton
class RedisRegisterStore implements RegisterStore {
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final ObjectMapper json;

    RedisRegisterStore(RedisAccess redis, RedisKeys keys, ObjectMapper json) {
        this.redis = redis.sync();
        this.keys = keys;
        this.json = json;
    }

    @Override
    public void putRestricted(String id, RestrictedDocument document) {
        try {
            redis.hset(keys.restrictedDocuments(), id, json.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, RestrictedDocument> restricted() {
        Map<String, RestrictedDocument> out = new LinkedHashMap<>();
        redis.hgetall(keys.restrictedDocuments()).forEach((id, doc) -> {
            try {
                out.put(id, json.readValue(doc, RestrictedDocument.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("restricted document " + id + " is not readable", e);
            }
        });
        return out;
    }

    @Override
    public boolean removeRestricted(String id) {
        return redis.hdel(keys.restrictedDocuments(), id) > 0;
    }

    @Override
    public void putWord(String word, Severity severity) {
        redis.hset(keys.sensitiveWords(), word, severity.name());
    }

    @Override
    public Map<String, Severity> words() {
        Map<String, Severity> out = new LinkedHashMap<>();
        redis.hgetall(keys.sensitiveWords()).forEach((w, s) -> out.put(w, Severity.valueOf(s)));
        return out;
    }

    @Override
    public boolean removeWord(String word) {
        return redis.hdel(keys.sensitiveWords(), word) > 0;
    }
}

package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The dimensions in one Redis string (JSON list) when an ADMIN set them; otherwise {@code hub.subscribers.dimensions}. */
@Singleton
class RedisDimensions implements Dimensions {
    private static final Logger LOG = LoggerFactory.getLogger(RedisDimensions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisAccess redis;
    private final RedisKeys keys;
    private final List<String> configured;

    RedisDimensions(RedisAccess redis, RedisKeys keys, SubscriberSettings settings) {
        this.redis = redis;
        this.keys = keys;
        this.configured = List.copyOf(settings.dimensions());
    }

    @Override
    public List<String> current() {
        String s = redis.sync().get(keys.subscriberDimensions());
        if (s == null) {
            return configured;
        }
        try {
            return JSON.readValue(s, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            LOG.error("Tag dimensions in Redis cannot be read ({}); using the configured ones", e.getOriginalMessage());
            return configured;
        }
    }

    @Override
    public void set(List<String> dimensions, String by) {
        try {
            redis.sync().set(keys.subscriberDimensions(), JSON.writeValueAsString(List.copyOf(dimensions)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        LOG.info("Tag dimensions set to {} by {}", dimensions, by);
    }
}

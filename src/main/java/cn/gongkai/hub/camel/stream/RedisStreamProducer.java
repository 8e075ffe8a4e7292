package cn.gongkai.hub.camel.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultProducer;

/** XADDs the body's map (or each map of a list), pipelined, with {@code MAXLEN ~ maxLen}. */
final class RedisStreamProducer extends DefaultProducer {

    private final RedisStreamEndpoint endpoint;

    RedisStreamProducer(RedisStreamEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<Map<String, String>> entries = entries(exchange);
        StatefulConnection<String, String> connection = endpoint.getComponent().sharedConnection();
        RedisClusterAsyncCommands<String, String> redis = endpoint.getComponent().connections().async(connection);
        Integer bucket = exchange.getMessage().getHeader(RedisStreamConstants.BUCKET, Integer.class);
        String key = endpoint.producerKey(bucket == null ? 0 : bucket);
        XAddArgs args = endpoint.getMaxLen() > 0
                ? XAddArgs.Builder.maxlen(endpoint.getMaxLen()).approximateTrimming() : new XAddArgs();
        List<RedisFuture<String>> sent = new ArrayList<>(entries.size());
        for (Map<String, String> fields : entries) {
            sent.add(redis.xadd(key, args, fields));
        }
        Duration timeout = connection.getTimeout();
        if (!LettuceFutures.awaitAll(timeout, sent.toArray(RedisFuture[]::new))) {
            throw new RedisCommandTimeoutException("XADD to " + key + " did not complete within "
                    + timeout + "; some of the " + entries.size() + " entries may have been added");
        }
        List<String> ids = new ArrayList<>(sent.size());
        for (RedisFuture<String> future : sent) {
            ids.add(future.get());
        }
        exchange.getMessage().setHeader(RedisStreamConstants.STREAM_IDS, ids);
    }

    private static List<Map<String, String>> entries(Exchange exchange) throws InvalidPayloadException {
        Object body = exchange.getMessage().getBody();
        List<Map<String, String>> entries = new ArrayList<>();
        if (body instanceof Map<?, ?> map) {
            entries.add(fields(map));
        } else if (body instanceof Iterable<?> items) {
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> map)) {
                    throw new InvalidPayloadException(exchange, Map.class);
                }
                entries.add(fields(map));
            }
        } else {
            throw new InvalidPayloadException(exchange, Map.class);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("redis-stream producer got an empty list: nothing to add");
        }
        return entries;
    }

    private static Map<String, String> fields(Map<?, ?> map) {
        Map<String, String> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            String name = String.valueOf(k);
            if (v != null && !RedisStreamConstants.FIELD_ID.equals(name)
                    && !RedisStreamConstants.FIELD_REDELIVERED.equals(name)) {
                fields.put(name, String.valueOf(v));
            }
        });
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a stream entry needs at least one non-null field: " + map);
        }
        return fields;
    }
}

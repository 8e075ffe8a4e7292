package cn.gongkai.hub.camel.stream;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One logical stream. The annotations are documentation only: no configurer is generated, Camel binds the URI
 * options through the setters. Options and semantics: {@link RedisStreamComponent}.
 */
@UriEndpoint(firstVersion = "4.17.0", scheme = "redis-stream", title = "Redis Stream work queue",
        syntax = "redis-stream:name", category = {Category.MESSAGING},
        headersClass = RedisStreamConstants.class)
public class RedisStreamEndpoint extends DefaultEndpoint {

    @UriPath(description = "Logical stream name; the component's key resolver maps it to the Redis key")
    @Metadata(required = true)
    private final String name;
    @UriParam(label = "consumer", description = "Consumer group (required to consume)")
    private String group;
    @UriParam(label = "consumer", description = "Consumer name in the group; defaults to the component's")
    private String consumerName;
    @UriParam(label = "consumer", defaultValue = "100")
    private int batchSize = 100;
    @UriParam(label = "consumer", defaultValue = "1000")
    private long blockMillis = 1000;
    @UriParam(label = "consumer", defaultValue = "60000")
    private long reclaimIdleMillis = 60_000;
    @UriParam(label = "consumer", defaultValue = "5000")
    private long reclaimIntervalMillis = 5_000;
    @UriParam(label = "consumer", defaultValue = "1")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer", defaultValue = "0", description = "Start id of a newly created group: 0 or $")
    private String groupStartId = "0";
    @UriParam(defaultValue = "0", description = "0: one stream; N: the stream is N bucket streams, all read by every consumer thread")
    private int buckets;
    @UriParam(label = "consumer", defaultValue = "200", description = "With buckets on a cluster: longest wait on one stream")
    private long idleBlockMillis = 200;
    @UriParam(label = "producer", defaultValue = "1000000", description = "MAXLEN ~ on XADD; 0 = no trimming")
    private long maxLen = 1_000_000;

    RedisStreamEndpoint(String uri, RedisStreamComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public RedisStreamComponent getComponent() {
        return (RedisStreamComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new RedisStreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        validateConsumerOptions();
        RedisStreamConsumer consumer = new RedisStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    private void validateConsumerOptions() {
        String where = " (" + getEndpointUri() + ")";
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("redis-stream consumer needs a group" + where);
        }
        if (consumerName == null || consumerName.isBlank()) {
            throw new IllegalArgumentException("redis-stream consumer needs a consumerName" + where);
        }
        if (batchSize < 1 || blockMillis < 1 || reclaimIdleMillis < 1 || reclaimIntervalMillis < 1
                || concurrentConsumers < 1 || idleBlockMillis < 1 || buckets < 0) {
            throw new IllegalArgumentException("batchSize, blockMillis, reclaimIdleMillis, reclaimIntervalMillis,"
                    + " idleBlockMillis and concurrentConsumers must be positive, buckets 0 or more" + where);
        }
        if (!"0".equals(groupStartId) && !"$".equals(groupStartId)) {
            throw new IllegalArgumentException("groupStartId must be 0 or $" + where);
        }
    }

    /** The logical name from the URI. */
    public String getName() {
        return name;
    }

    /** The Redis keys of the stream: one, or one per bucket in bucket order. */
    public java.util.List<String> getKeys() {
        if (buckets == 0) {
            return java.util.List.of(getComponent().key(name, -1));
        }
        java.util.List<String> keys = new java.util.ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            keys.add(getComponent().key(name, b));
        }
        return keys;
    }

    /** The key a producer writes to: the bucket's ({@code b} clamped to the range), or the one stream. */
    String producerKey(int b) {
        return buckets == 0 ? getComponent().key(name, -1) : getComponent().key(name, Math.floorMod(b, buckets));
    }

    public int getBuckets() {
        return buckets;
    }

    public void setBuckets(int buckets) {
        this.buckets = buckets;
    }

    public long getIdleBlockMillis() {
        return idleBlockMillis;
    }

    public void setIdleBlockMillis(long idleBlockMillis) {
        this.idleBlockMillis = idleBlockMillis;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBlockMillis() {
        return blockMillis;
    }

    public void setBlockMillis(long blockMillis) {
        this.blockMillis = blockMillis;
    }

    public long getReclaimIdleMillis() {
        return reclaimIdleMillis;
    }

    public void setReclaimIdleMillis(long reclaimIdleMillis) {
        this.reclaimIdleMillis = reclaimIdleMillis;
    }

    public long getReclaimIntervalMillis() {
        return reclaimIntervalMillis;
    }

    public void setReclaimIntervalMillis(long reclaimIntervalMillis) {
        this.reclaimIntervalMillis = reclaimIntervalMillis;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public String getGroupStartId() {
        return groupStartId;
    }

    public void setGroupStartId(String groupStartId) {
        this.groupStartId = groupStartId;
    }

    public long getMaxLen() {
        return maxLen;
    }

    public void setMaxLen(long maxLen) {
        this.maxLen = maxLen;
    }
}

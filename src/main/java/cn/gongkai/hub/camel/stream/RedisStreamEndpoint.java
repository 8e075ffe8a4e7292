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
    private final String key;
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
    @UriParam(label = "producer", defaultValue = "1000000", description = "MAXLEN ~ on XADD; 0 = no trimming")
    private long maxLen = 1_000_000;

    RedisStreamEndpoint(String uri, RedisStreamComponent component, String name, String key) {
        super(uri, component);
        this.name = name;
        this.key = key;
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
                || concurrentConsumers < 1) {
            throw new IllegalArgumentException("batchSize, blockMillis, reclaimIdleMillis, reclaimIntervalMillis"
                    + " and concurrentConsumers must be positive" + where);
        }
        if (!"0".equals(groupStartId) && !"$".equals(groupStartId)) {
            throw new IllegalArgumentException("groupStartId must be 0 or $" + where);
        }
    }

    /** The logical name from the URI. */
    public String getName() {
        return name;
    }

    /** The Redis key the stream lives under. */
    public String getKey() {
        return key;
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

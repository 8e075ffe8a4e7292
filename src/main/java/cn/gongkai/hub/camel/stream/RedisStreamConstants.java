package cn.gongkai.hub.camel.stream;

/** Header names and reserved entry fields of the {@code redis-stream:} component. */
public final class RedisStreamConstants {

    /** Consumer header: the logical stream name from the endpoint URI. */
    public static final String STREAM_NAME = "RedisStreamName";

    /** Consumer header: how many entries the batch body holds. */
    public static final String BATCH_SIZE = "RedisStreamBatchSize";

    /** Consumer header: the Redis key the batch was read from. Producer header: the bucket to write to (int). */
    public static final String STREAM_KEY = "RedisStreamKey";

    /** Producer header: the bucket of a bucketed stream to add to (default 0). */
    public static final String BUCKET = "RedisStreamBucket";

    /** Producer header: the ids Redis gave the added entries, in body order ({@code List<String>}). */
    public static final String STREAM_IDS = "RedisStreamIds";

    /** Field added to each consumed entry map: the entry's stream id. Never written to Redis. */
    public static final String FIELD_ID = "_streamId";

    /** Field added to each consumed entry map: {@code "true"} if the entry may have been delivered before. */
    public static final String FIELD_REDELIVERED = "_redelivered";

    private RedisStreamConstants() {
    }
}

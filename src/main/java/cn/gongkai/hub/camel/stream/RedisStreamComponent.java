package cn.gongkai.hub.camel.stream;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code redis-stream:} a durable work queue on a Redis Stream, read through a consumer group so that several
 * processes share the work and entries left behind by a dead consumer are taken over.
 *
 * <p>Register it with {@code context.addComponent("redis-stream", component)}. The component does not own the
 * {@link RedisClient}: it closes the connections it opened when it stops, never the client.
 *
 * <h2>URI</h2>
 * {@code redis-stream:<name>[?options]}. {@code <name>} is a logical name; the Redis key is
 * {@code keyResolver.key(name, -1)}, or with {@code buckets=N} the N keys {@code keyResolver.key(name, 0..N-1)}, so the
 * caller decides key naming (and the hash tags for Redis Cluster: one bucket, one slot).
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code group}</td><td>(required to consume)</td><td>consumer group name</td></tr>
 *   <tr><td>{@code consumerName}</td><td>the component's default (instance id)</td><td>consumer name in the
 *       group; must be stable across restarts and unique per process. With {@code concurrentConsumers > 1},
 *       thread <i>i</i> uses {@code consumerName-i}</td></tr>
 *   <tr><td>{@code batchSize}</td><td>100</td><td>most entries per read, and so per exchange</td></tr>
 *   <tr><td>{@code blockMillis}</td><td>1000</td><td>how long one read waits for new entries</td></tr>
 *   <tr><td>{@code reclaimIdleMillis}</td><td>60000</td><td>a pending entry idle this long is taken over;
 *       must exceed the longest time a batch can take to process</td></tr>
 *   <tr><td>{@code reclaimIntervalMillis}</td><td>5000</td><td>how often each consumer thread looks for such
 *       entries</td></tr>
 *   <tr><td>{@code concurrentConsumers}</td><td>1</td><td>reading threads, each with its own connection</td></tr>
 *   <tr><td>{@code groupStartId}</td><td>{@code 0}</td><td>where a newly created group starts: {@code 0} also
 *       delivers entries added before the group existed, {@code $} only later ones</td></tr>
 *   <tr><td>{@code buckets}</td><td>0</td><td>0: one stream; N: the logical stream is N streams, every consumer
 *       thread reads all of them (one blocking XREADGROUP naming all when {@link StreamConnections#multiKeyReads()},
 *       else one stream at a time in turn, blocking at most {@code idleBlockMillis} on one when all were empty), and a
 *       producer writes to the bucket in header {@value RedisStreamConstants#BUCKET} (0 without it)</td></tr>
 *   <tr><td>{@code idleBlockMillis}</td><td>200</td><td>with buckets on a cluster: the longest a thread waits on one
 *       stream while the others may receive entries (bounds the latency of a new entry)</td></tr>
 *   <tr><td>{@code maxLen}</td><td>1000000</td><td>producer: approximate cap on the stream length; 0 = no
 *       cap</td></tr>
 * </table>
 *
 * <h2>Consumer</h2>
 * At start each thread creates the group if it is absent ({@code XGROUP CREATE key group <groupStartId>
 * MKSTREAM}), re-reads the entries still pending for its own consumer name (left by an earlier run under the
 * same name), then loops on {@code XREADGROUP GROUP group consumer COUNT batchSize BLOCK blockMillis STREAMS key >}.
 * Each read becomes ONE exchange whose body is a {@code List<Map<String,String>>}: the entries' fields, plus
 * {@value RedisStreamConstants#FIELD_ID} (the entry id) and {@value RedisStreamConstants#FIELD_REDELIVERED}
 * ({@code "true"} for entries read again after a restart or taken over from another consumer, else
 * {@code "false"}). Headers: {@value RedisStreamConstants#STREAM_NAME}, {@value RedisStreamConstants#BATCH_SIZE}.
 * The exchange is processed on the reading thread.
 *
 * <p>Acknowledgement: when the exchange completes without an exception (handled exceptions count as success)
 * all its entries are acknowledged in one {@code XACK}. When it fails, nothing is acknowledged: the entries stay
 * pending and, once idle for {@code reclaimIdleMillis}, some consumer of the group takes them over with
 * {@code XAUTOCLAIM ... JUSTID} plus {@code XCLAIM} for their fields (checked every {@code reclaimIntervalMillis})
 * and delivers them again as redelivered.
 * Delivery is therefore at least once: a route must tolerate seeing an entry twice (a crash between the work
 * and the XACK, or a batch that outlives {@code reclaimIdleMillis}). An entry that always fails comes back every
 * {@code reclaimIdleMillis}; dead-lettering it is the route's job (an error handler that handles the exception).
 *
 * <p>Connections: each consumer thread has its own, used for its blocking reads and, between reads, for its
 * reclaims and acknowledgements; producers share one per component. When Redis cannot be reached the consumer
 * logs one WARN per outage, reconnects every second, and logs INFO once Redis answers again. If the group
 * disappeared (Redis lost its data) it is created again.
 *
 * <h2>Producer</h2>
 * Body {@code Map<String,?>}: one {@code XADD}; body {@code Iterable<Map<String,?>>} (for example a consumed
 * batch): one {@code XADD} per map, sent pipelined and awaited together. Values are written with
 * {@code String.valueOf}; null values and the reserved {@code _streamId}/{@code _redelivered} fields are left
 * out. Header {@value RedisStreamConstants#STREAM_IDS} gets the new ids. Entries stay in the stream after they
 * are acknowledged; every {@code XADD} carries {@code MAXLEN ~ maxLen}, so old entries are trimmed as new ones
 * arrive. Trimming does not look at the group: if more than {@code maxLen} entries are ever waiting, the oldest
 * are lost (the consumer then logs and acknowledges the ids that no longer exist). Size {@code maxLen} well
 * above the largest backlog you expect.
 *
 * <p>Commands used: XGROUP CREATE, XREADGROUP, XACK, XAUTOCLAIM (Redis 6.2+), XCLAIM, XADD, and XRANGE to
 * confirm that a claimed entry was deleted; each touches one key, so the component runs unchanged on Redis
 * Cluster.
 */
public class RedisStreamComponent extends DefaultComponent {

    /** Logical stream name and bucket (-1 for a stream without buckets) to the Redis key. */
    @FunctionalInterface
    public interface KeyResolver {
        String key(String name, int bucket);
    }

    private final StreamConnections connections;
    private final KeyResolver keyResolver;
    private final String defaultConsumerName;
    private final Object connectionLock = new Object();
    private StatefulConnection<String, String> sharedConnection;

    /**
     * @param connections         where connections come from; the component closes the ones it opened when it stops
     * @param keyResolver         stream name and bucket to Redis key, e.g. {@code (n, b) -> "hub:{" + n + ":" + b + "}:stream"}
     * @param defaultConsumerName consumer name used when the URI gives none (this process's instance id)
     */
    public RedisStreamComponent(StreamConnections connections, KeyResolver keyResolver, String defaultConsumerName) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.keyResolver = Objects.requireNonNull(keyResolver, "keyResolver");
        if (defaultConsumerName == null || defaultConsumerName.isBlank()) {
            throw new IllegalArgumentException("defaultConsumerName must not be blank");
        }
        this.defaultConsumerName = defaultConsumerName;
    }

    /** One Redis server; stream keys from the name alone ({@code buckets} then names the key {@code <name>:<bucket>}). */
    public RedisStreamComponent(RedisClient client, Function<String, String> keyResolver, String defaultConsumerName) {
        this(StreamConnections.of(client), (name, bucket) -> keyResolver.apply(bucket < 0 ? name : name + ":" + bucket), defaultConsumerName);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("redis-stream: needs a stream name, as in redis-stream:sms");
        }
        RedisStreamEndpoint endpoint = new RedisStreamEndpoint(uri, this, remaining);
        endpoint.setConsumerName(defaultConsumerName);
        setProperties(endpoint, parameters);
        for (String key : endpoint.getKeys()) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("keyResolver gave no Redis key for stream '" + remaining + "'");
            }
        }
        return endpoint;
    }

    String key(String name, int bucket) {
        return keyResolver.key(name, bucket);
    }

    StreamConnections connections() {
        return connections;
    }

    /** The connection producers share, opened on first use. Never used for blocking reads. */
    StatefulConnection<String, String> sharedConnection() {
        synchronized (connectionLock) {
            if (sharedConnection == null || !sharedConnection.isOpen()) {
                sharedConnection = connections.open();
            }
            return sharedConnection;
        }
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (connectionLock) {
            if (sharedConnection != null) {
                sharedConnection.close();
                sharedConnection = null;
            }
        }
        super.doStop();
    }
}

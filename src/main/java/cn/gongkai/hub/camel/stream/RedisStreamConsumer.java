package cn.gongkai.hub.camel.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads batches through a consumer group on {@code concurrentConsumers} threads and turns each batch into one
 * exchange. Semantics: {@link RedisStreamComponent}.
 */
final class RedisStreamConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStreamConsumer.class);

    static final long RETRY_MILLIS = 1_000;
    /** Bounds one reclaim round so that a large backlog of stale entries does not starve new ones. */
    private static final int RECLAIM_BATCHES_PER_ROUND = 10;
    /** Added to BLOCK for the command timeout of the reading connections. */
    private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(5);

    private final RedisStreamEndpoint endpoint;
    private final List<String> keys;
    private final String group;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private ExecutorService executor;

    RedisStreamConsumer(RedisStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.keys = endpoint.getKeys();
        this.group = endpoint.getGroup();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        stopSignal = new CountDownLatch(1);
        int threads = endpoint.getConcurrentConsumers();
        executor = endpoint.getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "redis-stream[" + endpoint.getName() + "]", threads);
        for (int i = 1; i <= threads; i++) {
            String name = threads == 1 ? endpoint.getConsumerName() : endpoint.getConsumerName() + "-" + i;
            Worker worker = new Worker(name);
            workers.add(worker);
            executor.submit(worker);
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        stopSignal.countDown();
        // Closing a reading connection ends its blocking XREADGROUP at once; a thread that is processing a
        // batch does not use its connection until it acknowledges, so it finishes and then sees the stop.
        workers.forEach(Worker::closeConnection);
        if (executor != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        workers.forEach(Worker::closeConnection);
        workers.clear();
        super.doStop();
    }

    private boolean isActive() {
        return running && isRunAllowed() && !Thread.currentThread().isInterrupted();
    }

    private void redisAnswers() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("redis-stream '{}' (keys {}, group {}): Redis answers again, consuming resumes",
                    endpoint.getName(), keys.size() == 1 ? keys.get(0) : keys.size() + " buckets", group);
        }
    }

    private void redisFails(Exception e) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn("redis-stream '{}' (keys {}, group {}): Redis commands fail, retrying every {} ms"
                            + " (logged once until Redis answers again): {}",
                    endpoint.getName(), keys.size() == 1 ? keys.get(0) : keys.size() + " buckets", group, RETRY_MILLIS, e.toString());
        } else {
            LOG.debug("redis-stream '{}': still failing: {}", endpoint.getName(), e.toString());
        }
    }

    private void pause() {
        try {
            stopSignal.await(RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One of the endpoint's streams as one worker thread reads it. */
    private static final class Stream {
        final String key;
        boolean groupReady;
        boolean ownPendingRead;
        String ownPendingCursor = "0";
        String reclaimCursor = "0-0";

        Stream(String key) {
            this.key = key;
        }

        void restartOwnPending() {
            ownPendingRead = false;
            ownPendingCursor = "0";
        }
    }

    private final class Worker implements Runnable {

        private final io.lettuce.core.Consumer<String> me;
        private final List<Stream> streams = new ArrayList<>();
        private StatefulConnection<String, String> connection;
        private long nextReclaimNanos = System.nanoTime();
        /** Where the next one-at-a-time read starts, so every bucket gets its turn. */
        private int turn;

        Worker(String consumerName) {
            this.me = io.lettuce.core.Consumer.from(group, consumerName);
            for (String key : keys) {
                streams.add(new Stream(key));
            }
        }

        @Override
        public void run() {
            while (isActive()) {
                try {
                    RedisClusterCommands<String, String> redis = commands();
                    Stream pending = null;
                    boolean groupsReady = true;
                    for (Stream st : streams) {
                        if (!st.groupReady) {
                            createGroup(redis, st);
                            groupsReady = false;
                            break;
                        }
                        if (!st.ownPendingRead && pending == null) {
                            pending = st;
                        }
                    }
                    if (!groupsReady) {
                        continue;
                    }
                    if (pending != null) {
                        readOwnPending(redis, pending);
                    } else if (System.nanoTime() - nextReclaimNanos >= 0) {
                        reclaim(redis);
                    } else {
                        readNew(redis);
                    }
                } catch (RedisCommandExecutionException e) {
                    if (!isActive()) {
                        break;
                    }
                    if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
                        streams.forEach(st -> {
                            st.groupReady = false;
                            st.restartOwnPending();
                        });
                    }
                    redisFails(e);
                    pause();
                } catch (RedisException e) {
                    if (!isActive()) {
                        break;
                    }
                    redisFails(e);
                    // A read whose reply was lost may have handed entries to this consumer: read them again.
                    closeConnection();
                    streams.forEach(Stream::restartOwnPending);
                    pause();
                } catch (RuntimeException e) {
                    if (!isActive()) {
                        break;
                    }
                    getExceptionHandler().handleException("redis-stream '" + endpoint.getName() + "' consumer", e);
                    pause();
                }
            }
            closeConnection();
        }

        private synchronized RedisClusterCommands<String, String> commands() {
            if (!running) {
                throw new RedisException("consumer stopped");
            }
            if (connection == null) {
                StatefulConnection<String, String> c = endpoint.getComponent().connections().open();
                c.setTimeout(Duration.ofMillis(endpoint.getBlockMillis()).plus(READ_TIMEOUT_MARGIN));
                connection = c;
            }
            return endpoint.getComponent().connections().sync(connection);
        }

        synchronized void closeConnection() {
            if (connection != null) {
                connection.closeAsync();
                connection = null;
            }
        }

        private void createGroup(RedisClusterCommands<String, String> redis, Stream st) {
            try {
                redis.xgroupCreate(StreamOffset.from(st.key, endpoint.getGroupStartId()), group,
                        XGroupCreateArgs.Builder.mkstream());
                LOG.info("redis-stream '{}': created consumer group {} on {} from {}",
                        endpoint.getName(), group, st.key, endpoint.getGroupStartId());
            } catch (RedisCommandExecutionException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                    throw e;
                }
            }
            redisAnswers();
            st.groupReady = true;
        }

        /** Entries this consumer name read before (an earlier run, or a read whose reply was lost). */
        private void readOwnPending(RedisClusterCommands<String, String> redis, Stream st) {
            List<StreamMessage<String, String>> messages = redis.xreadgroup(me,
                    XReadArgs.Builder.count(endpoint.getBatchSize()), StreamOffset.from(st.key, st.ownPendingCursor));
            redisAnswers();
            if (messages.isEmpty()) {
                st.ownPendingRead = true;
                return;
            }
            // Move past them whatever happens: a failed batch stays pending and is left to the reclaim.
            st.ownPendingCursor = messages.get(messages.size() - 1).getId();
            process(redis, st.key, messages, true, List.of());
        }

        /**
         * Takes over entries idle for reclaimIdleMillis, whoever holds them, on every stream. XAUTOCLAIM with JUSTID
         * lists every claimed id; the entries' fields then come from XCLAIM. (XAUTOCLAIM without JUSTID on Redis 6.2
         * leaves out entries deleted from the stream, which would then stay pending unseen.)
         */
        private void reclaim(RedisClusterCommands<String, String> redis) {
            for (Stream st : streams) {
                for (int i = 0; i < RECLAIM_BATCHES_PER_ROUND && isActive(); i++) {
                    List<Object> reply = redis.dispatch(CommandType.XAUTOCLAIM, new NestedMultiOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).addKey(st.key).add(group).add(me.getName())
                                    .add(endpoint.getReclaimIdleMillis()).add(st.reclaimCursor)
                                    .add("COUNT").add(endpoint.getBatchSize()).add("JUSTID"));
                    redisAnswers();
                    st.reclaimCursor = (String) reply.get(0);
                    List<String> ids = strings(reply.get(1));
                    // Redis 7+ drops deleted entries from the pending list itself and names them here.
                    List<String> deleted = reply.size() > 2 ? strings(reply.get(2)) : List.of();
                    if (!deleted.isEmpty()) {
                        warnTrimmed(st.key, deleted);
                    }
                    if (!ids.isEmpty()) {
                        List<StreamMessage<String, String>> claimed =
                                redis.xclaim(st.key, me, 0, ids.toArray(String[]::new));
                        LOG.debug("redis-stream '{}': {} took over {} idle entries of {}",
                                endpoint.getName(), me.getName(), ids.size(), st.key);
                        process(redis, st.key, claimed, true, trimmedAmong(redis, st.key, ids, claimed));
                    }
                    if ("0-0".equals(st.reclaimCursor)) {
                        break;
                    }
                }
            }
            nextReclaimNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getReclaimIntervalMillis());
        }

        /** Ids XCLAIM gave no fields for and that are gone from the stream (not merely acknowledged meanwhile). */
        private List<String> trimmedAmong(RedisClusterCommands<String, String> redis, String key, List<String> ids,
                                          List<StreamMessage<String, String>> claimed) {
            Set<String> found = new HashSet<>();
            for (StreamMessage<String, String> message : claimed) {
                if (message.getId() != null && message.getBody() != null && !message.getBody().isEmpty()) {
                    found.add(message.getId());
                }
            }
            List<String> trimmed = new ArrayList<>();
            for (String id : ids) {
                if (!found.contains(id) && redis.xrange(key, Range.create(id, id)).isEmpty()) {
                    trimmed.add(id);
                }
            }
            return trimmed;
        }

        private void readNew(RedisClusterCommands<String, String> redis) {
            if (streams.size() == 1 || endpoint.getComponent().connections().multiKeyReads()) {
                @SuppressWarnings("unchecked")
                StreamOffset<String>[] offsets = streams.stream().map(st -> StreamOffset.lastConsumed(st.key)).toArray(StreamOffset[]::new);
                List<StreamMessage<String, String>> messages = redis.xreadgroup(me,
                        XReadArgs.Builder.count(endpoint.getBatchSize()).block(endpoint.getBlockMillis()), offsets);
                redisAnswers();
                Map<String, List<StreamMessage<String, String>>> byKey = new LinkedHashMap<>();
                for (StreamMessage<String, String> m : messages) {
                    byKey.computeIfAbsent(m.getStream(), k -> new ArrayList<>()).add(m);
                }
                byKey.forEach((key, batch) -> process(redis, key, batch, false, List.of()));
                return;
            }
            // a cluster: each stream may be on another node, so they are read in turn
            for (int i = 0; i < streams.size(); i++) {
                Stream st = streams.get((turn + i) % streams.size());
                List<StreamMessage<String, String>> messages = redis.xreadgroup(me,
                        XReadArgs.Builder.count(endpoint.getBatchSize()), StreamOffset.lastConsumed(st.key));
                redisAnswers();
                if (!messages.isEmpty()) {
                    turn = (turn + i + 1) % streams.size();
                    process(redis, st.key, messages, false, List.of());
                    return;
                }
            }
            Stream st = streams.get(turn);
            turn = (turn + 1) % streams.size();
            List<StreamMessage<String, String>> messages = redis.xreadgroup(me,
                    XReadArgs.Builder.count(endpoint.getBatchSize()).block(Math.min(endpoint.getBlockMillis(), endpoint.getIdleBlockMillis())),
                    StreamOffset.lastConsumed(st.key));
            redisAnswers();
            if (!messages.isEmpty()) {
                process(redis, st.key, messages, false, List.of());
            }
        }

        /**
         * One exchange for the batch of one stream; XACK on success. {@code trimmed}: ids known to be gone from the
         * stream; entries read back without fields (a history read of a deleted entry) are added to them.
         */
        private void process(RedisClusterCommands<String, String> redis, String key, List<StreamMessage<String, String>> messages,
                             boolean redelivered, List<String> trimmed) {
            List<Map<String, String>> body = new ArrayList<>(messages.size());
            List<String> ids = new ArrayList<>(messages.size());
            List<String> vanished = new ArrayList<>(trimmed);
            for (StreamMessage<String, String> message : messages) {
                if (message.getId() == null) {
                    continue;
                }
                // XADD needs at least one field, so an entry without fields is one deleted while pending.
                if (message.getBody() == null || message.getBody().isEmpty()) {
                    vanished.add(message.getId());
                    continue;
                }
                Map<String, String> entry = new LinkedHashMap<>(message.getBody());
                entry.put(RedisStreamConstants.FIELD_ID, message.getId());
                entry.put(RedisStreamConstants.FIELD_REDELIVERED, Boolean.toString(redelivered));
                body.add(entry);
                ids.add(message.getId());
            }
            if (!vanished.isEmpty()) {
                warnTrimmed(key, vanished);
                redis.xack(key, group, vanished.toArray(String[]::new));
            }
            if (body.isEmpty()) {
                return;
            }
            Exchange exchange = createExchange(false);
            try {
                Message in = exchange.getIn();
                in.setBody(body);
                in.setHeader(RedisStreamConstants.STREAM_NAME, endpoint.getName());
                in.setHeader(RedisStreamConstants.STREAM_KEY, key);
                in.setHeader(RedisStreamConstants.BATCH_SIZE, body.size());
                try {
                    getProcessor().process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                if (exchange.isFailed() || exchange.isRollbackOnly()) {
                    getExceptionHandler().handleException("redis-stream '" + endpoint.getName() + "': batch of "
                            + ids.size() + " entries of " + key + " failed; they stay pending and come back after "
                            + endpoint.getReclaimIdleMillis() + " ms idle", exchange, exchange.getException());
                } else {
                    // On the reading connection: this thread is not inside a blocking read now, and a failed
                    // XACK is then handled like a failed read (the entries stay pending and come back).
                    redis.xack(key, group, ids.toArray(String[]::new));
                }
            } finally {
                releaseExchange(exchange, false);
            }
        }

        private void warnTrimmed(String key, List<String> ids) {
            LOG.warn("redis-stream '{}': {} pending entries were deleted from {} (trimmed by MAXLEN?) before they"
                    + " were processed and are lost: {}", endpoint.getName(), ids.size(), key, ids);
        }
    }

    private static List<String> strings(Object reply) {
        List<String> strings = new ArrayList<>();
        if (reply instanceof List<?> list) {
            for (Object item : list) {
                if (item != null) {
                    strings.add(item.toString());
                }
            }
        }
        return strings;
    }
}

package cn.gongkai.hub.camel.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisStreamComponentTest {

    private static final String GROUP = "hub";

    @TempDir
    static Path dataDir;
    static EmbeddedRedis redisServer;
    static RedisClient client;
    static StatefulRedisConnection<String, String> admin;
    static RedisCommands<String, String> redis;

    private final List<CamelContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redisServer = new EmbeddedRedis(dataDir);
        client = RedisClient.create(redisServer.uri());
        admin = client.connect();
        redis = admin.sync();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        admin.close();
        client.shutdown();
        redisServer.close();
    }

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    static String key(String name) {
        return "test:{" + name + "}:stream";
    }

    private CamelContext newContext(RedisClient redisClient, String defaultConsumerName) {
        CamelContext context = TestCamelContexts.newContext();
        context.addComponent("redis-stream",
                new RedisStreamComponent(redisClient, RedisStreamComponentTest::key, defaultConsumerName));
        contexts.add(context);
        return context;
    }

    private CamelContext consumer(String stream, String consumerName, String options, Batches batches)
            throws Exception {
        CamelContext context = newContext(client, "unused-default");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:" + stream + "?group=" + GROUP + "&consumerName=" + consumerName + "&" + options)
                        .routeId("consume-" + stream + "-" + consumerName)
                        .process(batches);
            }
        });
        context.start();
        return context;
    }

    private List<String> produce(String stream, List<Map<String, String>> entries) {
        CamelContext context = newContext(client, "producer");
        context.start();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            Exchange done = template.request("redis-stream:" + stream, e -> e.getIn().setBody(entries));
            assertThat(done.getException()).isNull();
            @SuppressWarnings("unchecked")
            List<String> ids = done.getMessage().getHeader(RedisStreamConstants.STREAM_IDS, List.class);
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long pending(String stream) {
        return redis.xpending(key(stream), GROUP).getCount();
    }

    @Test
    void should_consume_entries_from_yaml_route_in_batches_exactly_once_and_ack_them() throws Exception {
        Batches batches = Batches.recording();
        CamelContext context = newContext(client, "yaml-1");
        context.getRegistry().bind("collector", batches);
        String yaml = """
                - route:
                    id: enqueue-orders
                    from:
                      uri: direct:enqueue-orders
                      steps:
                        - to:
                            uri: redis-stream:orders
                            parameters:
                              maxLen: 10000
                - route:
                    id: consume-orders
                    autoStartup: false
                    from:
                      uri: redis-stream:orders
                      parameters:
                        group: hub
                        batchSize: 50
                        blockMillis: 200
                        reclaimIdleMillis: 200
                        reclaimIntervalMillis: 100
                      steps:
                        - process:
                            ref: collector
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("test.camel.yaml", yaml));
        context.start();
        Set<String> producedIds = new HashSet<>();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            Exchange empty = template.request("direct:enqueue-orders", e -> e.getIn().setBody(List.of()));
            assertThat(empty.getException()).isInstanceOf(IllegalArgumentException.class);
            // Entries added before the group exists are delivered too (groupStartId=0).
            for (int chunk = 0; chunk < 5; chunk++) {
                int from = chunk * 100;
                Exchange done = template.request("direct:enqueue-orders",
                        e -> e.getIn().setBody(Deliveries.entries(from, 100)));
                producedIds.addAll(done.getMessage().getHeader(RedisStreamConstants.STREAM_IDS, List.class));
            }
            assertThat(redis.xlen(key("orders"))).isEqualTo(500);

            context.getRouteController().startRoute("consume-orders");
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.count() >= 500);

            for (int seq = 500; seq < 600; seq++) {
                int s = seq;
                Exchange done = template.request("direct:enqueue-orders",
                        e -> e.getIn().setBody(Deliveries.entry(s)));
                producedIds.addAll(done.getMessage().getHeader(RedisStreamConstants.STREAM_IDS, List.class));
            }
        }

        // Nothing comes twice even though unacknowledged entries would be reclaimed after 200 ms.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> batches.count() == 600);
        assertThat(producedIds).hasSize(600);
        assertThat(batches.ids()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(producedIds);
        assertThat(batches.entries()).extracting(e -> Integer.parseInt(e.get("seq")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 600).boxed().toList());
        assertThat(batches.entries()).allSatisfy(e -> {
            assertThat(e).containsEntry(RedisStreamConstants.FIELD_REDELIVERED, "false");
            assertThat(e).containsEntry("text", Deliveries.TEXT);
            assertThat(e).containsEntry("recipient", String.format("138%08d", Integer.parseInt(e.get("seq"))));
        });
        List<Batches.Batch> all = batches.batches();
        assertThat(all).allSatisfy(b -> {
            assertThat(b.streamName()).isEqualTo("orders");
            assertThat(b.batchSize()).isEqualTo(b.entries().size());
            assertThat(b.entries()).hasSizeBetween(1, 50);
        });
        // The 500-entry backlog arrived as full batches, not one exchange per entry.
        assertThat(all.get(0).entries()).hasSize(50);
        assertThat(all.size()).isLessThan(600);
        assertThat(pending("orders")).isZero();
    }

    @Test
    void should_leave_a_failed_batch_pending_until_another_consumer_reclaims_it_as_redelivered() throws Exception {
        Batches refusing = Batches.failing();
        consumer("refused", "a", "blockMillis=200&reclaimIdleMillis=300&reclaimIntervalMillis=3600000", refusing);
        List<String> ids = produce("refused", Deliveries.entries(0, 5));

        await().atMost(Duration.ofSeconds(10)).until(() -> refusing.count() == 5);
        assertThat(refusing.entries()).allSatisfy(
                e -> assertThat(e).containsEntry(RedisStreamConstants.FIELD_REDELIVERED, "false"));
        var pending = redis.xpending(key("refused"), GROUP);
        assertThat(pending.getCount()).isEqualTo(5);
        assertThat(pending.getConsumerMessageCount()).containsExactly(Map.entry("a", 5L));

        Batches taking = Batches.recording();
        consumer("refused", "b", "blockMillis=200&reclaimIdleMillis=300&reclaimIntervalMillis=100", taking);

        await().atMost(Duration.ofSeconds(10)).until(() -> taking.count() == 5);
        assertThat(taking.ids()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(taking.entries()).allSatisfy(
                e -> assertThat(e).containsEntry(RedisStreamConstants.FIELD_REDELIVERED, "true"));
        assertThat(taking.entries()).extracting(e -> e.get("seq")).containsExactlyInAnyOrder("0", "1", "2", "3", "4");
        await().atMost(Duration.ofSeconds(5)).until(() -> pending("refused") == 0);
        assertThat(refusing.count()).isEqualTo(5);
    }

    @Test
    void should_redeliver_its_own_pending_entries_when_restarted_under_the_same_name() throws Exception {
        Batches refusing = Batches.failing();
        CamelContext first = consumer("restarted", "same", "blockMillis=200&reclaimIdleMillis=3600000", refusing);
        List<String> ids = produce("restarted", Deliveries.entries(0, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusing.count() == 3);
        first.stop();
        assertThat(redis.xpending(key("restarted"), GROUP).getConsumerMessageCount())
                .containsExactly(Map.entry("same", 3L));

        // Reclaim cannot be what brings them back: the idle threshold is an hour.
        Batches again = Batches.recording();
        consumer("restarted", "same", "blockMillis=200&reclaimIdleMillis=3600000", again);

        await().atMost(Duration.ofSeconds(10)).until(() -> again.count() == 3);
        assertThat(again.ids()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(again.entries()).allSatisfy(
                e -> assertThat(e).containsEntry(RedisStreamConstants.FIELD_REDELIVERED, "true"));
        await().atMost(Duration.ofSeconds(5)).until(() -> pending("restarted") == 0);
    }

    @Test
    void should_acknowledge_and_skip_pending_entries_that_were_trimmed_away() throws Exception {
        String stream = "trimmed-pending";
        // Found by another consumer through XAUTOCLAIM.
        leavePendingAndTrim(stream, "dead", 0);
        Batches other = Batches.recording();
        CamelContext otherContext = consumer(stream, "other",
                "blockMillis=200&reclaimIdleMillis=100&reclaimIntervalMillis=100", other);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(stream) == 0);
        otherContext.stop();
        assertThat(other.count()).isZero();

        // Found by the same consumer name in its own pending list after a restart.
        leavePendingAndTrim(stream, "restarting", 3);
        Batches own = Batches.recording();
        consumer(stream, "restarting", "blockMillis=200&reclaimIdleMillis=3600000", own);
        await().atMost(Duration.ofSeconds(10)).until(() -> pending(stream) == 0);

        assertThat(own.count()).isZero();

        // Still consuming normally afterwards.
        List<String> ids = produce(stream, Deliveries.entries(6, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> own.count() == 2);
        assertThat(own.ids()).containsExactlyInAnyOrderElementsOf(ids);
    }

    private void leavePendingAndTrim(String stream, String consumerName, int from) throws Exception {
        Batches refusing = Batches.failing();
        CamelContext context = consumer(stream, consumerName, "blockMillis=200&reclaimIdleMillis=3600000", refusing);
        produce(stream, Deliveries.entries(from, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> refusing.count() == 3);
        context.stop();
        redis.xtrim(key(stream), 0);
        assertThat(redis.xpending(key(stream), GROUP).getConsumerMessageCount()).containsEntry(consumerName, 3L);
    }

    @Test
    void should_split_entries_between_two_consumers_of_one_group_without_duplicates() throws Exception {
        Batches x = Batches.recording();
        Batches y = Batches.recording();
        consumer("shared", "x", "batchSize=10&blockMillis=200", x);
        consumer("shared", "y", "batchSize=10&blockMillis=200", y);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(key("shared")) == 1
                && redis.xinfoConsumers(key("shared"), GROUP).size() == 2);

        Set<String> produced = new HashSet<>();
        for (int chunk = 0; chunk < 20; chunk++) {
            produced.addAll(produce("shared", Deliveries.entries(chunk * 100, 100)));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> x.count() + y.count() >= 2000);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> x.count() + y.count() == 2000);
        assertThat(produced).hasSize(2000);
        assertThat(x.count()).isPositive();
        assertThat(y.count()).isPositive();
        List<String> union = new ArrayList<>(x.ids());
        union.addAll(y.ids());
        assertThat(union).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(produced);
        await().atMost(Duration.ofSeconds(5)).until(() -> pending("shared") == 0);
    }

    @Test
    void should_stop_its_threads_and_close_its_connections_when_the_context_stops() throws Exception {
        RedisURI named = redisServer.uri();
        named.setClientName("stop-test");
        RedisClient ownClient = RedisClient.create(named);
        try {
            Batches batches = Batches.recording();
            CamelContext context = newContext(ownClient, "stopper");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-stream:stopping?group=hub&concurrentConsumers=3&blockMillis=5000")
                            .process(batches);
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("redis-stream:stopping", Deliveries.entry(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.count() == 1);
            assertThat(batches.batches().get(0).thread()).contains("redis-stream[stopping]");
            await().atMost(Duration.ofSeconds(10)).until(() -> streamThreads("stopping") == 3
                    && connectionsNamed("stop-test") == 4);
            assertThat(redis.xinfoConsumers(key("stopping"), GROUP)).hasSize(3);

            long started = System.nanoTime();
            context.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Well under blockMillis: stopping does not wait for the blocked reads to time out.
            assertThat(took).isLessThan(Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(2)).until(() -> streamThreads("stopping") == 0);
            await().atMost(Duration.ofSeconds(2)).until(() -> connectionsNamed("stop-test") == 0);
        } finally {
            ownClient.shutdown();
        }
    }

    @Test
    void should_bind_uri_options_through_setters_and_refuse_unknown_ones() throws Exception {
        CamelContext context = newContext(client, "instance-7");
        context.start();
        RedisStreamEndpoint endpoint = context.getEndpoint("redis-stream:sms?group=hub&batchSize=7&blockMillis=250"
                + "&reclaimIdleMillis=900&reclaimIntervalMillis=450&concurrentConsumers=2&maxLen=5000"
                + "&groupStartId=$", RedisStreamEndpoint.class);
        assertThat(endpoint.getKeys()).containsExactly("test:{sms}:stream");
        assertThat(endpoint.getConsumerName()).isEqualTo("instance-7");
        assertThat(endpoint.getGroup()).isEqualTo("hub");
        assertThat(endpoint.getBatchSize()).isEqualTo(7);
        assertThat(endpoint.getBlockMillis()).isEqualTo(250);
        assertThat(endpoint.getReclaimIdleMillis()).isEqualTo(900);
        assertThat(endpoint.getReclaimIntervalMillis()).isEqualTo(450);
        assertThat(endpoint.getConcurrentConsumers()).isEqualTo(2);
        assertThat(endpoint.getMaxLen()).isEqualTo(5000);
        assertThat(endpoint.getGroupStartId()).isEqualTo("$");

        assertThatThrownBy(() -> context.getEndpoint("redis-stream:sms?group=hub&batchsize=7&blockMilis=3"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("blockMilis");
        assertThatThrownBy(() -> context.getEndpoint("redis-stream:sms").createConsumer(exchange -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("group");
    }

    @Test
    void should_trim_the_stream_to_about_max_len_when_adding() {
        CamelContext context = newContext(client, "producer");
        context.start();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            for (int chunk = 0; chunk < 30; chunk++) {
                template.sendBody("redis-stream:trimmed?maxLen=500", Deliveries.entries(chunk * 100, 100));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // MAXLEN ~ trims whole macro nodes (100 entries each by default), so the length stays near maxLen.
        assertThat(redis.xlen(key("trimmed"))).isBetween(500L, 700L);
    }

    private static long streamThreads(String stream) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().contains("redis-stream[" + stream + "]"))
                .count();
    }

    private static long connectionsNamed(String name) {
        return redis.clientList().lines().filter(line -> line.contains(" name=" + name + " ")).count();
    }
}

package cn.gongkai.hub.camel.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Redis goes away under a running consumer and comes back on the same port with the same data. */
class RedisStreamOutageTest {

    @TempDir
    Path dataDir;
    private EmbeddedRedis redisServer;
    private ClientResources resources;
    private RedisClient client;
    private CamelContext context;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger consumerLogger = (Logger) LoggerFactory.getLogger(RedisStreamConsumer.class);

    @BeforeEach
    void start() throws Exception {
        redisServer = new EmbeddedRedis(dataDir);
        // Lettuce's default reconnect backoff grows to 30 s; the producer's shared connection relies on it.
        resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(200))).build();
        client = RedisClient.create(resources, redisServer.uri());
        log.start();
        consumerLogger.addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.stop();
        }
        consumerLogger.detachAppender(log);
        client.shutdown();
        resources.shutdown();
        redisServer.close();
    }

    @Test
    void should_keep_consuming_after_redis_restarts_and_log_the_outage_once() throws Exception {
        Batches batches = Batches.recording();
        context = TestCamelContexts.newContext();
        context.addComponent("redis-stream",
                new RedisStreamComponent(client, RedisStreamComponentTest::key, "survivor"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("redis-stream:outage?group=hub&blockMillis=200&reclaimIdleMillis=1000"
                        + "&reclaimIntervalMillis=500").process(batches);
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();

        template.sendBody("redis-stream:outage", Deliveries.entries(0, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.count() == 10);

        redisServer.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> events(Level.WARN).size() == 1);
        // The consumer retries every second; the warning still stays single.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> events(Level.WARN).size() == 1);
        assertThat(events(Level.WARN).get(0).getFormattedMessage())
                .contains("redis-stream 'outage'", "test:{outage}:stream", "retrying every 1000 ms");
        assertThat(batches.count()).isEqualTo(10);

        redisServer.start();
        template.sendBody("redis-stream:outage", Deliveries.entries(10, 10));

        await().atMost(Duration.ofSeconds(30)).until(() -> batches.count() >= 20);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> batches.count() == 20);
        assertThat(batches.entries()).extracting(e -> Integer.parseInt(e.get("seq")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
        assertThat(events(Level.INFO)).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("Redis answers again"));
        assertThat(events(Level.WARN)).hasSize(1);

        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            // The first ten entries and their acknowledgements survived the restart (append-only file).
            assertThat(admin.sync().xlen(RedisStreamComponentTest.key("outage"))).isEqualTo(20);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    admin.sync().xpending(RedisStreamComponentTest.key("outage"), "hub").getCount() == 0);
        }
    }

    private List<ILoggingEvent> events(Level level) {
        return log.list.stream().filter(e -> e.getLevel() == level).toList();
    }
}

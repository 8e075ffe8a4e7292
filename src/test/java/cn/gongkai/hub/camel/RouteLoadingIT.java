package cn.gongkai.hub.camel;

import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteLoadingIT {
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static String route(String answer) {
        return """
                - route:
                    id: answer-ping
                    description: Answers a ping with {{hub.test.greeting}} and a fixed word
                    from:
                      uri: direct:ping
                      steps:
                        - process:
                            ref: gate
                        - setBody:
                            simple: "{{hub.test.greeting}} %s"
                """.formatted(answer);
    }

    @Test
    void should_load_routes_from_a_folder_and_pick_up_a_changed_file_on_restart(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("ping.camel.yaml"), route("v1"));
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.camel.routes-dir", routes.toString());
        props.put("hub.test.greeting", "你好");
        try (TestHub hub = TestHub.start(props)) {
            var camel = hub.bean(CamelRuntime.class).context();
            assertThat(camel.getRoute("answer-ping")).isNotNull();
            assertThat(camel.createProducerTemplate().requestBody("direct:ping", "?", String.class)).isEqualTo("你好 v1");
        }
        Files.writeString(routes.resolve("ping.camel.yaml"), route("v2"));
        try (TestHub hub = TestHub.start(props)) {
            var camel = hub.bean(CamelRuntime.class).context();
            assertThat(camel.createProducerTemplate().requestBody("direct:ping", "?", String.class)).isEqualTo("你好 v2");
        }
    }

    @Test
    void should_call_micronaut_beans_by_name_from_a_route(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("gate-check.camel.yaml"), """
                - route:
                    id: check-gate
                    from:
                      uri: direct:check
                      steps:
                        - process:
                            ref: gate
                        - setBody:
                            method:
                              ref: reviewGate
                              method: "refusal(${header.item}, 1, 'PUBLISH', 'check-gate')"
                """);
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.camel.routes-dir", routes.toString());
        try (TestHub hub = TestHub.start(props)) {
            Object answer = hub.bean(CamelRuntime.class).context().createProducerTemplate()
                    .requestBodyAndHeader("direct:check", null, "item", "no-such-item");
            assertThat(String.valueOf(answer)).contains("item no-such-item does not exist");
        }
    }

    @Test
    void should_run_the_gate_exactly_once_and_first_in_every_shipped_route() {
        try (TestHub hub = TestHub.start(redis)) {
            var model = (org.apache.camel.model.ModelCamelContext) hub.bean(CamelRuntime.class).context();
            assertThat(model.getRouteDefinitions()).hasSizeGreaterThanOrEqualTo(8);
            for (var route : model.getRouteDefinitions()) {
                var steps = route.getOutputs().stream().filter(o -> !o.isAbstract()).toList();
                assertThat(steps).as(route.getRouteId()).isNotEmpty();
                assertThat(GateEveryRoute.isGate(steps.get(0))).as(route.getRouteId() + " starts with the gate").isTrue();
                assertThat(steps.stream().filter(GateEveryRoute::isGate).count()).as(route.getRouteId() + " gates once").isEqualTo(1);
            }
        }
    }
}

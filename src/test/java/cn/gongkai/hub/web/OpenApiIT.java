package cn.gongkai.hub.web;

import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /openapi.yml}: anonymous, OpenAPI 3 YAML describing the JSON API, and none of the console's pages. */
class OpenApiIT {
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_describe_the_json_api_to_anyone_without_the_console() {
        TestHub.Response r = hub.get("/openapi.yml", null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/yaml");
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r.body());
        assertThat(String.valueOf(doc.get("openapi"))).startsWith("3.");
        assertThat(((Map<String, Object>) doc.get("info")).get("title")).isEqualTo("Gongkai Hub API");
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertThat(paths).containsKeys("/api/items", "/api/items/{id}/reviews", "/api/subscribers/imports", "/api/stats");
        assertThat(((Map<String, Object>) paths.get("/api/items"))).containsKeys("get", "post");
        assertThat(paths.keySet()).noneMatch(p -> p.startsWith("/console")).doesNotContain("/openapi.yml");
    }
}

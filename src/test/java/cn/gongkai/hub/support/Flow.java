package cn.gongkai.hub.support;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The usual path of an item through the API, for tests that need an approved item. */
public final class Flow {
    private final TestHub hub;

    public Flow(TestHub hub) {
        this.hub = hub;
    }

    /** Users editor, reviewer, approver (created once per hub). */
    public Flow users() {
        hub.user("editor", "EDITOR");
        hub.user("reviewer", "REVIEWER");
        hub.user("approver", "APPROVER");
        return this;
    }

    public JsonNode create(String itemJson) {
        TestHub.Response r = hub.as("editor", "POST", "/api/items", itemJson);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public JsonNode submit(String id) {
        TestHub.Response r = hub.as("editor", "POST", "/api/items/" + id + "/submit", "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    public TestHub.Response review(String user, String id, String stage, String decision, String hash) {
        return hub.as(user, "POST", "/api/items/" + id + "/reviews",
                "{\"stage\":\"" + stage + "\",\"decision\":\"" + decision + "\",\"contentHash\":\"" + hash + "\",\"comment\":\"同意\"}");
    }

    /** Waits (up to a minute) until the item is in one of {@code states}; returns it. */
    public JsonNode awaitState(String id, String... states) {
        JsonNode[] last = new JsonNode[1];
        org.awaitility.Awaitility.await("item " + id + " in " + java.util.Arrays.toString(states)).atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(100)).until(() -> {
                    last[0] = hub.as("editor", "GET", "/api/items/" + id, null).json();
                    return java.util.List.of(states).contains(last[0].get("state").asText());
                });
        return last[0];
    }

    /** Creates, submits and approves (first + final) an item; returns its final JSON. */
    public JsonNode approved(String itemJson) {
        JsonNode item = create(itemJson);
        String id = item.get("id").asText();
        String hash = item.get("contentHash").asText();
        submit(id);
        assertThat(review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
        TestHub.Response fin = review("approver", id, "final", "approve", hash);
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        assertThat(fin.json().get("state").asText()).isEqualTo("APPROVED");
        return fin.json();
    }
}

package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The site's folder shared by two hub instances, and a folder that cannot be written for a while. */
class SiteSharedFolderIT {
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static Map<String, Object> props(Path tmp, Path siteDir) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "website", "transport: site\ninitial-backoff: 200ms\nmax-backoff: 1s\nsite:\n  dir: " + siteDir
                + "\n  page-size: 2\n  latest: 10");
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return p;
    }

    static String publish(TestHub hub, Flow flow, int seed) {
        String id = flow.approved(Seeds.itemJson(seed, "[\"website\"]")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        return id;
    }

    @Test
    void should_list_every_item_on_the_pages_two_instances_write_into_one_folder(@TempDir Path tmp) throws Exception {
        Path shared = tmp.resolve("site");
        Map<String, Object> a = props(tmp, shared);
        a.put("hub.instance-id", "instance-a");
        Map<String, Object> b = new HashMap<>(a);
        b.put("hub.instance-id", "instance-b");
        try (TestHub one = TestHub.start(a); TestHub two = TestHub.start(b)) {
            Flow flowOne = new Flow(one).users();
            Flow flowTwo = new Flow(two);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < Seeds.FILES.size(); i++) {
                ids.add(i % 2 == 0 ? publish(one, flowOne, i) : publish(two, flowTwo, i));
            }
            for (String id : ids) {
                flowOne.awaitState(id, "PUBLISHED");
            }
            SiteFolder site = new SiteFolder(shared);
            List<String> listed = new ArrayList<>();
            for (String page : List.of("columns/ywgz/index.html", "columns/ywgz/page-2.html", "columns/ywgz/page-3.html")) {
                listed.addAll(site.page(page).select("ul.entries a").eachAttr("href"));
            }
            assertThat(listed).as("every item once, whichever instance wrote which page")
                    .containsExactlyInAnyOrderElementsOf(ids.stream().map(id -> "../../items/" + id + ".html").toList());
            assertThat(site.page("index.html").select("ul.entries a")).hasSize(ids.size());
            for (String rel : site.pages()) {
                assertThat(site.brokenLinks(rel)).as(rel).isEmpty();
            }
        }
    }

    @Test
    void should_retry_a_page_while_the_folder_cannot_be_written_and_write_it_once_it_can(@TempDir Path tmp) throws Exception {
        Path siteDir = tmp.resolve("site");
        Files.createDirectories(siteDir);
        // a file where the items folder belongs: every write of an item page fails as on a full or read-only disk
        Files.writeString(siteDir.resolve("items"), "in the way");
        try (TestHub hub = TestHub.start(props(tmp, siteDir))) {
            Flow flow = new Flow(hub).users();
            String id = publish(hub, flow, 2);
            String delivery = DeliveryStore.deliveryId("website", id, 1, "publish", "site");
            JsonNode retrying = await().atMost(Duration.ofSeconds(30)).until(
                    () -> hub.as("editor", "GET", "/api/deliveries/" + delivery, null).json(), d -> d.path("attempt").asInt() >= 2
                            || d.path("attempts").asInt() >= 2);
            assertThat(retrying.toString()).contains("cannot write the site's folder");
            assertThat(retrying.path("state").asText()).isNotIn("SENT", "FAILED", "DEAD");

            Files.delete(siteDir.resolve("items"));
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> "SENT".equals(hub.as("editor", "GET", "/api/deliveries/" + delivery, null).json().path("state").asText()));
            assertThat(siteDir.resolve("items/" + id + ".html")).isRegularFile();
            assertThat(new SiteFolder(siteDir).page("index.html").select("ul.entries a").eachAttr("href")).containsExactly("items/" + id + ".html");
        }
    }
}

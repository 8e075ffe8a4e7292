package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The five seeds published with {@code transport: site} on a whole hub, the generated folder read back: every page
 * parsed, every internal link followed, the feed and sitemap parsed as XML; then a republish, a rebuild and a
 * withdrawal, each checked the same way. The tests run in order on one hub and one site.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SiteTransportIT {
    static final String BASE = "https://www.example.gov.cn/xxgk";
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9";

    static SeedSite seeds;
    static TestHub hub;
    static SiteFolder site;
    static List<String> ids;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void publishTheSeeds() throws Exception {
        seeds = SeedSite.publish();
        hub = seeds.hub;
        site = seeds.site;
        ids = seeds.ids;
    }

    @AfterAll
    static void stop() {
        seeds.close();
    }

    static void approveAndPublish(String id, String hash) {
        seeds.approveAndPublish(id, hash);
    }

    static String itemPage(String id) {
        return "items/" + id + ".html";
    }

    /** Every page valid as the site promises, every internal link resolving, no script; the feed and sitemap listing {@code online}. */
    static void assertSiteListsExactly(List<String> online) {
        List<String> pages = site.pages();
        assertThat(pages).contains("index.html", "columns/ywgz/index.html", "columns/zcfg/index.html", "columns/qt/index.html");
        for (String rel : pages) {
            Document doc = site.page(rel);
            assertThat(doc.documentType()).as(rel + " doctype").isNotNull();
            assertThat(doc.documentType().name()).isEqualTo("html");
            assertThat(doc.selectFirst("html").attr("lang")).as(rel).isEqualTo("zh-CN");
            assertThat(doc.select("meta[charset]").attr("charset")).as(rel).isEqualToIgnoringCase("UTF-8");
            assertThat(doc.select("h1")).as(rel + ": one h1").hasSize(1);
            for (String landmark : List.of("header", "nav", "main", "footer")) {
                assertThat(doc.select(landmark)).as(rel + " has <" + landmark + ">").isNotEmpty();
            }
            assertThat(doc.select("main")).as(rel + ": one main").hasSize(1);
            assertThat(doc.select("a[href]").first().attr("href")).as(rel + ": the skip link comes first").isEqualTo("#main");
            assertThat(doc.select("script")).as(rel + ": no script").isEmpty();
            assertThat(doc.select("[onerror], [onclick], [onload]")).as(rel + ": no event handlers").isEmpty();
            assertThat(doc.select("img:not([alt])")).as(rel + ": every image has alt text").isEmpty();
            assertThat(site.brokenLinks(rel)).as(rel + ": broken links").isEmpty();
        }
        assertThat(site.files()).as("no temp file left").noneMatch(f -> f.contains(SiteFiles.TEMP_PREFIX));
        Set<String> itemPages = new TreeSet<>(site.files().stream().filter(f -> f.matches("items/[^/]+\\.html")).toList());
        assertThat(itemPages).isEqualTo(online.stream().map(SiteTransportIT::itemPage).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> urls = online.stream().map(id -> BASE + "/items/" + id + ".html").collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(site.xmlValues("sitemap.xml", SITEMAP, "loc", null)).stream().filter(u -> u.contains("/items/")).toList())
                .as("sitemap lists exactly the online items").containsExactlyElementsOf(urls);
        List<String> feed = site.xmlValues("feed.xml", ATOM, "id", null).stream().filter(u -> u.contains("/items/")).toList();
        assertThat(feed).as("feed: the latest 4 online items").hasSize(Math.min(4, online.size()));
        assertThat(urls).containsAll(feed);
        assertThat(site.xmlValues("feed.xml", ATOM, "feed", "xml:lang")).isNotEmpty();
    }

    @Test
    @Order(1)
    void should_write_every_seed_with_its_catalogue_fields_attachments_and_links_that_all_resolve() throws Exception {
        assertSiteListsExactly(ids);
        Set<String> numbers = new TreeSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode item = hub.as("editor", "GET", "/api/items/" + ids.get(i), null).json();
            String number = item.get("indexNumber").asText();
            assertThat(number).matches("000014349/\\d{4}-\\d{5}");
            numbers.add(number);
            Document page = site.page(itemPage(ids.get(i)));
            Map<String, String> meta = new LinkedHashMap<>();
            page.select("table.meta th").forEach(th -> meta.put(th.text(), th.nextElementSibling().text()));
            assertThat(meta).containsEntry("索引号", number).containsEntry("发布机构", "市文化广电和旅游局")
                    .containsEntry("文号", "通文旅发〔2026〕" + (10 + i) + "号").containsKeys("发布日期", "栏目");
            assertThat(meta.get("发布日期")).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(page.selectFirst("h1").text()).isEqualTo(Seeds.title(i));
            assertThat(page.select("table.meta a").attr("href")).isEqualTo("../columns/" + SeedSite.COLUMNS[i] + "/index.html");
        }
        assertThat(numbers).as("索引号 unique").hasSize(ids.size());

        Document first = site.page(itemPage(ids.get(0)));
        assertThat(first.select(".attachments a").eachText()).containsExactly("办事指南.txt", "示意图.png");
        assertThat(first.select(".attachments a").eachAttr("download")).containsExactly("办事指南.txt", "示意图.png");
        assertThat(Files.readAllBytes(site.root.resolve("items/" + ids.get(0) + "/attachments/示意图.png"))).isEqualTo(SeedSite.PNG);
        assertThat(Files.readString(site.root.resolve("items/" + ids.get(0) + "/attachments/办事指南.txt"))).isEqualTo(Seeds.text(1));
        assertThat(first.select(".content img").attr("src")).as("the body's image points at the item's copy")
                .isEqualTo(ids.get(0) + "/attachments/%E7%A4%BA%E6%84%8F%E5%9B%BE.png");
        assertThat(first.select(".content").html()).doesNotContain("alert");
        assertThat(first.select(".content img")).as("a relative image that names no attachment is dropped").hasSize(1);
        assertThat(first.select(".content a").attr("href")).isEqualTo(ids.get(0) + "/attachments/%E5%8A%9E%E4%BA%8B%E6%8C%87%E5%8D%97.txt");

        Document ywgz = site.page("columns/ywgz/index.html");
        assertThat(ywgz.select("ul.entries li")).hasSize(2);
        assertThat(ywgz.select("nav.pages a").eachText()).contains("1", "2", "下一页");
        assertThat(site.page("columns/ywgz/page-2.html").select("ul.entries li")).hasSize(1);
        assertThat(site.page("columns/qt/index.html").select("p.empty").text()).isEqualTo("本栏目暂无公开信息。");
        assertThat(site.page("index.html").select("ul.entries a").eachAttr("href")).as("home: newest first")
                .containsExactly(itemPage(ids.get(4)), itemPage(ids.get(3)), itemPage(ids.get(2)), itemPage(ids.get(1)));
    }

    @Test
    @Order(2)
    void should_serve_the_folder_at_site_without_sign_in_with_utf8_content_types_and_nothing_outside_it() throws Exception {
        HttpResponse<String> home = get("/site/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.headers().firstValue("Content-Type").orElse("")).isEqualToIgnoringCase("text/html;charset=utf-8");
        assertThat(home.body()).isEqualTo(Files.readString(site.root.resolve("index.html")));
        assertThat(get("/site").statusCode()).as("redirect to /site/, for the relative links").isIn(301, 308);
        assertThat(get("/site/feed.xml").headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        assertThat(get("/site/sitemap.xml").headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
        assertThat(get("/site/site.css").headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(get("/site/columns/ywgz/").body()).isEqualTo(Files.readString(site.root.resolve("columns/ywgz/index.html")));

        HttpResponse<String> guide = get("/site/items/" + ids.get(0) + "/attachments/%E5%8A%9E%E4%BA%8B%E6%8C%87%E5%8D%97.txt");
        assertThat(guide.statusCode()).isEqualTo(200);
        assertThat(guide.body()).isEqualTo(Seeds.text(1));
        assertThat(guide.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");

        for (String bad : List.of("/site/../application.yml", "/site/%2e%2e/%2e%2e/etc/passwd", "/site/items/..%2F..%2Fredis",
                "/site/.tmp-x", "/site/items/nope.html")) {
            assertThat(get(bad).statusCode()).as(bad).isIn(400, 404);
        }
        assertThat(hub.as("editor", "POST", "/api/site/rebuild", "").status()).as("rebuild is ADMIN's").isEqualTo(403);
    }

    @Test
    @Order(3)
    void should_replace_the_page_keeping_its_index_number_and_date_when_an_item_is_republished() throws Exception {
        String id = ids.get(3);
        Document before = site.page(itemPage(id));
        String number = hub.as("editor", "GET", "/api/items/" + id, null).json().get("indexNumber").asText();
        ObjectNode changed = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(3, "[\"website\"]"));
        changed.put("title", "（修订）" + Seeds.title(3));
        changed.put("category", "ggfw");
        TestHub.Response put = hub.as("editor", "PUT", "/api/items/" + id, changed.toString());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        approveAndPublish(id, put.json().get("contentHash").asText());
        String delivery = DeliveryStore.deliveryId("website", id, 2, "publish", "site");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(hub.as("editor", "GET", "/api/deliveries/" + delivery, null).json().path("state").asText()));

        Document after = site.page(itemPage(id));
        assertThat(after.selectFirst("h1").text()).isEqualTo("（修订）" + Seeds.title(3));
        assertThat(after.select("table.meta td").eachText()).contains(number);
        assertThat(after.select("time").attr("datetime")).as("发布日期 is when it first went online").isEqualTo(before.select("time").attr("datetime"));
        assertThat(site.page("columns/zcfg/index.html").select("ul.entries li")).as("moved out of its old column").isEmpty();
        assertThat(site.page("columns/ggfw/index.html").select("ul.entries a").eachText()).contains("（修订）" + Seeds.title(3));
        assertThat(site.page("index.html").select("ul.entries a").eachText()).contains("（修订）" + Seeds.title(3)).doesNotContain(Seeds.title(3));
        assertSiteListsExactly(ids);
    }

    @Test
    @Order(4)
    void should_rebuild_the_same_files_from_the_records_and_drop_what_does_not_belong() throws Exception {
        Map<String, String> before = site.digests();
        Files.writeString(site.root.resolve("items/999.html"), "<html>stale</html>");
        Files.delete(site.root.resolve(itemPage(ids.get(1))));
        Files.delete(site.root.resolve("columns/ywgz/page-2.html"));
        Files.writeString(site.root.resolve("index.html"), "broken");

        TestHub.Response started = hub.post("/api/site/rebuild", "", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String job = started.json().get("id").asText();
        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(
                () -> hub.get("/api/site/rebuild/" + job, "admin", TestHub.ADMIN_PASSWORD).json(), j -> !"RUNNING".equals(j.path("state").asText()));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("items").asInt()).isEqualTo(ids.size());
        assertThat(done.get("removed").asInt()).isEqualTo(1);
        assertThat(site.digests()).as("the same files, byte for byte").isEqualTo(before);
    }

    @Test
    @Order(5)
    void should_leave_no_file_and_no_link_of_a_withdrawn_item() throws Exception {
        String id = ids.get(0);
        TestHub.Response w = hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(202);
        int version = hub.as("editor", "GET", "/api/items/" + id, null).json().get("publishedVersion").asInt();
        String delivery = DeliveryStore.deliveryId("website", id, version, "withdraw", "site");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(hub.as("editor", "GET", "/api/deliveries/" + delivery, null).json().path("state").asText()));

        assertThat(site.files()).as("no file of item " + id).noneMatch(f -> f.startsWith("items/" + id + ".") || f.startsWith("items/" + id + "/"));
        assertThat(site.linkedFiles()).noneMatch(f -> f.startsWith("items/" + id + ".") || f.startsWith("items/" + id + "/"));
        for (String rel : site.pages()) {
            assertThat(Files.readString(site.root.resolve(rel))).as(rel).doesNotContain(Seeds.title(0)).doesNotContain("items/" + id + ".html");
        }
        assertThat(site.files()).as("ywgz fits one page again").doesNotContain("columns/ywgz/page-2.html");
        assertThat(get("/site/" + itemPage(id)).statusCode()).isEqualTo(404);
        List<String> online = new ArrayList<>(ids);
        online.remove(id);
        assertSiteListsExactly(online);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}

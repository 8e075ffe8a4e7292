package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page a person can open, with data in it, under axe-core: as drawn normally and with 大字 and
 * 高对比度 on (GB/T 37668), signed in as someone who holds every role so that every page is reachable. The pages'
 * own tests check what they do; this one checks that none of them is left out of the accessibility check.
 */
class ConsoleAccessibilityIT {
    static TestHub hub;
    static String published;
    static String withdrawn;
    static String notice;
    static String importJob;

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
        Flow flow = new Flow(hub).users();
        hub.user("chief", "EDITOR", "REVIEWER", "APPROVER", "ADMIN");
        published = flow.approved(Seeds.itemJson(0, "[\"website\", \"sms\", \"led\"]")).get("id").asText();
        assertThat(hub.as("approver", "POST", "/api/items/" + published + "/publish", "{}").status()).isEqualTo(202);
        withdrawn = flow.approved(Seeds.itemJson(2, "[\"website\", \"press-email\"]")).get("id").asText();
        assertThat(hub.as("approver", "POST", "/api/items/" + withdrawn + "/publish", "{}").status()).isEqualTo(202);
        flow.awaitState(published, "PUBLISHED");
        flow.awaitState(withdrawn, "PUBLISHED");
        TestHub.Response w = hub.as("approver", "POST", "/api/items/" + withdrawn + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
        assertThat(w.status()).as(w.body()).isEqualTo(202);
        TestHub.Response sub = hub.as("editor", "POST", "/api/subscribers", """
                {"name": "张桂英", "mobile": "13800000001", "tags": ["区域:崇川区", "群体:老年人"],
                 "preferredChannels": ["sms"], "consent": ["sms"]}""");
        assertThat(sub.status()).as(sub.body()).isEqualTo(201);
        TestHub.Response n = hub.as("editor", "POST", "/api/notices", """
                {"title": "崇川区老年人冬季文化惠民演出通知", "body": "12月10日下午2点在崇川区文化馆举办冬季惠民演出，欢迎参加。",
                 "segment": {"all": ["区域:崇川区"]}, "channels": ["sms"], "mode": "fallback"}""");
        assertThat(n.status()).as(n.body()).isEqualTo(201);
        notice = n.json().get("id").asText();
        byte[] csv = ("name,mobile,email,wechatOpenId,qqNumber,tags,preferredChannels,consent\n"
                + "李建国,13800000002,,,,区域:崇川区,sms,sms\n王秀兰,13800000003,,,,星座:天秤,sms,sms\n").getBytes(StandardCharsets.UTF_8);
        TestHub.Response imp = hub.upload("/api/subscribers/imports", "居民.csv", "text/csv", csv, "editor", TestHub.password("editor"));
        assertThat(imp.status()).as(imp.body()).isEqualTo(202);
        importJob = imp.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static List<String> pages(ConsoleBrowser b) {
        List<String> pages = new ArrayList<>(List.of(
                "/console/", "/console/items", "/console/items/new",
                "/console/items/" + published, "/console/items/" + published + "/edit", "/console/items/" + published + "/preview",
                "/console/reviews", "/console/reviews/" + published,
                "/console/publishing", "/console/publishing/" + published, "/console/publishing/" + withdrawn + "/withdrawal",
                "/console/deliveries", "/console/deliveries?item=" + published + "&channel=sms",
                "/console/subscribers", "/console/subscribers/imports/" + importJob, "/console/segments",
                "/console/notices", "/console/notices/new", "/console/notices/" + notice + "/report",
                "/console/stats", "/console/system", "/console/system/users", "/console/system/users/editor",
                "/console/system/registers", "/console/system/audit", "/console/system/channels"));
        b.go("/console/deliveries?item=" + published + "&channel=sms");
        pages.add(b.find("#deliveries tbody tr a").getAttribute("href").replace(b.url(""), ""));
        b.go("/console/subscribers");
        pages.add(b.find("main table tbody tr a").getAttribute("href").replace(b.url(""), ""));
        return pages;
    }

    @Test
    void should_pass_axe_on_every_page_as_drawn_and_with_larger_text_and_high_contrast() {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.go("/console/login");
            b.axe();
            b.signIn("chief");
            List<String> pages = pages(b);
            for (String page : pages) {
                b.go(page);
                assertThat(b.all("main h1")).as(page + " has its heading").hasSize(1);
                assertThat(b.text("main h1")).as(page).isNotBlank().doesNotContain("出错", "找不到", "无权");
                b.axe();
            }
            b.go("/console/");
            b.find("form[action='/console/preferences'] button[value=large]").click();
            b.find("form[action='/console/preferences'] button[value=contrast]").click();
            assertThat(b.find("html").getAttribute("class")).contains("large").contains("contrast");
            for (String page : pages) {
                b.go(page);
                b.axe();
            }
            b.shot("large-contrast.png");
        }
    }
}

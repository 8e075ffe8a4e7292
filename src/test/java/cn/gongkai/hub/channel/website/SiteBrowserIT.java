package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.support.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The seeds' site opened from the hub's {@code /site/} in Debian's headless Chromium ({@code chromium},
 * {@code chromium-driver}, {@code fonts-noto-cjk} for the Chinese in the screenshots), driven by Selenium: every page
 * reachable from the home page is visited and every link on it answers; Tab walks through every link of a page in
 * document order with a visible focus; screenshots of an item page and a column page go to
 * {@code target/site-screenshots/}. Without Chromium the test fails, saying what to install.
 */
class SiteBrowserIT {
    static final Path SCREENSHOTS = Path.of("target", "site-screenshots");

    static SeedSite seeds;
    static Chromium chromium;
    static ChromeDriver browser;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start(1280, 1600);
        browser = chromium.driver;
        seeds = SeedSite.publish();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (seeds != null) {
                seeds.close();
            }
        }
    }

    String site() {
        return seeds.hub.baseUrl() + "/site/";
    }

    @Test
    void should_reach_every_page_from_the_home_page_with_no_broken_link() throws Exception {
        Deque<String> queue = new ArrayDeque<>(List.of(site()));
        Set<String> visited = new LinkedHashSet<>();
        Set<String> checked = new LinkedHashSet<>();
        List<String> broken = new ArrayList<>();
        while (!queue.isEmpty()) {
            String url = queue.poll();
            if (!visited.add(url)) {
                continue;
            }
            browser.get(url);
            assertThat(browser.findElements(By.tagName("main"))).as(url).hasSize(1);
            assertThat(browser.findElement(By.tagName("h1")).getText()).as(url + " h1").isNotBlank();
            for (WebElement a : browser.findElements(By.cssSelector("a[href]"))) {
                String href = a.getDomProperty("href");
                String target = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
                if (href.contains("#") && target.equals(browser.getCurrentUrl().replaceAll("#.*$", ""))) {
                    String id = href.substring(href.indexOf('#') + 1);
                    if (browser.findElements(By.id(id)).isEmpty()) {
                        broken.add(url + " → " + href + " (no element #" + id + ")");
                    }
                    continue;
                }
                if (!target.startsWith(site())) {
                    continue;
                }
                if (checked.add(target)) {
                    int status = http.send(HttpRequest.newBuilder(URI.create(target)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status != 200) {
                        broken.add(url + " → " + target + " (HTTP " + status + ")");
                    }
                }
                if ((target.endsWith(".html") || target.endsWith("/")) && !visited.contains(target)) {
                    queue.add(target);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        String item = site() + "items/" + seeds.ids.get(0) + ".html";
        assertThat(visited).as("every item page, every column page, the second page of ywgz")
                .contains(item, site() + "columns/ywgz/index.html", site() + "columns/ywgz/page-2.html", site() + "columns/qt/index.html");
        for (String id : seeds.ids) {
            assertThat(visited).contains(site() + "items/" + id + ".html");
        }
        assertThat(checked).as("the attachments answer too").anyMatch(u -> u.contains("/attachments/"));
    }

    @Test
    void should_move_the_focus_through_every_link_in_document_order_with_a_visible_outline() {
        for (String page : List.of("", "items/" + seeds.ids.get(0) + ".html", "columns/ywgz/index.html")) {
            browser.get(site() + page);
            List<WebElement> links = browser.findElements(By.cssSelector("a[href]"));
            List<String> expected = links.stream().map(SiteBrowserIT::describe).toList();
            List<String> focused = new ArrayList<>();
            List<String> unoutlined = new ArrayList<>();
            for (int i = 0; i < links.size(); i++) {
                new Actions(browser).sendKeys(Keys.TAB).perform();
                WebElement active = browser.switchTo().activeElement();
                focused.add(describe(active));
                String outline = (String) ((JavascriptExecutor) browser).executeScript(
                        "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth;");
                if (outline.startsWith("none") || outline.endsWith(" 0px")) {
                    unoutlined.add(describe(active));
                }
            }
            assertThat(focused).as(page + ": Tab reaches every link, in order").containsExactlyElementsOf(expected);
            assertThat(unoutlined).as(page + ": focus is visible").isEmpty();
            browser.navigate().refresh();
        }
    }

    @Test
    void should_enlarge_the_text_and_raise_the_contrast_without_script_and_save_screenshots() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        String item = site() + "items/" + seeds.ids.get(0) + ".html";
        browser.get(item);
        double normal = fontSize(".content");
        shot("item.png");
        browser.get(item + "#large");
        assertThat(fontSize(".content")).as("大字").isGreaterThanOrEqualTo(normal * 1.4);
        browser.get(item + "#large-contrast");
        String background = (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.querySelector('main')).backgroundColor;");
        assertThat(background).as("高对比度").isEqualTo("rgb(0, 0, 0)");
        shot("item-large-contrast.png");
        browser.get(site() + "columns/ywgz/index.html");
        shot("column.png");
        assertThat(SCREENSHOTS.resolve("item.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("column.png")).isNotEmptyFile();
    }

    double fontSize(String css) {
        String px = (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.querySelector(arguments[0])).fontSize;", css);
        return Double.parseDouble(px.replace("px", ""));
    }

    void shot(String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String describe(WebElement e) {
        return e.getTagName() + " " + e.getDomAttribute("href") + " " + e.getDomProperty("textContent").strip();
    }
}

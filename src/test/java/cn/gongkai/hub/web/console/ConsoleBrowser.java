package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.Chromium;
import cn.gongkai.hub.support.TestHub;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.events.EventFiringDecorator;
import org.openqa.selenium.support.events.WebDriverListener;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One person's browser on the console: a {@link Chromium} driven by Selenium, with its own profile (so its own
 * cookies). {@link #shot} saves a
 * screenshot under {@code target/screenshots/}; {@link #axe} runs axe-core (the WebJar on the test classpath) on the
 * page and fails on any serious or critical violation. Without Chromium the test fails, saying what to install.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static String axeSource;

    public final WebDriver driver;
    private final Chromium chromium;
    private final String base;

    private ConsoleBrowser(Chromium chromium, String base) {
        this.chromium = chromium;
        this.base = base;
        this.driver = new EventFiringDecorator<WebDriver>(new PageLoads(chromium.driver, base)).decorate(chromium.driver);
    }

    /**
     * A click that leaves the page (a form's submit button, a link to another console page) returns once the next
     * page has replaced this one, so what the test reads next is never the old page. On a loaded machine ChromeDriver
     * may return from such a click before the navigation has begun.
     */
    public static final class PageLoads implements WebDriverListener {
        private static final Pattern DOWNLOAD = Pattern.compile(".*(\\.(csv|xlsx|docx|md|svg|txt)(\\?.*)?$|/attachments/.*|/annual.*)");
        private final WebDriver raw;
        private final String base;
        private WebElement leaving;

        PageLoads(WebDriver raw, String base) {
            this.raw = raw;
            this.base = base;
        }

        @Override
        public void beforeClick(WebElement element) {
            leaving = navigates(element) ? raw.findElement(By.tagName("html")) : null;
        }

        @Override
        public void afterClick(WebElement element) {
            if (leaving == null) {
                return;
            }
            WebElement old = leaving;
            leaving = null;
            try {
                new WebDriverWait(raw, Duration.ofSeconds(15), Duration.ofMillis(50)).until(ExpectedConditions.stalenessOf(old));
                new WebDriverWait(raw, Duration.ofSeconds(15), Duration.ofMillis(50)).until(d ->
                        "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
            } catch (org.openqa.selenium.TimeoutException e) {
                // not a page change after all (a refused form answered in place, a download): the test reads on
            }
        }

        private boolean navigates(WebElement e) {
            String tag = e.getTagName();
            if (tag.equals("button") || (tag.equals("input") && "submit".equals(e.getAttribute("type")))) {
                String type = e.getAttribute("type");
                if (type != null && !type.equals("submit")) {
                    return false;
                }
                Object htmx = ((JavascriptExecutor) raw).executeScript(
                        "const b = arguments[0], f = b.form; return !f || b.hasAttribute('hx-post') || b.hasAttribute('hx-get')"
                                + " || f.hasAttribute('hx-post') || f.hasAttribute('hx-get') || f.target === '_blank';", e);
                return !Boolean.TRUE.equals(htmx);
            }
            if (tag.equals("a")) {
                String href = e.getAttribute("href");
                return href != null && href.startsWith(base + "/console/") && !href.contains("#") && e.getAttribute("download") == null
                        && e.getAttribute("target") == null && !DOWNLOAD.matcher(href).matches();
            }
            return false;
        }
    }

    /** A fresh browser on {@code hub}, signed in to nothing. */
    public static ConsoleBrowser open(TestHub hub) {
        return new ConsoleBrowser(Chromium.start(1280, 1400), hub.baseUrl());
    }

    public String url(String path) {
        return base + path;
    }

    public ConsoleBrowser go(String path) {
        driver.get(url(path));
        return this;
    }

    /** Signs in through the form and lands on the dashboard (or wherever the form sends). */
    public ConsoleBrowser signIn(String user, String password) {
        go("/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/console/login'] button[type=submit]")).click();
        waitFor(d -> !d.getCurrentUrl().contains("/console/login"), "signed in as " + user + " (page: " + driver.getCurrentUrl() + ")");
        return this;
    }

    /** Signs in with the test password of a user made by {@link TestHub#user}. */
    public ConsoleBrowser signIn(String user) {
        return signIn(user, TestHub.password(user));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public void waitFor(java.util.function.Function<WebDriver, Boolean> condition, String what) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("waited 30 s for: " + what + "; the page says: " + excerpt());
        }
    }

    private String excerpt() {
        java.util.List<WebElement> main = driver.findElements(By.tagName("main"));
        String body = (main.isEmpty() ? driver.findElement(By.tagName("body")) : main.get(0)).getText();
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }

    /** The session cookie's value, for hand-made requests that bypass the browser. */
    public String sessionCookie() {
        Cookie c = driver.manage().getCookieNamed("gkhub_session");
        return c == null ? null : c.getValue();
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a screenshot of the whole window as {@code target/screenshots/<name>}. */
    public Path shot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            assertThat(to).isNotEmptyFile();
            return to;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** axe-core on the current page: no serious or critical violation (WCAG 2.x A and AA rules). */
    @SuppressWarnings("unchecked")
    public void axe() {
        js(axeSource() + "\n;window.__axeLoaded = true;");
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                        + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))))"
                        + ".catch(e => done(['axe failed: ' + e]));");
        List<String> violations = new ArrayList<>((List<String>) result);
        assertThat(violations).as("axe-core on " + driver.getCurrentUrl()).isEmpty();
    }

    private static synchronized String axeSource() {
        if (axeSource == null) {
            String path = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
            try (InputStream in = ConsoleBrowser.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException(path + " is not on the test classpath (org.webjars.npm:axe-core)");
                }
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return axeSource;
    }

    /** Both {@link #axe} and {@link #shot}: what every page visit of the browser tests ends with. */
    public void check(String screenshot) {
        axe();
        shot(screenshot);
    }

    @Override
    public void close() {
        chromium.close();
    }
}

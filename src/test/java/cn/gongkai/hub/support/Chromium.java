package cn.gongkai.hub.support;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium ({@code chromium}, {@code chromium-driver}; {@code fonts-noto-cjk} for the Chinese in
 * screenshots) through its chromedriver, with a profile of its own that {@link #close} deletes. Without Chromium the
 * test fails, saying what to install.
 */
public final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("site.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("site.chromedriver", "/usr/bin/chromedriver"));

    public final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser window of {@code width} × {@code height}, in Chinese. */
    public static Chromium start(int width, int height) {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            fail("headless Chromium is needed for this test: " + BINARY + " and " + DRIVER + " must exist"
                    + " (apt-get install -y chromium chromium-driver fonts-noto-cjk; bash .ci/run does it)");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + "," + height, "--lang=zh-CN", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        try {
            ChromeDriver d = new ChromeDriver(service, options);
            d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(d, profile);
        } catch (RuntimeException e) {
            TestHub.deleteTree(profile);
            return fail("headless Chromium did not start (" + BINARY + " with " + DRIVER + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TestHub.deleteTree(profile);
        }
    }
}

package io.mm.cli.serve;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's chromium and chromium-driver, headless: required with {@code CI=true}, else a test without them skips its page part. */
final class HeadlessChromium {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private HeadlessChromium() {}

    /** Whether the browser is installed; throws when it is not and {@code CI=true}. */
    static boolean available() {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!browser && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no browser: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        return browser;
    }

    /** Skips the rest of the test, saying what to install, when the browser is not there. */
    static void assumeAvailable(boolean browser) {
        assumeTrue(browser, "no browser: install Debian's chromium and chromium-driver to run the page test");
    }

    /** A new browser with its profile under {@code dir}; the caller quits it. */
    static ChromeDriver start(Path dir) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1700",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }
}

package dev.chatbridge.app.region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * The operating system's Chromium and chromedriver (Debian: {@code apt-get install chromium chromium-driver}), started
 * headless and offline. Both paths are given explicitly, so Selenium Manager never looks for, or downloads, a browser.
 * Missing ones fail the test: CI installs them ({@code .ci/run}), and a skipped browser test would prove nothing.
 */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));

    /** A running browser with its own throwaway profile; closing quits it and removes the profile. */
    record Session(WebDriver driver, Path profile) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                driver.quit();
            } finally {
                FileSystemUtils.deleteRecursively(profile);
            }
        }
    }

    private HeadlessChromium() {}

    static Session start() throws IOException {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the mask page's browser test needs Chromium and its"
                        + " driver from the OS packages (apt-get install chromium chromium-driver; .ci/run installs"
                        + " them; CHROMIUM_BIN and CHROMEDRIVER_BIN name other paths).");
            }
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("chromium-region");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=800,900",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Session(new ChromeDriver(service, options), profile);
    }
}

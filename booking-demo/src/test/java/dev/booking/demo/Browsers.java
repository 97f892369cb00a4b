package dev.booking.demo;

import dev.booking.testsupport.TestServers;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Real headless Chromium for the browser suites: Debian's {@code chromium} and
 * {@code chromium-driver}, never a downloaded browser. Without them a suite is skipped with one line
 * (failed with {@code CI=true}, where CI installs them).
 */
final class Browsers {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browsers() {
    }

    /** Skips (or in CI fails) the calling suite when the browser or its driver is missing. */
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw TestServers.unavailable("browser", "install chromium and chromium-driver", true);
        }
    }

    /** A new headless browser with a profile of its own, sized so a screenshot shows the whole map. */
    static WebDriver open() {
        Path profile;
        try {
            profile = Files.createTempDirectory("booking-demo-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1280,1250");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /**
     * Saves what {@code driver} shows as {@code target/screenshots/<name>.png}, and also into the
     * folder named by {@code -Dbooking.demo.screenshots} when it is set.
     */
    static void screenshot(WebDriver driver, String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        write(Path.of("target", "screenshots"), name, png);
        String extra = System.getProperty("booking.demo.screenshots", "");
        if (!extra.isBlank()) {
            write(Path.of(extra), name, png);
        }
    }

    private static void write(Path folder, String name, byte[] png) {
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

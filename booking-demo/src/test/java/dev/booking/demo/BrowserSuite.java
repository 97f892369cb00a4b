package dev.booking.demo;

import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every browser suite shares: one headless browser per suite class, a new show before each
 * test, and the steps a person takes on the page. Subclasses start the application with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and their own profile.
 */
abstract class BrowserSuite {

    /** How long the page may take to show a final answer; generous for a loaded 2-core machine. */
    static final Duration ANSWER = Duration.ofSeconds(30);

    /** How long a crowd of 1000 may take to be all final. */
    static final Duration CROWD = Duration.ofSeconds(90);

    static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    SeatRepository seats;

    @Autowired
    DemoShow show;

    ShowId currentShow;

    @BeforeAll
    static void openBrowser() {
        Browsers.requireChromium();
        browser = Browsers.open();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @BeforeEach
    void newShow() {
        currentShow = show.reset(); // each test on an empty map, whatever ran before in this context
    }

    /** Opens the seat map in {@code driver} and waits until the current show's seats are drawn. */
    void openSeatMap(WebDriver driver) {
        driver.get("http://localhost:" + port + "/");
        new WebDriverWait(driver, ANSWER).until(d ->
                currentShow.value().equals(d.findElement(By.id("show")).getText())
                        && !d.findElements(By.cssSelector("#seatmap .seat")).isEmpty());
    }

    void typeName(WebDriver driver, String name) {
        WebElement field = driver.findElement(By.id("name"));
        field.clear();
        field.sendKeys(name);
    }

    WebElement seat(WebDriver driver, String number) {
        return driver.findElement(By.cssSelector("#seatmap .seat[data-seat='" + number + "']"));
    }

    /** Waits until the page shows a final answer (not processing) and returns its state. */
    String awaitAnswer(WebDriver driver) {
        return new WebDriverWait(driver, ANSWER).until(d -> {
            String state = d.findElement(By.id("answer")).getDomAttribute("data-state");
            return state == null || state.isEmpty() || state.equals("PROCESSING") ? null : state;
        });
    }

    String answerText(WebDriver driver) {
        return driver.findElement(By.id("answer")).getText();
    }

    /** Waits until the map on the page shows {@code number} taken, and returns the owner it shows. */
    String awaitShownOwner(WebDriver driver, String number) {
        return new WebDriverWait(driver, ANSWER).until(d -> {
            WebElement seat = seat(d, number);
            String owner = seat.getDomAttribute("data-owner");
            return seat.getDomAttribute("class").contains("taken") && owner != null && !owner.isEmpty()
                    ? seat.findElement(By.className("owner")).getText() : null;
        });
    }

    /**
     * Presses "1000 users at once", waits until every user has a final answer, and checks that the
     * page's counts are what the database holds.
     */
    void crowdEndsWithOneOwnerPerSeatAndCountsThatMatchTheDatabase(String screenshot) {
        openSeatMap(browser);
        browser.findElement(By.id("crowd")).click();
        new WebDriverWait(browser, CROWD).until(d ->
                "true".equals(d.findElement(By.id("crowd-state")).getDomAttribute("data-done")));

        CrowdAudit.Shown shown = new CrowdAudit.Shown(count("submitted"), count("winners"), count("refused"),
                count("busy"), count("failed"), count("pending"));
        assertThat(CrowdAudit.problems(1000, shown, seats.listSeats(currentShow))).isEmpty();
        int winners = shown.winners();

        // the map on the page catches up with the database within a refresh or two
        new WebDriverWait(browser, ANSWER).until(d ->
                d.findElements(By.cssSelector("#seatmap .seat.taken")).size() == winners);
        Browsers.screenshot(browser, screenshot);
    }

    private int count(String id) {
        return Integer.parseInt(browser.findElement(By.id(id)).getText().trim());
    }
}

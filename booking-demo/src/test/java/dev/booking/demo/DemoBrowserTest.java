package dev.booking.demo;

import dev.booking.core.SeatState;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo in headless Chromium on the default profile: embedded H2 and the in-memory line. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoBrowserTest extends BrowserSuite {

    @Test
    void aPersonBooksAFreeSeatAndTheMapShowsItTaken() {
        openSeatMap(browser);
        typeName(browser, "Ann");
        seat(browser, "A7").click();

        assertThat(awaitAnswer(browser)).isEqualTo("BOOKED");
        assertThat(answerText(browser)).isEqualTo("A7: booked for Ann");
        assertThat(awaitShownOwner(browser, "A7")).isEqualTo("Ann");
        assertThat(seats.findSeat(currentShow.seat("A7"))).get()
                .extracting(seat -> seat.owner().value()).isEqualTo("Ann");
        Browsers.screenshot(browser, "seat-map");
    }

    @Test
    void theMetricsPageShowsTheLinesDecisionsAndTheRepositorysCalls() {
        openSeatMap(browser);
        typeName(browser, "Meg");
        seat(browser, "B2").click();
        assertThat(awaitAnswer(browser)).isEqualTo("BOOKED");

        browser.get("http://localhost:" + port + "/metrics.html");
        // the context is shared by this class's tests, so counts only grow: at least this booking's
        String booked = new WebDriverWait(browser, ANSWER).until(d -> meterRows(d).stream()
                .filter(cells -> cells.size() == 3 && cells.get(0).equals("booking.line.decisions")
                        && cells.get(1).contains("outcome=booked") && !cells.get(2).equals("count=0"))
                .map(cells -> cells.get(2))
                .findFirst().orElse(null));
        assertThat(Double.parseDouble(booked.substring("count=".length()))).isGreaterThanOrEqualTo(1);
        assertThat(meterRows(browser).stream().map(cells -> cells.get(0)))
                .contains("booking.operations", "booking.line.depth");
    }

    /** The metrics table's rows as cell texts, read in one script: the page redraws it every second. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> meterRows(WebDriver driver) {
        return (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('#meters tr'))"
                        + ".map(row => Array.from(row.cells).map(cell => cell.textContent));");
    }

    @Test
    void twoBrowsersRaceForOneSeatAndExactlyOneBooksIt() throws Exception {
        WebDriver second = Browsers.open();
        ExecutorService clickers = Executors.newFixedThreadPool(2);
        try {
            List<WebDriver> racers = List.of(browser, second);
            List<String> names = List.of("Racer One", "Racer Two");
            for (int i = 0; i < 2; i++) {
                openSeatMap(racers.get(i));
                typeName(racers.get(i), names.get(i));
            }
            CyclicBarrier gate = new CyclicBarrier(2);
            List<Future<String>> answers = new ArrayList<>();
            for (WebDriver racer : racers) {
                answers.add(clickers.submit(() -> {
                    gate.await();
                    seat(racer, "E5").click();
                    return awaitAnswer(racer);
                }));
            }
            List<String> states = new ArrayList<>();
            for (Future<String> answer : answers) {
                states.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(states).containsExactlyInAnyOrder("BOOKED", "TAKEN");
            int winner = states.indexOf("BOOKED");
            assertThat(answerText(racers.get(1 - winner))).isEqualTo("E5: taken by someone else");
            SeatState stored = seats.findSeat(currentShow.seat("E5")).orElseThrow();
            assertThat(stored.owner().value()).isEqualTo(names.get(winner));
        } finally {
            clickers.shutdownNow();
            second.quit();
        }
    }

    @Test
    void aThousandUsersEndWithOneOwnerPerSeatAndCountsThatMatchTheDatabase() {
        crowdEndsWithOneOwnerPerSeatAndCountsThatMatchTheDatabase("thousand-users");
    }

    @Test
    void hostileNamesAreShownAsTextAndNeverRun() {
        List<String> hostile = List.of(
                "<script>alert(1)</script>",
                "\"><img src=x onerror=\"window.pwned=1\">",
                "O'Brien \"the quote\" & <b>bold</b>");
        String[] seatNumbers = {"B1", "B2", "B3"};
        openSeatMap(browser);
        for (int i = 0; i < hostile.size(); i++) {
            typeName(browser, hostile.get(i));
            seat(browser, seatNumbers[i]).click();
            assertThat(awaitAnswer(browser)).isEqualTo("BOOKED");
            assertThat(answerText(browser)).isEqualTo(seatNumbers[i] + ": booked for " + hostile.get(i));
            assertThat(awaitShownOwner(browser, seatNumbers[i])).isEqualTo(hostile.get(i));
            assertThat(seats.findSeat(currentShow.seat(seatNumbers[i])).orElseThrow().owner().value())
                    .isEqualTo(hostile.get(i));
        }

        browser.navigate().refresh(); // the names now come from the server, not from the input field
        openSeatMap(browser);
        for (int i = 0; i < hostile.size(); i++) {
            assertThat(awaitShownOwner(browser, seatNumbers[i])).isEqualTo(hostile.get(i));
        }
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElements(By.tagName("b"))).isEmpty();
        assertThat(browser.findElements(By.tagName("script"))).hasSize(1); // app.js alone
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void aBlankNameIsRefusedWithAClearMessageAndNothingIsBooked() {
        openSeatMap(browser);
        typeName(browser, "   ");
        seat(browser, "C2").click();

        String error = new WebDriverWait(browser, ANSWER).until(d -> {
            String text = d.findElement(By.id("error")).getText();
            return text.isEmpty() ? null : text;
        });
        assertThat(error).isEqualTo("name must not be blank");
        assertThat(seats.findSeat(currentShow.seat("C2")).orElseThrow().owner()).isNull();
    }

    @Test
    void theApiAnswers400NamingTheFieldForATooLongNameOrAnUnknownSeat() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> tooLong = post(client, "{\"name\":\"" + "x".repeat(VisitorName.MAX_LENGTH + 1)
                + "\",\"seat\":\"A1\"}");
        HttpResponse<String> noSuchSeat = post(client, "{\"name\":\"Ann\",\"seat\":\"Z99\"}");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("name must be at most 60 characters, was 61");
        assertThat(noSuchSeat.statusCode()).isEqualTo(400);
        assertThat(noSuchSeat.body()).contains("seat must be one of A1..J12");
        assertThat(seats.listSeats(currentShow)).allMatch(seat -> seat.owner() == null);
    }

    private HttpResponse<String> post(HttpClient client, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/book"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

package dev.booking.demo;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full line, in the browser: the {@code busy} test profile gives the line room for two requests
 * and no workers, so the third click finds it full and the page says "busy, try again".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("busy")
class BusyLineBrowserTest extends BrowserSuite {

    @Test
    void aFullLineAnswersBusyTryAgainAndBooksNothing() {
        openSeatMap(browser);
        typeName(browser, "Patient Pat");
        String busySeat = null;
        // the line holds 2 undecided requests; nobody decides them, so at the latest the third is refused entry
        for (String number : new String[] {"D1", "D2", "D3", "D4"}) {
            String ticketBefore = browser.findElement(By.id("ticket")).getText();
            seat(browser, number).click();
            String state = awaitNewTicketOrBusy(ticketBefore);
            if (state.equals("BUSY")) {
                busySeat = number;
                break;
            }
            assertThat(state).isEqualTo("PROCESSING");
        }

        assertThat(busySeat).as("a seat answered busy").isEqualTo("D3");
        assertThat(answerText(browser)).startsWith("D3: busy, try again");
        assertThat(seats.listSeats(currentShow)).allMatch(seat -> seat.owner() == null);
    }

    /** The state after a click: processing with a new ticket shown, or busy. */
    private String awaitNewTicketOrBusy(String before) {
        return new WebDriverWait(browser, ANSWER).until(d -> {
            String state = d.findElement(By.id("answer")).getDomAttribute("data-state");
            String ticket = d.findElement(By.id("ticket")).getText();
            if ("BUSY".equals(state)) {
                return state;
            }
            return "PROCESSING".equals(state) && !ticket.isEmpty() && !ticket.equals(before) ? state : null;
        });
    }
}

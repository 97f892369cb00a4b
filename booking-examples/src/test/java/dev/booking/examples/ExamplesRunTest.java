package dev.booking.examples;

import dev.booking.core.ConfirmResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.memory.InMemorySeatRepository;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's samples do what the README says they do. */
class ExamplesRunTest {

    @Test
    void theQuickStartBooksTheSeatForAnnAndTellsBobItIsTaken() {
        String printed = printedBy(() -> QuickStart.main(new String[] {
                "jdbc:h2:mem:quickstart-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"}));

        assertThat(printed.lines().filter(line -> line.startsWith("ann: ") || line.startsWith("bob: ")))
                .satisfiesExactly(
                        ann -> assertThat(ann).startsWith("ann: booked hamlet-2026-12-01"),
                        bob -> assertThat(bob).isEqualTo("bob: sorry, taken"));
    }

    @Test
    void theHoldIsConfirmedThenReleasedAndTheGroupBookedWhole() {
        SeatRepository seats = InMemorySeatRepository.builder().build();
        ShowId show = ShowId.of("hamlet-2026-12-01");
        seats.addSeats(show, List.of("A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1"));

        String confirmation = Holds.holdPayConfirm(seats);

        assertThat(confirmation).isEqualTo(ConfirmResult.Confirmed.class.getSimpleName());
        assertThat(seats.findSeat(show.seat("A1")).orElseThrow().status()).isEqualTo(SeatStatus.EMPTY);
        assertThat(seats.findSeat(show.seat("A4")).orElseThrow().status()).isEqualTo(SeatStatus.EMPTY);
        assertThat(List.of("B1", "B2", "B3", "B4"))
                .allSatisfy(n -> assertThat(seats.findSeat(show.seat(n)).orElseThrow().status()).isEqualTo(SeatStatus.BOOKED));
        assertThat(seats.findSeat(show.seat("C1")).orElseThrow().status()).isEqualTo(SeatStatus.HELD);
    }

    private static String printedBy(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            action.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

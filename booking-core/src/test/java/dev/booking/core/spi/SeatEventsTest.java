package dev.booking.core.spi;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingReference;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The events of a change that took lapsed holds over, made the same way for every adapter. */
class SeatEventsTest {

    private static final ShowId SHOW = ShowId.of("events");
    private static final UserId ANN = UserId.of("ann");
    private static final UserId BOB = UserId.of("bob");
    private static final BookingReference OLD = BookingReference.of("old");
    private static final BookingReference NEW = BookingReference.of("new");
    private static final Instant NOW = Instant.parse("2026-12-01T20:00:00Z");

    @Test
    void eachLapsedHoldIsToldExpiredInSeatOrderBeforeTheTakersEvent() {
        BookingEvent taken = SeatEvents.booked(SHOW.seat("A1"), BOB, NEW);
        List<StoredSeat> before = List.of(lapsedHold("A3"), StoredSeat.at(SeatState.empty(SHOW.seat("A2")), NOW),
                lapsedHold("A1"));

        assertThat(SeatEvents.takeover(before, taken)).containsExactly(
                SeatEvents.expired(OLD, ANN, SHOW.seat("A1")),
                SeatEvents.expired(OLD, ANN, SHOW.seat("A3")),
                taken);
    }

    @Test
    void takingFreeSeatsOverTellsOnlyTheTakersEvent() {
        BookingEvent taken = SeatEvents.booked(SHOW.seat("A1"), BOB, NEW);

        assertThat(SeatEvents.takeover(List.of(StoredSeat.at(SeatState.empty(SHOW.seat("A1")), NOW)), taken))
                .containsExactly(taken);
        assertThatIllegalArgumentException().isThrownBy(() -> SeatEvents.takeover(List.of(), null))
                .withMessageContaining("taken");
    }

    private static StoredSeat lapsedHold(String number) {
        SeatId seat = SHOW.seat(number);
        return StoredSeat.at(new SeatState(seat, SeatStatus.HELD, ANN, OLD, NOW.minusSeconds(1), 1), NOW);
    }
}

package dev.booking.queue.waitingroom;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatRepository;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SeatRepository view: bookings go through the room, reads go straight through. */
class AsRepositoryTest extends WaitingRoomTestSupport {

    @Test
    void servedAnswersAreReturnedAndReadsAndWritesOfSeatsDelegate() {
        WaitingRoom room = room(b -> b);
        SeatRepository seats = room.asRepository();
        assertThat(room.asRepository()).isSameAs(seats);

        seats.addSeats(show, List.of("new"));
        assertThat(seats.tryBook(show.seat("new"), user("ann"))).isEqualTo(TestResults.booked(show.seat("new"), user("ann")));
        assertThat(seats.tryBook(show.seat("new"), user("bob"))).isEqualTo(new BookingResult.Taken(show.seat("new")));
        assertThat(seats.findSeat(show.seat("new")).orElseThrow().owner()).isEqualTo(user("ann"));
        assertThat(seats.listSeats(show)).isEqualTo(repository.listSeats(show));
        assertThat(room.stats().submitted()).isEqualTo(2);
    }

    @Test
    void aFullRoomIsOverloaded() throws Exception {
        WaitingRoom room = room(b -> b.capacity(1).workers(1));
        repository.hold(seat(1));
        CompletableFuture<WaitingRoomResult> occupying = room.submit(seat(1), user("ann"));

        assertThatThrownBy(() -> room.asRepository().tryBook(seat(2), user("bob")))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.OVERLOADED))
                .hasMessageContaining("full");
        repository.release(seat(1));
        answer(occupying);
    }

    @Test
    void aClosedRoomIsOverloaded() {
        WaitingRoom room = room(b -> b);
        room.shutdown(Duration.ZERO);

        assertThatThrownBy(() -> room.asRepository().tryBook(seat(2), user("bob")))
                .isInstanceOfSatisfying(BookingException.class,
                        e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.OVERLOADED))
                .hasMessageContaining("closed");
    }

    @Test
    void aMissedDeadlineIsATimeout() {
        WaitingRoom room = room(b -> b.workers(1).deadline(Duration.ofMillis(20)));
        repository.holdAll(); // the answer can only come from the deadline

        assertThatThrownBy(() -> room.asRepository().tryBook(seat(2), user("bob")))
                .isInstanceOfSatisfying(BookingException.class, e -> {
                    assertThat(e.failure()).isEqualTo(BookingException.Failure.TIMEOUT);
                    assertThat(e.failure().isTransient()).isTrue();
                })
                .hasMessageContaining("deadline").hasMessageContaining("repeating it is safe");
    }

    @Test
    void anInterruptWhileWaitingIsATimeoutAndKeepsTheInterrupt() throws Exception {
        WaitingRoom room = room(b -> b.workers(1));
        repository.holdAll();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                room.asRepository().tryBook(seat(1), user("ann"));
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
            stillInterrupted.complete(Thread.currentThread().isInterrupted());
        });
        caller.start();
        repository.awaitCallsEntered(1);
        caller.interrupt();

        assertThat(thrown).succeedsWithin(HANG_GUARD).isInstanceOfSatisfying(BookingException.class,
                e -> assertThat(e.failure()).isEqualTo(BookingException.Failure.TIMEOUT));
        assertThat(stillInterrupted).succeedsWithin(HANG_GUARD).isEqualTo(true);
    }

    @Test
    void aRepositoryFailureIsRethrownAsIs() {
        WaitingRoom room = room(b -> b);
        BookingException down = new BookingException(BookingException.Failure.CONNECTION, "down", null);
        repository.failFor(user("ann"), down);

        assertThatThrownBy(() -> room.asRepository().tryBook(seat(1), user("ann"))).isSameAs(down);
        assertThat(room.asRepository().tryBook(seat(1), user("bob"))).isInstanceOf(BookingResult.Booked.class);
    }
}

package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Learned owners answer later requests for a while, are forgotten on time and on demand, and never hand out a seat. */
class RememberedOwnersTest extends WaitingRoomTestSupport {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void aLearnedOwnerAnswersLaterRequestsWithoutARepositoryCall() {
        WaitingRoom room = room(b -> b.rememberOwnersFor(Duration.ofSeconds(1)).ticker(ticker));
        SeatId seat = seat(1);
        assertThat(served(room.submit(seat, user("ann")))).isEqualTo(TestResults.booked(seat, user("ann")));

        ticker.advance(Duration.ofMillis(999));
        assertThat(room.submit(seat, user("bob")))
                .isCompletedWithValue(new WaitingRoomResult.Served(new BookingResult.Taken(seat)));
        assertThat(room.submit(seat, user("ann")))
                .isCompletedWithValue(new WaitingRoomResult.Served(TestResults.alreadyYours(seat, user("ann"))));
        assertThat(repository.tryBookCalls()).isEqualTo(1);
        assertThat(room.stats().shortCircuited()).isEqualTo(2);
    }

    @Test
    void aLearnedOwnerIsForgottenAfterTheConfiguredTime() {
        WaitingRoom room = room(b -> b.rememberOwnersFor(Duration.ofSeconds(1)).ticker(ticker));
        SeatId seat = seat(1);
        served(room.submit(seat, user("ann")));

        ticker.advance(Duration.ofSeconds(1));
        assertThat(served(room.submit(seat, user("bob")))).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.tryBookCalls()).isEqualTo(2);
        assertThat(served(room.submit(seat, user("carol")))).isEqualTo(new BookingResult.Taken(seat));
        // bob's Taken taught the room the owner again, with one read, so carol cost no call
        assertThat(repository.tryBookCalls()).isEqualTo(2);
        assertThat(repository.findSeatCalls()).isEqualTo(1);
        assertThat(room.footprint().knownOwners()).isEqualTo(1);

        ticker.advance(Duration.ofSeconds(1));
        room.submit(seat(2), user("dave")).join(); // any access sweeps out what has expired
        assertThat(room.footprint().knownOwners()).isEqualTo(1); // only dave's seat
    }

    @Test
    void forgetMakesTheNextRequestAskTheRepository() {
        WaitingRoom room = room(b -> b.rememberOwnersFor(NEVER).ticker(ticker));
        SeatId seat = seat(1);
        served(room.submit(seat, user("ann")));
        room.forget(seat);
        room.forget(seat(99)); // forgetting what was never known is harmless

        assertThat(served(room.submit(seat, user("bob")))).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.tryBookCalls()).isEqualTo(2);
    }

    @Test
    void aStaleOwnerNeverProducesASecondBooked() {
        WaitingRoom room = room(b -> b.rememberOwnersFor(NEVER).ticker(ticker));
        WaitingRoom otherInstance = room(b -> b.rememberOwnersFor(NEVER).ticker(ticker));
        SeatId seat = seat(1);
        assertThat(served(room.submit(seat, user("ann")))).isEqualTo(TestResults.booked(seat, user("ann")));

        // released and re-booked behind this room's back: what it remembers is now stale
        repository.releaseElsewhere(seat);
        assertThat(served(otherInstance.submit(seat, user("bob")))).isEqualTo(TestResults.booked(seat, user("bob")));
        int calls = repository.tryBookCalls();

        List<BookingResult> fromStaleMemory = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fromStaleMemory.add(served(room.submit(seat, user(i))));
        }
        fromStaleMemory.add(served(room.submit(seat, user("ann"))));
        // wrong for a moment at worst (ann is told AlreadyYours), but memory never hands out a seat
        assertThat(fromStaleMemory).noneMatch(r -> r instanceof BookingResult.Booked);
        assertThat(repository.tryBookCalls()).isEqualTo(calls);
        assertThat(repository.findSeat(seat).orElseThrow().owner()).isEqualTo(user("bob"));

        // released again, and this time the room is told: the database decides the next winner
        repository.releaseElsewhere(seat);
        room.forget(seat);
        assertThat(served(room.submit(seat, user("carol")))).isEqualTo(TestResults.booked(seat, user("carol")));
        assertThat(served(otherInstance.submit(seat, user("dave")))).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.findSeat(seat).orElseThrow().owner()).isEqualTo(user("carol"));
    }

    @Test
    void forgetDuringACallKeepsItsOutcomeFromAnsweringTheOthers() throws Exception {
        WaitingRoom room = room(b -> b.rememberOwnersFor(NEVER).ticker(ticker));
        SeatId seat = seat(1);
        repository.hold(seat);
        CompletableFuture<WaitingRoomResult> ann = room.submit(seat, user("ann"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> bob = room.submit(seat, user("bob"));
        room.forget(seat); // e.g. ann's seat is released while her booking is still on its way
        repository.release(seat);

        assertThat(served(ann)).isEqualTo(TestResults.booked(seat, user("ann")));
        assertThat(served(bob)).isEqualTo(new BookingResult.Taken(seat));
        // bob was not answered from ann's outcome: he made his own call
        assertThat(repository.tryBookCallLog()).extracting(ControllableSeatRepository.Call::user)
                .containsExactly(user("ann"), user("bob"));
    }
}

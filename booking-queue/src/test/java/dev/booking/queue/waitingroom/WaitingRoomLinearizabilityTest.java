package dev.booking.queue.waitingroom;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.memory.InMemorySeatRepository;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through {@link WaitingRoom#asRepository()} the room is linearizable: an answer from memory or
 * from another request's call is never one that no order of the calls explains. Each test forces
 * one interleaving that a room answering from a stale owner gets wrong. (The tests judged by the
 * kit's linearizability checker live in booking-tck, which depends on this module.)
 */
class WaitingRoomLinearizabilityTest extends WaitingRoomTestSupport {

    /** The same history with a release by reference, whose seats the room learns only when it returns. */
    @Test
    void aReleaseByReferenceInFlightAlsoSilencesTheMemory() throws Exception {
        WaitingRoom room = room(b -> b.rememberOwnersFor(NEVER));
        SeatRepository seats = room.asRepository();
        SeatId seat = seat(1);
        BookingReference reference = ((BookingResult.Booked) seats.tryBook(seat, user("u3"))).reference();
        assertThat(seats.tryBook(seat, user("u2"))).isEqualTo(new BookingResult.Taken(seat)); // from memory
        int calls = repository.tryBookCalls();

        repository.holdReleaseReturns(seat);
        CompletableFuture<ReleaseResult> release = CompletableFuture.supplyAsync(() -> seats.release(reference, user("u3")));
        repository.awaitReleasesApplied(1);
        assertThat(seats.findSeat(seat).orElseThrow().isEmpty()).isTrue();
        assertThat(seats.tryBook(seat, user("u1"))).isEqualTo(TestResults.booked(seat, user("u1")));
        assertThat(repository.tryBookCalls()).isEqualTo(calls + 1);
        repository.letReleaseReturn(seat);
        assertThat(release.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ReleaseResult.Released.class);

        // the new owner is learned afresh once the release has returned
        assertThat(seats.tryBook(seat, user("u3"))).isEqualTo(new BookingResult.Taken(seat));
    }

    /** An AlreadyYours may come from a hold; a hold lapses without the room hearing of it, so it is not remembered. */
    @Test
    void aHoldAnsweredAlreadyYoursIsNotRememberedPastItsExpiry() {
        MutableClock clock = new MutableClock();
        SeatRepository seats = roomWithAHoldOfAnn(clock);
        SeatId seat = HELD_SEAT;
        assertThat(seats.tryBook(seat, user("ann"))).isInstanceOf(BookingResult.AlreadyYours.class);

        clock.advance(Duration.ofMinutes(2)); // the hold lapses: the seat is free, says the store
        assertThat(seats.findSeat(seat).orElseThrow().isEmpty()).isTrue();
        assertThat(seats.tryBook(seat, user("bob"))).isInstanceOf(BookingResult.Booked.class);
    }

    /** A held seat found by the read after a Taken is not remembered past its expiry either. */
    @Test
    void aHoldLearnedAfterATakenIsNotRememberedPastItsExpiry() {
        MutableClock clock = new MutableClock();
        SeatRepository seats = roomWithAHoldOfAnn(clock);
        SeatId seat = HELD_SEAT;
        assertThat(seats.tryBook(seat, user("bob"))).isEqualTo(new BookingResult.Taken(seat));

        clock.advance(Duration.ofMinutes(2));
        assertThat(seats.findSeat(seat).orElseThrow().isEmpty()).isTrue();
        assertThat(seats.tryBook(seat, user("carol"))).isInstanceOf(BookingResult.Booked.class);
    }

    /**
     * A held seat still answers the requests that waited through the read that found it (the read
     * happened while they waited), not those that came later, and is not remembered.
     */
    @Test
    void aHeldSeatAnswersOnlyTheRequestsWaitingBeforeTheRead() throws Exception {
        WaitingRoom room = room(b -> b.rememberOwnersFor(NEVER));
        SeatId seat = seat(1);
        repository.holdElsewhere(seat, user("holder"));
        repository.hold(seat);
        CompletableFuture<WaitingRoomResult> first = room.submit(seat, user("first"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> before = room.submit(seat, user("before"));
        CompletableFuture<WaitingRoomResult> holder = room.submit(seat, user("holder"));
        repository.holdReads(seat);
        repository.release(seat);
        repository.awaitCallsEntered(1); // the read has begun
        CompletableFuture<WaitingRoomResult> after = room.submit(seat, user("after"));
        repository.releaseReads(seat);

        assertThat(served(first)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(served(before)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(served(holder)).isEqualTo(TestResults.alreadyYours(seat, user("holder")));
        assertThat(served(after)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.tryBookCallLog()).extracting(ControllableSeatRepository.Call::user)
                .containsExactly(user("first"), user("after"));
        assertThat(room.footprint().knownOwners()).isZero();
    }

    private WaitingRoom roomAround(SeatRepository store) {
        return room(store, b -> b.rememberOwnersFor(NEVER));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

        void advance(Duration duration) {
            now.updateAndGet(instant -> instant.plus(duration));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private static final SeatId HELD_SEAT = ShowId.of("holds").seat("H1");

    /** A room around an in-memory store on {@code clock}, in which ann holds {@link #HELD_SEAT} for a minute. */
    private SeatRepository roomWithAHoldOfAnn(MutableClock clock) {
        SeatRepository seats = roomAround(InMemorySeatRepository.builder().clock(clock).build()).asRepository();
        seats.addSeats(HELD_SEAT.show(), List.of(HELD_SEAT.number()));
        assertThat(seats.claim(ClaimRequest.hold(HELD_SEAT.show(), user("ann"), Duration.ofMinutes(1),
                HELD_SEAT.number()))).isInstanceOf(ClaimResult.Claimed.class);
        return seats;
    }
}

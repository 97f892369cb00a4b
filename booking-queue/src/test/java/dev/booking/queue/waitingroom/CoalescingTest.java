package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** At most one call per seat is in flight, and its outcome answers everyone waiting for that seat. */
class CoalescingTest extends WaitingRoomTestSupport {

    private static final int CROWD = 1000;

    @Test
    void aThousandConcurrentRequestsForOneSeatCostOneCallAndHaveOneWinner() throws Exception {
        WaitingRoom room = room(b -> b.capacity(CROWD).rememberOwnersFor(NEVER));
        SeatId seat = seat(1);

        List<WaitingRoomResult> answers = StartingGate.runTogether(CROWD,
                caller -> () -> room.submitAndWait(seat, user(caller)));

        assertThat(answers).hasSize(CROWD).allSatisfy(a -> assertThat(a).isInstanceOf(WaitingRoomResult.Served.class));
        List<BookingResult> results = answers.stream().map(a -> ((WaitingRoomResult.Served) a).result()).toList();
        List<BookingResult> winners = results.stream().filter(r -> r instanceof BookingResult.Booked).toList();
        assertThat(winners).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof BookingResult.Taken).hasSize(CROWD - 1);
        assertThat(repository.findSeat(seat).orElseThrow().owner())
                .isEqualTo(((BookingResult.Booked) winners.get(0)).owner());

        assertThat(repository.tryBookCalls()).isEqualTo(1);
        assertThat(repository.findSeatCalls()).isEqualTo(1); // the test's own read just above
        WaitingRoomStats stats = room.stats();
        assertThat(stats.repositoryCalls()).isEqualTo(1);
        assertThat(stats.served()).isEqualTo(CROWD);
        assertThat(stats.shortCircuited()).isEqualTo(CROWD - 1);
        assertThat(stats.busy() + stats.timedOut() + stats.failed() + stats.closed()).isZero();
        assertThat(stats.queueDepth()).isZero();
    }

    @Test
    void aSeatBookedElsewhereCostsOneTryBookAndOneFindSeatForAThousandRequests() throws Exception {
        WaitingRoom room = room(b -> b.capacity(CROWD).rememberOwnersFor(NEVER));
        SeatId seat = seat(1);
        repository.bookElsewhere(seat, user("someone-else")); // by another instance: the room cannot know who

        List<WaitingRoomResult> answers = StartingGate.runTogether(CROWD,
                caller -> () -> room.submitAndWait(seat, user(caller)));

        assertThat(answers).hasSize(CROWD)
                .allSatisfy(a -> assertThat(a).isEqualTo(new WaitingRoomResult.Served(new BookingResult.Taken(seat))));
        assertThat(repository.tryBookCalls()).isEqualTo(1);
        assertThat(repository.findSeatCalls()).isEqualTo(1);
        assertThat(room.stats().repositoryCalls()).isEqualTo(2);
    }

    @Test
    void aTakenOutcomeIsNotGuessedFromButLearnedWithOneFindSeat() throws Exception {
        WaitingRoom room = room(b -> b.workers(2));
        SeatId seat = seat(1);
        repository.bookElsewhere(seat, user("owner"));
        repository.hold(seat);
        CompletableFuture<WaitingRoomResult> first = room.submit(seat, user("first"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> owner = room.submit(seat, user("owner"));
        CompletableFuture<WaitingRoomResult> other = room.submit(seat, user("other"));
        repository.release(seat);

        assertThat(served(first)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(served(owner)).isEqualTo(TestResults.alreadyYours(seat, user("owner")));
        assertThat(served(other)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.calls()).extracting(ControllableSeatRepository.Call::method)
                .containsExactly("tryBook", "findSeat");
    }

    @Test
    void theOwnerWaitingBehindItsOwnCallGetsAlreadyYours() throws Exception {
        WaitingRoom room = room(b -> b);
        SeatId seat = seat(1);
        repository.hold(seat);
        List<CompletableFuture<WaitingRoomResult>> sameUser = new ArrayList<>();
        sameUser.add(room.submit(seat, user("ann")));
        repository.awaitCallsEntered(1);
        for (int i = 0; i < 20; i++) {
            sameUser.add(room.submit(seat, user("ann")));
        }
        CompletableFuture<WaitingRoomResult> bob = room.submit(seat, user("bob"));
        repository.release(seat);

        assertThat(served(sameUser.get(0))).isEqualTo(TestResults.booked(seat, user("ann")));
        assertThat(sameUser.subList(1, 21)).allSatisfy(f ->
                assertThat(served(f)).isEqualTo(TestResults.alreadyYours(seat, user("ann"))));
        assertThat(served(bob)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.tryBookCalls()).isEqualTo(1);
    }

    @Test
    void noSuchSeatAnswersEveryoneWaitingAndIsNotRemembered() throws Exception {
        WaitingRoom room = room(b -> b.rememberOwnersFor(NEVER));
        SeatId missing = show.seat("later");
        repository.hold(missing);
        List<CompletableFuture<WaitingRoomResult>> requests = new ArrayList<>();
        requests.add(room.submit(missing, user(0)));
        repository.awaitCallsEntered(1);
        for (int i = 1; i < 10; i++) {
            requests.add(room.submit(missing, user(i)));
        }
        repository.release(missing);

        assertThat(requests).allSatisfy(f -> assertThat(served(f)).isEqualTo(new BookingResult.NoSuchSeat(missing)));
        assertThat(repository.tryBookCalls()).isEqualTo(1);

        // the seat may be added later: a missing seat is not a fact worth remembering
        repository.addSeats(show, List.of("later"));
        assertThat(served(room.submit(missing, user(1)))).isEqualTo(TestResults.booked(missing, user(1)));
    }

    @Test
    void withoutMemoryOnlyTheRequestsAlreadyWaitingAreAnsweredFromAnOutcome() throws Exception {
        WaitingRoom room = room(b -> b.rememberOwnersFor(java.time.Duration.ZERO));
        SeatId seat = seat(1);
        repository.hold(seat);
        CompletableFuture<WaitingRoomResult> ann = room.submit(seat, user("ann"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> bob = room.submit(seat, user("bob"));
        repository.release(seat);
        assertThat(served(ann)).isInstanceOf(BookingResult.Booked.class);
        assertThat(served(bob)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.tryBookCalls()).isEqualTo(1);

        // nothing remembered: every later request asks the repository, which still says Taken
        assertThat(served(room.submit(seat, user("carol")))).isEqualTo(new BookingResult.Taken(seat));
        assertThat(served(room.submit(seat, user("ann")))).isEqualTo(TestResults.alreadyYours(seat, user("ann")));
        assertThat(repository.tryBookCalls()).isEqualTo(3);
        assertThat(repository.findSeatCalls()).as("no waiter and no memory: nothing to learn").isZero();
    }
}

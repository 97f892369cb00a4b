package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A request that is not served in time is answered TimedOut, never left hanging. */
class DeadlineTest extends WaitingRoomTestSupport {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void waitingAndInFlightRequestsTimeOutAtTheirDeadline() throws Exception {
        WaitingRoom room = room(b -> b.workers(1).deadline(Duration.ofSeconds(10)).ticker(ticker));
        SeatId seat = seat(1);
        repository.hold(seat);
        CompletableFuture<WaitingRoomResult> inFlight = room.submit(seat, user("ann"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> sameSeat = room.submit(seat, user("bob"));
        CompletableFuture<WaitingRoomResult> otherSeat = room.submit(seat(2), user("carol"));

        ticker.advance(Duration.ofSeconds(9));
        room.checkDeadlinesNow();
        CompletableFuture<WaitingRoomResult> later = room.submit(seat(3), user("dave"));
        ticker.advance(Duration.ofSeconds(1));
        room.checkDeadlinesNow();

        assertThat(answer(inFlight)).isEqualTo(new WaitingRoomResult.TimedOut(seat));
        assertThat(answer(sameSeat)).isEqualTo(new WaitingRoomResult.TimedOut(seat));
        assertThat(answer(otherSeat)).isEqualTo(new WaitingRoomResult.TimedOut(seat(2)));
        // ann's call was still held when she was told TimedOut: it really was in flight
        assertThat(repository.callsRunning()).isEqualTo(1);
        assertThat(repository.tryBookCalls()).isEqualTo(1);
        assertThat(later).isNotDone(); // admitted a second later, so its deadline is a second later

        WaitingRoomStats stats = room.stats();
        assertThat(stats.timedOut()).isEqualTo(3);
        assertThat(stats.queueDepth()).isEqualTo(1);
        assertThat(room.footprint().waitingInLines()).as("timed-out requests leave the lines").isEqualTo(1);

        // the in-flight booking commits after all; repeating the request is safe and tells ann so
        repository.release(seat);
        assertThat(served(later)).isEqualTo(TestResults.booked(seat(3), user("dave")));
        assertThat(served(room.submit(seat, user("ann")))).isEqualTo(TestResults.alreadyYours(seat, user("ann")));
        assertThat(repository.findSeat(seat).orElseThrow().owner()).isEqualTo(user("ann"));
    }

    @Test
    void requestsAnsweredInTimeAreNotTimedOutLater() throws Exception {
        WaitingRoom room = room(b -> b.deadline(Duration.ofSeconds(1)).ticker(ticker));
        assertThat(served(room.submit(seat(1), user("ann")))).isInstanceOf(BookingResult.Booked.class);

        ticker.advance(Duration.ofHours(1));
        room.checkDeadlinesNow();
        assertThat(served(room.submit(seat(2), user("bob")))).isInstanceOf(BookingResult.Booked.class);
        assertThat(room.stats().timedOut()).isZero();
    }

    @Test
    void theDeadlineKeeperRunsOnRealTimeByDefault() {
        // a short real deadline and a repository that never answers in time: the answer still comes
        WaitingRoom room = room(b -> b.workers(1).deadline(Duration.ofMillis(50)));
        repository.holdAll();
        CompletableFuture<WaitingRoomResult> inFlight = room.submit(seat(1), user("ann"));
        CompletableFuture<WaitingRoomResult> waiting = room.submit(seat(2), user("bob"));

        assertThat(answer(inFlight)).isEqualTo(new WaitingRoomResult.TimedOut(seat(1)));
        assertThat(answer(waiting)).isEqualTo(new WaitingRoomResult.TimedOut(seat(2)));
        assertThat(room.stats().queueDepth()).isZero();
    }

    @Test
    void theOutcomeOfATimedOutCallStillAnswersTheRequestsWaitingBehindIt() throws Exception {
        WaitingRoom room = room(b -> b.deadline(Duration.ofSeconds(10)).ticker(ticker).rememberOwnersFor(NEVER));
        SeatId seat = seat(1);
        repository.hold(seat);
        CompletableFuture<WaitingRoomResult> ann = room.submit(seat, user("ann"));
        repository.awaitCallsEntered(1);
        ticker.advance(Duration.ofSeconds(10));
        room.checkDeadlinesNow();
        assertThat(answer(ann)).isEqualTo(new WaitingRoomResult.TimedOut(seat));

        CompletableFuture<WaitingRoomResult> bob = room.submit(seat, user("bob"));
        repository.release(seat);
        assertThat(served(bob)).isEqualTo(new BookingResult.Taken(seat));
        assertThat(repository.tryBookCalls()).isEqualTo(1);
    }
}

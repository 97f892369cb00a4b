package dev.booking.queue.waitingroom;

import dev.booking.core.BookingException;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A repository or listener that throws hurts only the request it threw for; the workers carry on. */
class FailureTest extends WaitingRoomTestSupport {

    @Test
    void aFailingCallFailsOnlyItsOwnRequestAndTheNextInLineIsServed() throws Exception {
        WaitingRoom room = room(b -> b.workers(1));
        BookingException down = new BookingException(BookingException.Failure.CONNECTION, "connection lost", null);
        repository.failFor(user("unlucky"), down);
        repository.hold(seat(0));
        CompletableFuture<WaitingRoomResult> blocker = room.submit(seat(0), user("blocker"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> unlucky = room.submit(seat(1), user("unlucky"));
        CompletableFuture<WaitingRoomResult> ann = room.submit(seat(1), user("ann"));
        CompletableFuture<WaitingRoomResult> bob = room.submit(seat(1), user("bob"));
        repository.release(seat(0));

        assertThatThrownBy(unlucky::get).isInstanceOf(ExecutionException.class).cause().isSameAs(down);
        assertThat(served(ann)).isEqualTo(TestResults.booked(seat(1), user("ann")));
        assertThat(served(bob)).isEqualTo(new BookingResult.Taken(seat(1)));
        answer(blocker);
        assertThat(room.stats().failed()).isEqualTo(1);
    }

    @Test
    void theWorkersSurviveManyFailuresOfEveryKind() {
        WaitingRoom room = room(b -> b.workers(2));
        List<RuntimeException> failures = List.of(
                new BookingException(BookingException.Failure.TIMEOUT, "statement timeout", null),
                new IllegalStateException("bug in the adapter"),
                new ArithmeticException("/ by zero"));
        List<CompletableFuture<WaitingRoomResult>> failing = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            repository.failFor(user("failing-" + i), failures.get(i % failures.size()));
            failing.add(room.submit(seat(i), user("failing-" + i)));
        }
        for (int i = 0; i < 30; i++) {
            RuntimeException expected = failures.get(i % failures.size());
            assertThat(failing.get(i)).failsWithin(HANG_GUARD).withThrowableThat().havingCause().isSameAs(expected);
        }
        // the blocking form rethrows the repository's exception itself
        assertThatThrownBy(() -> room.submitAndWait(seat(30), user("failing-1"))).isSameAs(failures.get(1));
        // more workers than failures would leave: every seat is still served afterwards
        for (int i = 0; i < 30; i++) {
            assertThat(served(room.submit(seat(i), user("ok-" + i))))
                    .isEqualTo(TestResults.booked(seat(i), user("ok-" + i)));
        }
        assertThat(BoundednessTest.roomThreads(room)).hasSize(3).allMatch(Thread::isAlive);
    }

    @Test
    void aFailingFindSeatFailsNobodyAndTheNextInLineAsksAgain() throws Exception {
        WaitingRoom room = room(b -> b.workers(1));
        SeatId seat = seat(1);
        repository.bookElsewhere(seat, user("owner"));
        repository.failFindSeat(new BookingException(BookingException.Failure.CONNECTION, "read failed", null));
        repository.hold(seat);
        List<CompletableFuture<WaitingRoomResult>> line = new ArrayList<>();
        line.add(room.submit(seat, user(0)));
        repository.awaitCallsEntered(1);
        for (int i = 1; i < 5; i++) {
            line.add(room.submit(seat, user(i)));
        }
        repository.release(seat);

        assertThat(line).allSatisfy(f -> assertThat(served(f)).isEqualTo(new BookingResult.Taken(seat)));
        assertThat(room.stats().failed()).isZero();
        assertThat(repository.tryBookCalls()).isEqualTo(5); // nobody was answered from a guess
    }

    @Test
    void aRepositoryAnsweringNullFailsThatRequestInsteadOfTheRoom() {
        repository.answerNullTo(user("null-please"));
        try (WaitingRoom room = WaitingRoom.builder(repository).workers(1).build()) {
            assertThat(room.submit(seat(1), user("null-please"))).failsWithin(HANG_GUARD)
                    .withThrowableThat().havingCause().isInstanceOf(IllegalStateException.class)
                    .withMessageContaining("null");
            assertThat(served(room.submit(seat(1), user("ann")))).isInstanceOf(BookingResult.Booked.class);
        }
    }

    @Test
    void aListenerThatThrowsEverywhereNeverBreaksTheRoom() throws Exception {
        WaitingRoomListener hostile = new WaitingRoomListener() {
            @Override
            public void admitted(int queueDepth) {
                throw new IllegalStateException("admitted");
            }

            @Override
            public void rejectedBusy() {
                throw new IllegalStateException("rejectedBusy");
            }

            @Override
            public void answeredClosed() {
                throw new IllegalStateException("answeredClosed");
            }

            @Override
            public void repositoryCall(SeatId seat) {
                throw new IllegalStateException("repositoryCall");
            }

            @Override
            public void served(long waitNanos, BookingResult result) {
                throw new AssertionError("served"); // an Error, too, is contained
            }

            @Override
            public void shortCircuited(SeatId seat) {
                throw new IllegalStateException("shortCircuited");
            }

            @Override
            public void timedOut(SeatId seat) {
                throw new IllegalStateException("timedOut");
            }

            @Override
            public void failed(SeatId seat, Throwable failure) {
                throw new IllegalStateException("failed");
            }
        };
        ManualTicker ticker = new ManualTicker();
        WaitingRoom room = room(b -> b.listener(hostile).workers(1).capacity(2)
                .deadline(java.time.Duration.ofSeconds(10)).ticker(ticker));
        repository.failFor(user("unlucky"), new IllegalStateException("down"));

        assertThat(room.submit(seat(1), user("unlucky"))).failsWithin(HANG_GUARD);
        assertThat(served(room.submit(seat(1), user("ann")))).isInstanceOf(BookingResult.Booked.class);
        assertThat(served(room.submit(seat(1), user("bob")))).isInstanceOf(BookingResult.Taken.class);
        repository.holdAll();
        CompletableFuture<WaitingRoomResult> timesOut = room.submit(seat(2), user("carol"));
        room.submit(seat(3), user("dave"));
        assertThat(room.submit(seat(4), user("eve")).join()).isInstanceOf(WaitingRoomResult.Busy.class);
        ticker.advance(java.time.Duration.ofSeconds(10));
        room.checkDeadlinesNow();
        assertThat(answer(timesOut)).isInstanceOf(WaitingRoomResult.TimedOut.class);
        repository.releaseAll();
        room.shutdown(HANG_GUARD);
        assertThat(room.submit(seat(5), user("frank")).join()).isInstanceOf(WaitingRoomResult.Closed.class);
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
    }
}

package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The room's books balance: however a request's answer is contested (the deadline keeper against
 * the worker whose call returns late, shutdown against both), the statistics count one answer per
 * request submitted, and the listener hears exactly one answer per request, the one its future holds.
 */
class AnsweredOnceTest extends WaitingRoomTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ManualTicker ticker = new ManualTicker();
    private final AnswerListener listener = new AnswerListener();

    /** The answers the listener heard, as comparable values, counted. */
    static final class AnswerListener implements WaitingRoomListener {
        final Map<Object, AtomicLong> heard = new ConcurrentHashMap<>();

        private void heard(Object answer) {
            heard.computeIfAbsent(answer, a -> new AtomicLong()).incrementAndGet();
        }

        Map<Object, Long> counts() {
            return heard.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        }

        @Override
        public void served(long waitNanos, BookingResult result) {
            heard(new WaitingRoomResult.Served(result));
        }

        @Override
        public void rejectedBusy() {
            heard("busy");
        }

        @Override
        public void timedOut(SeatId seat) {
            heard(new WaitingRoomResult.TimedOut(seat));
        }

        @Override
        public void failed(SeatId seat, Throwable failure) {
            heard(List.of("failed", failure));
        }

        @Override
        public void answeredClosed() {
            heard("closed");
        }
    }

    @Test
    void aRequestTimedOutInFlightIsNotAnsweredAgainWhenItsCallReturns() throws Exception {
        WaitingRoom room = room(b -> b.workers(1).deadline(DEADLINE).ticker(ticker).listener(listener));
        SeatId seat = seat(1);
        repository.hold(seat);
        List<CompletableFuture<WaitingRoomResult>> futures = new ArrayList<>();
        futures.add(room.submit(seat, user("ann")));
        repository.awaitCallsEntered(1);
        futures.add(room.submit(seat, user("bob")));
        ticker.advance(DEADLINE);
        room.checkDeadlinesNow();
        assertThat(answer(futures.get(0))).isEqualTo(new WaitingRoomResult.TimedOut(seat));
        assertThat(answer(futures.get(1))).isEqualTo(new WaitingRoomResult.TimedOut(seat));

        repository.release(seat); // ann's call returns Booked after she was told TimedOut
        futures.add(room.submit(seat, user("carol")));
        assertThat(served(futures.get(2))).isEqualTo(new BookingResult.Taken(seat));
        room.shutdown(HANG_GUARD);
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();

        assertTheBooksBalance(room, futures);
        assertThat(room.stats().timedOut()).isEqualTo(2);
        assertThat(room.stats().served()).isEqualTo(1);
    }

    @Test
    void deadlinesRacingWorkersAnswerEachRequestOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            WaitingRoom room = room(b -> b.workers(2).capacity(50).deadline(DEADLINE).ticker(ticker).listener(listener));
            List<CompletableFuture<WaitingRoomResult>> futures = race(room, round, false);
            room.shutdown(HANG_GUARD);
            assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
            assertTheBooksBalance(room, futures);
            listener.heard.clear();
        }
    }

    @Test
    void shutdownRacingDeadlinesAndWorkersAnswersEachRequestOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            WaitingRoom room = room(b -> b.workers(2).capacity(50).deadline(DEADLINE).ticker(ticker).listener(listener));
            List<CompletableFuture<WaitingRoomResult>> futures = race(room, round, true);
            room.shutdown(Duration.ZERO);
            assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
            assertTheBooksBalance(room, futures);
            listener.heard.clear();
        }
    }

    /**
     * Submitters on a few seats, one caller moving the clock past deadline after deadline while calls
     * run (the store holds its calls for the first half of that), and, if asked, one caller shutting
     * the room down, with a grace period that outlasts the race in even rounds and none in odd ones.
     */
    private List<CompletableFuture<WaitingRoomResult>> race(WaitingRoom room, int round, boolean shutDown) {
        int submitters = 60;
        List<CompletableFuture<WaitingRoomResult>> futures = Collections.synchronizedList(new ArrayList<>());
        repository.holdAll(); // the first calls stay in flight while their deadlines pass, then return
        StartingGate.runTogether(submitters + 2, caller -> () -> {
            if (caller == submitters) {
                for (int i = 0; i < 200; i++) {
                    if (i == 100) {
                        repository.releaseAll();
                    }
                    ticker.advance(DEADLINE.dividedBy(4));
                    room.checkDeadlinesNow();
                    Thread.yield();
                }
            } else if (caller == submitters + 1) {
                if (shutDown) {
                    // draining while deadlines and late calls contest the answers, or closing at once
                    room.shutdown(round % 2 == 0 ? HANG_GUARD : Duration.ZERO);
                }
            } else {
                for (int i = 0; i < 5; i++) {
                    futures.add(room.submit(seat(round * 4 + (caller + i) % 4), user(caller)));
                }
            }
            return null;
        });
        return futures;
    }

    /** Stats: one answer per request, kind by kind; listener: the very answers the futures hold. */
    private void assertTheBooksBalance(WaitingRoom room, List<CompletableFuture<WaitingRoomResult>> futures) {
        assertThat(futures).allSatisfy(f -> assertThat(f).isDone());
        List<Object> answers = futures.stream().map(AnsweredOnceTest::asHeard).toList();
        Map<Object, Long> expected = answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(listener.counts()).as("what the listener heard, against what the futures hold").isEqualTo(expected);

        WaitingRoomStats stats = room.stats();
        assertThat(stats.submitted()).isEqualTo(futures.size());
        assertThat(stats.answered()).as("answers counted").isEqualTo(stats.submitted());
        assertThat(stats.served()).isEqualTo(answers.stream().filter(a -> a instanceof WaitingRoomResult.Served).count());
        assertThat(stats.timedOut()).isEqualTo(answers.stream().filter(a -> a instanceof WaitingRoomResult.TimedOut).count());
        assertThat(stats.closed()).isEqualTo(answers.stream().filter("closed"::equals).count());
        assertThat(stats.busy()).isEqualTo(answers.stream().filter("busy"::equals).count());
        assertThat(stats.failed()).isEqualTo(answers.stream().filter(a -> a instanceof List<?>).count());
        assertThat(stats.queueDepth()).isZero();
    }

    /** A future's answer in the form {@link AnswerListener} records it. */
    private static Object asHeard(CompletableFuture<WaitingRoomResult> future) {
        try {
            WaitingRoomResult answer = future.get();
            if (answer instanceof WaitingRoomResult.Busy) {
                return "busy";
            }
            return answer instanceof WaitingRoomResult.Closed ? "closed" : answer;
        } catch (ExecutionException e) {
            return List.of("failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

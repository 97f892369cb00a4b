package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutdown stops admitting, drains within the grace period, answers the rest (Closed, or TimedOut for a
 * request whose call is running) and ends the threads.
 */
class ShutdownTest extends WaitingRoomTestSupport {

    @Test
    void requestsWaitingAtShutdownAreDrainedWithinTheGracePeriod() throws Exception {
        WaitingRoom room = room(b -> b.workers(2));
        repository.holdAll();
        List<CompletableFuture<WaitingRoomResult>> waiting = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            waiting.add(room.submit(seat(i % 10), user(i)));
        }
        repository.awaitCallsEntered(2);

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> room.shutdown(HANG_GUARD));
        eventually("the room stops admitting", room::isClosed);
        assertThat(room.submit(seat(50), user("late")).join()).isEqualTo(new WaitingRoomResult.Closed(seat(50)));
        assertThat(shutdown).isNotDone(); // still draining: everything admitted is held in the repository

        repository.releaseAll();
        assertThat(shutdown.get(HANG_GUARD.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(waiting).allSatisfy(f -> assertThat(answer(f)).isInstanceOf(WaitingRoomResult.Served.class));
        assertThat(waiting).filteredOn(f -> served(f) instanceof BookingResult.Booked).hasSize(10);
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
        assertThat(BoundednessTest.roomThreads(room)).isEmpty();
        WaitingRoomStats stats = room.stats();
        assertThat(stats.served()).isEqualTo(30);
        assertThat(stats.closed()).isEqualTo(1);
        assertThat(stats.submitted()).isEqualTo(stats.answered());
    }

    @Test
    void whatIsLeftAfterTheGracePeriodIsAnsweredClosedAndTheThreadsEnd() throws Exception {
        WaitingRoom room = room(b -> b.workers(1));
        repository.holdAll();
        CompletableFuture<WaitingRoomResult> inFlight = room.submit(seat(1), user("ann"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> sameSeat = room.submit(seat(1), user("bob"));
        CompletableFuture<WaitingRoomResult> otherSeat = room.submit(seat(2), user("carol"));

        assertThat(room.shutdown(Duration.ofMillis(20))).isFalse();

        // its call is running and may still commit: an unknown outcome, not "nothing was written"
        assertThat(inFlight).isCompletedWithValue(new WaitingRoomResult.TimedOut(seat(1)));
        assertThat(sameSeat).isCompletedWithValue(new WaitingRoomResult.Closed(seat(1)));
        assertThat(otherSeat).isCompletedWithValue(new WaitingRoomResult.Closed(seat(2)));
        assertThat(room.submit(seat(3), user("dave")).join()).isEqualTo(new WaitingRoomResult.Closed(seat(3)));
        assertThat(room.stats().queueDepth()).isZero();

        // the idle deadline keeper ends at once; the worker ends when its held call returns
        repository.releaseAll();
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
        assertThat(BoundednessTest.roomThreads(room)).isEmpty();
        assertThat(inFlight.join()).as("answered once, never changed").isEqualTo(new WaitingRoomResult.TimedOut(seat(1)));
        assertThat(repository.tryBookCalls()).as("nothing left in the line was sent on").isEqualTo(1);
    }

    @Test
    void closeDrainsAndIsIdempotent() throws Exception {
        CompletableFuture<WaitingRoomResult> answer;
        WaitingRoom room;
        try (WaitingRoom closing = room(b -> b)) {
            room = closing;
            answer = closing.submit(seat(1), user("ann"));
        }
        assertThat(served(answer)).isEqualTo(TestResults.booked(seat(1), user("ann")));
        assertThat(room.isClosed()).isTrue();
        room.close();
        assertThat(room.shutdown(Duration.ZERO)).isTrue();
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
    }

    @Test
    void concurrentSubmissionsDuringShutdownAreEachAnsweredExactlyOnce() throws Exception {
        WaitingRoom room = room(b -> b.capacity(500).workers(4));
        List<CompletableFuture<WaitingRoomResult>> futures = java.util.Collections.synchronizedList(new ArrayList<>());

        List<Boolean> shutdownResults = StartingGate.runTogether(401, caller -> () -> {
            if (caller == 200) {
                return room.shutdown(Duration.ZERO);
            }
            futures.add(room.submit(seat(caller % 20), user(caller)));
            return true;
        });

        assertThat(shutdownResults).hasSize(401);
        assertThat(futures).hasSize(400).allSatisfy(f -> assertThat(f).succeedsWithin(HANG_GUARD)
                .isInstanceOfAny(WaitingRoomResult.Served.class, WaitingRoomResult.Closed.class));
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue();
        WaitingRoomStats stats = room.stats();
        assertThat(stats.submitted()).isEqualTo(400).isEqualTo(stats.answered());
        assertThat(stats.queueDepth()).isZero();
        // a call running at shutdown may commit after its request was answered Closed, so Booked
        // answers can be fewer than booked seats, but never more, and each names the stored owner
        List<BookingResult.Booked> booked = futures.stream().map(CompletableFuture::join)
                .filter(a -> a instanceof WaitingRoomResult.Served s && s.result() instanceof BookingResult.Booked)
                .map(a -> (BookingResult.Booked) ((WaitingRoomResult.Served) a).result()).toList();
        assertThat(booked).extracting(BookingResult.Booked::seat).doesNotHaveDuplicates();
        assertThat(booked).allSatisfy(b ->
                assertThat(repository.findSeat(b.seat()).orElseThrow().owner()).isEqualTo(b.owner()));
    }
}

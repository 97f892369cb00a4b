package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener hears about every event, and agrees with the stats snapshot. */
class ObservabilityTest extends WaitingRoomTestSupport {

    /** Counts every event by name; remembers queue depths and waits. */
    static final class RecordingListener implements WaitingRoomListener {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final List<Integer> depths = new CopyOnWriteArrayList<>();
        final Map<BookingResult, Long> waits = new ConcurrentHashMap<>();

        private void count(String event) {
            counts.computeIfAbsent(event, e -> new AtomicLong()).incrementAndGet();
        }

        long total(String event) {
            AtomicLong count = counts.get(event);
            return count == null ? 0 : count.get();
        }

        @Override
        public void admitted(int queueDepth) {
            count("admitted");
            depths.add(queueDepth);
        }

        @Override
        public void rejectedBusy() {
            count("rejectedBusy");
        }

        @Override
        public void answeredClosed() {
            count("answeredClosed");
        }

        @Override
        public void repositoryCall(SeatId seat) {
            count("repositoryCall");
        }

        @Override
        public void served(long waitNanos, BookingResult result) {
            count("served");
            waits.put(result, waitNanos);
        }

        @Override
        public void shortCircuited(SeatId seat) {
            count("shortCircuited");
        }

        @Override
        public void timedOut(SeatId seat) {
            count("timedOut");
        }

        @Override
        public void failed(SeatId seat, Throwable failure) {
            count("failed");
        }
    }

    @Test
    void everyEventReachesTheListenerAndMatchesTheStats() throws Exception {
        ManualTicker ticker = new ManualTicker();
        RecordingListener listener = new RecordingListener();
        WaitingRoom room = room(b -> b.workers(1).capacity(3).deadline(Duration.ofSeconds(10))
                .rememberOwnersFor(NEVER).ticker(ticker).listener(listener));

        repository.hold(seat(1));
        CompletableFuture<WaitingRoomResult> ann = room.submit(seat(1), user("ann"));
        repository.awaitCallsEntered(1);
        CompletableFuture<WaitingRoomResult> bob = room.submit(seat(1), user("bob"));
        CompletableFuture<WaitingRoomResult> carol = room.submit(seat(2), user("carol"));
        assertThat(room.submit(seat(3), user("dave")).join()).isInstanceOf(WaitingRoomResult.Busy.class);
        ticker.advance(Duration.ofSeconds(3));
        repository.release(seat(1));
        assertThat(served(ann)).isInstanceOf(BookingResult.Booked.class);
        assertThat(served(bob)).isInstanceOf(BookingResult.Taken.class);
        assertThat(served(carol)).isInstanceOf(BookingResult.Booked.class);
        assertThat(served(room.submit(seat(1), user("eve")))).isInstanceOf(BookingResult.Taken.class);

        repository.failFor(user("frank"), new IllegalStateException("down"));
        assertThat(room.submit(seat(4), user("frank"))).failsWithin(HANG_GUARD);

        repository.awaitCallsEntered(2); // carol's and frank's, long done
        repository.hold(seat(5));
        CompletableFuture<WaitingRoomResult> gina = room.submit(seat(5), user("gina"));
        repository.awaitCallsEntered(1); // gina times out in flight, not in line
        ticker.advance(Duration.ofSeconds(10));
        room.checkDeadlinesNow();
        assertThat(answer(gina)).isInstanceOf(WaitingRoomResult.TimedOut.class);

        room.shutdown(Duration.ZERO);
        assertThat(room.submit(seat(6), user("helen")).join()).isInstanceOf(WaitingRoomResult.Closed.class);
        repository.releaseAll();
        assertThat(room.awaitTermination(HANG_GUARD)).isTrue(); // every event has been told by now

        WaitingRoomStats stats = room.stats();
        assertThat(stats).isEqualTo(new WaitingRoomStats(0, 0, 8, 4, 2, 4, 1, 1, 1, 1));
        assertThat(stats.submitted()).isEqualTo(stats.answered());
        assertThat(listener.total("admitted")).isEqualTo(5);
        assertThat(listener.depths.subList(0, 3)).containsExactly(1, 2, 3);
        assertThat(listener.total("rejectedBusy")).isEqualTo(stats.busy());
        assertThat(listener.total("served")).isEqualTo(stats.served());
        assertThat(listener.total("shortCircuited")).isEqualTo(stats.shortCircuited());
        assertThat(listener.total("timedOut")).isEqualTo(stats.timedOut());
        assertThat(listener.total("failed")).isEqualTo(stats.failed());
        assertThat(listener.total("answeredClosed")).isEqualTo(stats.closed());
        assertThat(listener.total("repositoryCall")).isEqualTo(stats.repositoryCalls())
                .isEqualTo(repository.calls().size());
        // waits are measured on the room's ticker: ann and bob waited the three seconds, eve not at all
        assertThat(listener.waits.get(TestResults.booked(seat(1), user("ann")))).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(listener.waits.get(new BookingResult.Taken(seat(1)))).isIn(0L, Duration.ofSeconds(3).toNanos());
    }
}

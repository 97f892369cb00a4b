package dev.booking.bench;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;

/**
 * N callers, one thread each, released from one gate; caller i books seat i mod S as user i.
 * Records every answer and its latency.
 */
final class SeatRace {

    /**
     * What happened.
     *
     * @param results   each caller's answer, {@code null} where it threw
     * @param errors    the failures, by exception class and message, with counts
     * @param latency   per-call latency in microseconds
     * @param wallNanos from the gate opening to the last answer
     */
    record Outcome(List<BookingResult> results, Map<String, Integer> errors, Histogram latency, long wallNanos) {
    }

    private SeatRace() {
    }

    static List<SeatId> seats(ShowId show, int count) {
        List<SeatId> seats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            seats.add(show.seat(String.format("S%05d", i)));
        }
        return seats;
    }

    static Outcome run(List<SeatId> seats, int users, BiFunction<SeatId, UserId, BookingResult> book, PrintStream progress)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(users);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(users);
        AtomicReferenceArray<BookingResult> results = new AtomicReferenceArray<>(users);
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicInteger answered = new AtomicInteger();
        for (int i = 0; i < users; i++) {
            int caller = i;
            SeatId seat = seats.get(caller % seats.size());
            UserId user = UserId.of("user-" + caller);
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    gate.await();
                    long start = System.nanoTime();
                    try {
                        results.set(caller, book.apply(seat, user));
                    } catch (RuntimeException e) {
                        errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                    }
                    latency.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start)));
                    answered.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "racer-" + caller);
            thread.setDaemon(true);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        gate.countDown();
        while (!done.await(1, TimeUnit.SECONDS)) {
            progress.printf("  ... %d of %d answered after %d s%n", answered.get(), users,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        }
        long wall = System.nanoTime() - start;
        List<BookingResult> list = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            list.add(results.get(i));
        }
        return new Outcome(list, Map.copyOf(errors), latency, wall);
    }
}

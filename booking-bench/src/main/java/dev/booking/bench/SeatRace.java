package dev.booking.bench;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
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
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * N callers, one thread each, released from one gate; caller i makes the call {@code calls}
 * gives it (booking seat i mod S, or a group of seats). Records every answer and its latency.
 */
final class SeatRace {

    /**
     * What happened.
     *
     * @param results   each caller's answer, {@code null} where it threw
     * @param errors    the failures, by exception class and message, with counts
     * @param latency   per-call latency in microseconds
     * @param wallNanos from the gate opening to the last answer
     * @param <R>       the answer type
     */
    record Outcome<R>(List<R> results, Map<String, Integer> errors, Histogram latency, long wallNanos) {

        /** How many calls threw. */
        int errorCount() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }
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

    /**
     * Runs {@code users} callers; the call of caller i is built from {@code calls} before the gate
     * opens, so that only the store's work is timed.
     */
    static <R> Outcome<R> run(int users, IntFunction<Supplier<R>> calls, PrintStream progress) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(users);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(users);
        AtomicReferenceArray<R> results = new AtomicReferenceArray<>(users);
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicInteger answered = new AtomicInteger();
        for (int i = 0; i < users; i++) {
            int caller = i;
            Supplier<R> call = calls.apply(caller);
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    gate.await();
                    long start = System.nanoTime();
                    try {
                        results.set(caller, call.get());
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
        List<R> list = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            list.add(results.get(i));
        }
        return new Outcome<>(list, Map.copyOf(errors), latency, wall);
    }
}

package dev.booking.bench.jmh;

import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.Operation;
import dev.booking.tck.history.SeatModel;

import java.time.Duration;
import java.util.List;

/**
 * The largest race history ({@link RaceHistories}) the linearizability checker decides within a
 * time limit: the size doubles while a check takes less than an eighth of the limit, then grows by
 * a quarter until a check exceeds it, and is then narrowed down by bisection. A size is timed once,
 * or the best of three when near the limit, after the checker was warmed up on small ones; a size whose check would not fit in the heap
 * is not tried ({@link #fitsInMemory}).
 */
public final class CheckerReach {

    /** The limit of issue 18: what the checker decides in one second. */
    public static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private static final int FIRST_SIZE = 1_000;
    private static final int BISECTIONS = 3;
    private static final int TRIES_NEAR_LIMIT = 3;

    private CheckerReach() {
    }

    /**
     * How far the checker reached.
     *
     * @param seats              seats the operations were spread over
     * @param limit              the time limit
     * @param largestWithin      the largest history checked within the limit (0 if none was)
     * @param nanosOfLargest     how long its check took
     * @param smallestBeyond     the smallest size tried that took longer, or 0 if the cap was reached first
     * @param nanosOfBeyond      how long that took
     */
    public record Reach(int seats, Duration limit, int largestWithin, long nanosOfLargest, int smallestBeyond,
                        long nanosOfBeyond) {

        /** Operations checked per second at the largest size. */
        public double operationsPerSecond() {
            return nanosOfLargest == 0 ? 0 : largestWithin * 1e9 / nanosOfLargest;
        }
    }

    /**
     * Finds the largest history of {@code seats} seats checked within {@code limit}, trying no more
     * than {@code maxOperations}.
     */
    public static Reach of(int seats, Duration limit, int maxOperations) {
        LinearizabilityChecker checker = new LinearizabilityChecker();
        for (int i = 0; i < 3; i++) {
            nanosToCheck(checker, FIRST_SIZE, seats, Long.MAX_VALUE); // warm-up
        }
        long limitNanos = limit.toNanos();
        int within = 0;
        long withinNanos = 0;
        int beyond = 0;
        long beyondNanos = 0;
        int size = Math.max(FIRST_SIZE, seats);
        while (size <= maxOperations && fitsInMemory(size, seats)) {
            long nanos = nanosToCheck(checker, size, seats, limitNanos);
            if (nanos > limitNanos) {
                beyond = size;
                beyondNanos = nanos;
                break;
            }
            within = size;
            withinNanos = nanos;
            // doubling while far below the limit; near it, a check grows faster than its history
            size = nanos < limitNanos / 8 ? size * 2 : size + size / 4;
        }
        for (int step = 0; step < BISECTIONS && beyond > 0 && beyond - within > 1; step++) {
            int middle = within + (beyond - within) / 2;
            long nanos = nanosToCheck(checker, Math.max(middle, seats), seats, limitNanos);
            if (nanos > limitNanos) {
                beyond = middle;
                beyondNanos = nanos;
            } else {
                within = middle;
                withinNanos = nanos;
            }
        }
        return new Reach(seats, limit, within, withinNanos, beyond, beyondNanos);
    }

    /**
     * The time to check a race of {@code size} operations: one check, or near the limit the best of
     * {@link #TRIES_NEAR_LIMIT}, so that one collection or a busy machine does not end the search
     * early. Throws if the race is not found linearizable.
     */
    private static long nanosToCheck(LinearizabilityChecker checker, int size, int seats, long limitNanos) {
        List<Operation> history = RaceHistories.race(size, seats, 18);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < TRIES_NEAR_LIMIT && (i == 0 || best > limitNanos / 2); i++) {
            long start = System.nanoTime();
            LinearizabilityChecker.Verdict verdict = checker.check(history, seat -> SeatModel.EMPTY);
            best = Math.min(best, System.nanoTime() - start);
            if (!verdict.linearizable()) {
                throw new IllegalStateException("a linearizable race was judged: " + verdict.describe());
            }
        }
        return best;
    }

    /**
     * Whether checking one seat's part of such a history fits in a third of the heap: the checker
     * remembers a bit set of the linearized operations per step, about {@code n * n / 16} bytes for
     * a seat of {@code n} operations.
     */
    static boolean fitsInMemory(int size, int seats) {
        double perSeat = Math.ceil(size / (double) seats);
        return perSeat * perSeat / 16 < Runtime.getRuntime().maxMemory() / 3.0;
    }
}

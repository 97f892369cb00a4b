package dev.booking.bench.jmh;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.history.Operation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Histories shaped like the kit's races, made up so that their size is exact and the same in every
 * run: every seat is raced for by its callers at once (calls invoked over a window as long as the
 * history, each lasting up to {@link #LONGEST_CALL_NANOS}, so that about fifty overlap), the
 * earliest caller wins ({@code BOOKED}), every tenth call is a read that sees the winner, and the
 * rest are told {@code TAKEN}. Each is linearizable, so a checker must accept it.
 */
final class RaceHistories {

    /** The longest call of a made-up race. */
    static final long LONGEST_CALL_NANOS = 200_000;
    /** Mean nanoseconds between two invocations. */
    static final long INVOCATION_SPACING_NANOS = 2_000;

    private RaceHistories() {
    }

    /**
     * A race of {@code operations} calls spread evenly over {@code seats} seats, in invocation order.
     *
     * @param operations how many operations, at least {@code seats}
     * @param seats      over how many seats, at least 1
     * @param seed       the same seed gives the same history
     */
    static List<Operation> race(int operations, int seats, long seed) {
        if (seats < 1) {
            throw new IllegalArgumentException("seats must be at least 1, was " + seats);
        }
        if (operations < seats) {
            throw new IllegalArgumentException("operations must be at least seats (" + seats + "), was " + operations);
        }
        SplittableRandom random = new SplittableRandom(seed);
        ShowId show = ShowId.of("jmh-history");
        List<Operation> all = new ArrayList<>(operations);
        int id = 0;
        for (int s = 0; s < seats; s++) {
            SeatId seat = show.seat("S" + s);
            int here = operations / seats + (s < operations % seats ? 1 : 0);
            long window = Math.max(1, here * INVOCATION_SPACING_NANOS);
            long[] invoked = new long[here];
            for (int i = 0; i < here; i++) {
                invoked[i] = random.nextLong(window);
            }
            Arrays.sort(invoked);
            UserId winner = UserId.of("u" + s + "-0");
            for (int i = 0; i < here; i++) {
                long returned = invoked[i] + 1 + random.nextLong(LONGEST_CALL_NANOS);
                UserId user = UserId.of("u" + s + "-" + i);
                Operation op;
                if (i == 0) {
                    op = new Operation(id++, seat, Operation.Kind.BOOK, winner, Operation.Observed.BOOKED, null,
                            invoked[i], returned);
                } else if (i % 10 == 0) {
                    op = new Operation(id++, seat, Operation.Kind.READ, null, Operation.Observed.READ_OWNED, winner,
                            invoked[i], returned);
                } else {
                    op = new Operation(id++, seat, Operation.Kind.BOOK, user, Operation.Observed.TAKEN, null,
                            invoked[i], returned);
                }
                all.add(op);
            }
        }
        all.sort(Comparator.comparingLong(Operation::invoked).thenComparingInt(Operation::id));
        return List.copyOf(all);
    }
}

package dev.booking.bench.jmh;

import dev.booking.tck.history.LinearizabilityChecker;
import dev.booking.tck.history.Operation;
import dev.booking.tck.history.SeatModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The linearizability checker's speed on race histories ({@link RaceHistories}) of the sizes the
 * kit races, on one seat and spread over ten: one operation is one whole check, so operations
 * checked per second are {@code operations} divided by its time. The speed bounds how big a kit race
 * can be.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CheckerBenchmarks {

    /** Operations in the history. */
    @Param({"100", "1000", "10000"})
    public int operations;

    /** Seats the operations are spread over. */
    @Param({"1", "10"})
    public int seats;

    List<Operation> history;
    final LinearizabilityChecker checker = new LinearizabilityChecker();

    /** Makes the history, the same one in every run. */
    @Setup(Level.Trial)
    public void setUp() {
        history = RaceHistories.race(operations, seats, 18);
    }

    /** One check of the whole history; it must be found linearizable. */
    @Benchmark
    public LinearizabilityChecker.Verdict check() {
        LinearizabilityChecker.Verdict verdict = checker.check(history, seat -> SeatModel.EMPTY);
        if (!verdict.linearizable() || verdict.operations() != operations) {
            throw new IllegalStateException("a linearizable race of " + operations + " operations was judged: "
                    + verdict.describe());
        }
        return verdict;
    }
}

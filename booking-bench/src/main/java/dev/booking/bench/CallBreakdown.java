package dev.booking.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Where the callers' time went, call by call, in microseconds: from the gate opening to the caller's
 * thread starting its call ({@code start}: waking up and getting a CPU), waiting for a pooled
 * connection ({@code pool}), executing statements ({@code statement}, the database's work and the
 * network, row locks waited for included), and the rest of the call ({@code rest}: the library or
 * baseline's own code, preparing, binding and reading results, giving the connection back). The last
 * three add up to the call's own duration; with {@code start} to the latency from the gate. Pool and
 * statement times come from {@link PhaseTimingDataSource}: zero where the store has none.
 *
 * @param startMicros     gate to the call starting, per call
 * @param poolMicros      getting a connection, per call
 * @param statementMicros executing statements, per call
 * @param restMicros      the rest of the call, per call
 * @param callMicros      the call alone, from its thread starting it to its answer
 * @param statements      statements executed by all calls together
 */
public record CallBreakdown(Histogram startMicros, Histogram poolMicros, Histogram statementMicros,
                            Histogram restMicros, Histogram callMicros, long statements) {

    /** Rejects a missing histogram or a negative count. */
    public CallBreakdown {
        if (startMicros == null || poolMicros == null || statementMicros == null || restMicros == null
                || callMicros == null) {
            throw new IllegalArgumentException("histograms must not be null");
        }
        if (statements < 0) {
            throw new IllegalArgumentException("statements must not be negative: " + statements);
        }
    }

    /** Empty, recording values up to {@code highestMicros} from many threads at once. */
    static CallBreakdown recording(long highestMicros) {
        return new CallBreakdown(new ConcurrentHistogram(highestMicros, 3), new ConcurrentHistogram(highestMicros, 3),
                new ConcurrentHistogram(highestMicros, 3), new ConcurrentHistogram(highestMicros, 3),
                new ConcurrentHistogram(highestMicros, 3), 0);
    }

    /** An empty breakdown to add runs to, in plain histograms. */
    public static CallBreakdown empty() {
        return new CallBreakdown(new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3),
                new Histogram(3), 0);
    }

    /** Calls recorded. */
    public long calls() {
        return callMicros.getTotalCount();
    }

    /** Statements per call, on average: the round trips a call makes. */
    public double statementsPerCall() {
        return calls() == 0 ? 0 : (double) statements / calls();
    }

    /** This breakdown with {@code other}'s calls added (the histograms are copied, neither is changed). */
    public CallBreakdown plus(CallBreakdown other) {
        return new CallBreakdown(sum(startMicros, other.startMicros), sum(poolMicros, other.poolMicros),
                sum(statementMicros, other.statementMicros), sum(restMicros, other.restMicros),
                sum(callMicros, other.callMicros), statements + other.statements);
    }

    /** The same calls, with {@code statements} statements executed by them all. */
    CallBreakdown withStatements(long statements) {
        return new CallBreakdown(startMicros, poolMicros, statementMicros, restMicros, callMicros, statements);
    }

    /** Records one call: its start after the gate and its phases, all in nanoseconds. */
    void record(long startNanos, long callNanos, CallPhases phases) {
        long pool = Math.min(phases.poolNanos(), callNanos);
        long statement = Math.min(phases.statementNanos(), callNanos - pool);
        startMicros.recordValue(Math.max(0, startNanos) / 1000);
        poolMicros.recordValue(pool / 1000);
        statementMicros.recordValue(statement / 1000);
        restMicros.recordValue((callNanos - pool - statement) / 1000);
        callMicros.recordValue(Math.max(1, callNanos / 1000));
    }

    private static Histogram sum(Histogram a, Histogram b) {
        Histogram sum = new Histogram(3);
        sum.add(a);
        sum.add(b);
        return sum;
    }
}

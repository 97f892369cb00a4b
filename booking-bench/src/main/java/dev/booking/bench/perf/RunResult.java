package dev.booking.bench.perf;

import dev.booking.bench.CallBreakdown;
import dev.booking.bench.Integrity;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * One measured run: one variant, on one backend, at one concurrency, for one pair.
 *
 * @param workload       the workload
 * @param backend        the backend id
 * @param variant        the variant name
 * @param concurrency    client threads (hot seat: callers per seat)
 * @param pairKey        which A/B pair the run belongs to, e.g. {@code raw-jdbc#2}; a library run and a
 *                       baseline run with the same key ran back to back
 * @param operations     calls completed (answered or failed)
 * @param wallNanos      time the calls took, gate to last answer (hot seat: summed over rounds)
 * @param latencyMicros  per-call latency
 * @param roundMicros    hot seat: per round, the time until every caller had its answer; else null
 * @param errors         failed calls by kind
 * @param errorCount     failed calls
 * @param integrity      the integrity check
 * @param storeCalls     calls that reached the repository under test (waiting-room workload), else -1
 * @param breakdown      hot seat: where the calls' time went (waking up, pool, statements, the rest); else null
 * @param stadium        the stadium on-sale's own figures; null for every other workload
 */
record RunResult(Workload workload, String backend, String variant, int concurrency, String pairKey,
                 long operations, long wallNanos, Histogram latencyMicros, Histogram roundMicros,
                 Map<String, Long> errors, long errorCount, Integrity integrity, long storeCalls,
                 CallBreakdown breakdown, StadiumFigures stadium) {

    RunResult {
        errors = Map.copyOf(errors);
    }

    /** A run of any workload but the stadium on-sale, without a breakdown of its calls. */
    RunResult(Workload workload, String backend, String variant, int concurrency, String pairKey, long operations,
              long wallNanos, Histogram latencyMicros, Histogram roundMicros, Map<String, Long> errors,
              long errorCount, Integrity integrity, long storeCalls) {
        this(workload, backend, variant, concurrency, pairKey, operations, wallNanos, latencyMicros, roundMicros,
                errors, errorCount, integrity, storeCalls, null, null);
    }

    /** The same run with the breakdown of its calls. */
    RunResult withBreakdown(CallBreakdown calls) {
        return new RunResult(workload, backend, variant, concurrency, pairKey, operations, wallNanos, latencyMicros,
                roundMicros, errors, errorCount, integrity, storeCalls, calls, stadium);
    }

    /** Calls per second. */
    double throughput() {
        return wallNanos <= 0 ? 0 : operations / (wallNanos / 1e9);
    }

    /** The same run with the repository calls it caused. */
    RunResult withStoreCalls(long calls) {
        return new RunResult(workload, backend, variant, concurrency, pairKey, operations, wallNanos, latencyMicros,
                roundMicros, errors, errorCount, integrity, calls, breakdown, stadium);
    }

    /** One line for the progress output. */
    String summary() {
        String base = String.format("%,.0f ops/s, p50 %s, p99 %s ms", throughput(),
                ResultsText.micros(latencyMicros.getValueAtPercentile(50)), ResultsText.micros(latencyMicros.getValueAtPercentile(99)));
        if (stadium != null) {
            base += String.format(", %,.0f seats added/s, %,.0f bookings/s, %,.0f refusals/s, sold out: %s",
                    stadium.seatsAddedPerSecond(), stadium.bookingsPerSecond(), stadium.refusalsPerSecond(),
                    stadium.soldOutText());
        }
        if (roundMicros != null) {
            base += String.format(", all answered in %s ms (max)", ResultsText.micros(roundMicros.getMaxValue()));
        }
        if (breakdown != null) {
            base += String.format("; p50/p99 ms: start %s/%s, pool %s/%s, statements %s/%s, rest %s/%s,"
                            + " call alone %s/%s; %.2f statements per call",
                    p50(breakdown.startMicros()), p99(breakdown.startMicros()), p50(breakdown.poolMicros()),
                    p99(breakdown.poolMicros()), p50(breakdown.statementMicros()), p99(breakdown.statementMicros()),
                    p50(breakdown.restMicros()), p99(breakdown.restMicros()), p50(breakdown.callMicros()),
                    p99(breakdown.callMicros()), breakdown.statementsPerCall());
        }
        if (errorCount > 0) {
            base += ", " + errorCount + " errors";
        }
        if (integrity.doubleBookings() > 0) {
            base += ", " + integrity.doubleBookings() + " DOUBLE BOOKINGS";
        }
        if (stadium != null && errorCount > 0) { // a long on-sale: say which, one short line each
            base += errors.entrySet().stream().limit(3).map(error -> "\n      " + error.getValue() + " x "
                    + error.getKey().lines().findFirst().orElse("")).collect(java.util.stream.Collectors.joining());
        }
        return base;
    }

    private static String p50(Histogram micros) {
        return ResultsText.micros(micros.getValueAtPercentile(50));
    }

    private static String p99(Histogram micros) {
        return ResultsText.micros(micros.getValueAtPercentile(99));
    }
}

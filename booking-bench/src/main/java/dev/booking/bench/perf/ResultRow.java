package dev.booking.bench.perf;

import java.util.List;

/**
 * One line of the results table: every run of one variant on one backend at one concurrency, combined.
 *
 * @param workload           the workload
 * @param backend            the backend id
 * @param variant            the variant name
 * @param concurrency        client threads (hot seat: callers per seat)
 * @param runs               runs combined
 * @param operations         calls made, over all runs
 * @param throughput         calls per second over all runs (total calls / total time)
 * @param p50Ms              median call latency
 * @param p99Ms              99th percentile call latency
 * @param maxMs              slowest call
 * @param errors             failed calls
 * @param doubleBookings     callers told "yours" for a seat another caller was also told was theirs
 * @param pairRatios         for a baseline: library throughput / this variant's throughput, pair by pair,
 *                           in run order; empty for the library itself
 * @param libraryThroughput  for a baseline: the library's calls per second over the library runs paired
 *                           with this row's runs (not the library's own row, which combines all its
 *                           runs); NaN for the library itself
 * @param ratio              for a baseline: {@code libraryThroughput} divided by this variant's
 *                           throughput over the same pairs, so the row shows both figures it comes
 *                           from; NaN for the library itself
 * @param roundP50Ms         hot seat: median time until every caller of a round had its answer; else NaN
 * @param roundMaxMs         hot seat: the slowest round; else NaN
 * @param storeCallsPerSeat  waiting room: repository calls per seat raced; else NaN
 * @param seats              seats raced for (distinct seats: seats booked or tried)
 * @param seatsWithOneWinner of those, seats with exactly one winner
 * @param unanswered         callers that never got an answer
 * @param unstoredWins       callers told they won whom the store does not hold as owner
 */
record ResultRow(Workload workload, String backend, String variant, int concurrency, int runs, long operations,
                 double throughput, double p50Ms, double p99Ms, double maxMs, long errors, long doubleBookings,
                 List<Double> pairRatios, double libraryThroughput, double ratio, double roundP50Ms, double roundMaxMs, double storeCallsPerSeat,
                 long seats, long seatsWithOneWinner, long unanswered, long unstoredWins) {

    ResultRow {
        pairRatios = List.copyOf(pairRatios);
    }
}

package dev.booking.bench.perf;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Combines runs into table rows and pairs every baseline run with the library run that ran just before
 * it under the same pair key, for the ratio. A baseline row's ratio is the library's throughput over
 * the paired library runs divided by the baseline's over the same pairs, and the row carries the
 * former: the library's own row combines all its runs, including those paired with other baselines,
 * and dividing by it would mix runs the ratio never saw.
 */
final class ResultTable {

    private ResultTable() {
    }

    /** The rows, ordered by workload, backend, concurrency and variant. */
    static List<ResultRow> rows(List<RunResult> runs, List<BackendKind> backendOrder) {
        Map<List<Object>, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult run : runs) {
            groups.computeIfAbsent(List.of(run.workload(), run.backend(), run.variant(), run.concurrency()),
                    k -> new ArrayList<>()).add(run);
        }
        List<ResultRow> rows = new ArrayList<>();
        groups.values().forEach(group -> rows.add(combine(group, runs)));
        rows.sort(Comparator.comparing(ResultRow::workload)
                .thenComparing(row -> backendRank(row.backend(), backendOrder))
                .thenComparing(ResultRow::concurrency)
                .thenComparing(row -> Variants.rank(row.variant())));
        return List.copyOf(rows);
    }

    /** The library run paired with {@code baseline}, if any. */
    static RunResult partner(RunResult baseline, List<RunResult> runs) {
        if (baseline.variant().equals(Variants.LIBRARY) || baseline.variant().startsWith(Variants.LIBRARY + " ")) {
            return null;
        }
        // a groups variant pairs with the library on the same shape: "for-update 4 overlapping", "library 4 overlapping"
        String library = baseline.workload() == Workload.GROUPS
                ? GroupsRun.Shape.ofVariant(baseline.variant()).variant(Variants.LIBRARY) : Variants.LIBRARY;
        return runs.stream().filter(run -> run.variant().equals(library)
                        && run.workload() == baseline.workload() && run.backend().equals(baseline.backend())
                        && run.concurrency() == baseline.concurrency() && run.pairKey().equals(baseline.pairKey()))
                .findFirst().orElse(null);
    }

    private static ResultRow combine(List<RunResult> group, List<RunResult> all) {
        RunResult first = group.get(0);
        Histogram latency = new Histogram(3);
        Histogram rounds = null;
        long operations = 0;
        long nanos = 0;
        long errors = 0;
        long doubleBookings = 0;
        long storeCalls = 0;
        long seats = 0;
        long oneWinner = 0;
        long unanswered = 0;
        long unstored = 0;
        List<Double> ratios = new ArrayList<>();
        // the ratio's two sides, over the pairs only: a row's ratio must come from the runs the row shows
        long pairedOperations = 0;
        long pairedNanos = 0;
        long libraryOperations = 0;
        long libraryNanos = 0;
        for (RunResult run : group) {
            latency.add(run.latencyMicros());
            if (run.roundMicros() != null) {
                if (rounds == null) {
                    rounds = new Histogram(3);
                }
                rounds.add(run.roundMicros());
            }
            operations += run.operations();
            nanos += run.wallNanos();
            errors += run.errorCount();
            doubleBookings += run.integrity().doubleBookings();
            storeCalls += Math.max(0, run.storeCalls());
            seats += run.integrity().seats();
            oneWinner += run.integrity().seatsWithOneWinner();
            unanswered += run.integrity().unanswered();
            unstored += run.integrity().unstoredWins();
            RunResult library = partner(run, all);
            if (library != null && run.throughput() > 0) {
                ratios.add(library.throughput() / run.throughput());
                pairedOperations += run.operations();
                pairedNanos += run.wallNanos();
                libraryOperations += library.operations();
                libraryNanos += library.wallNanos();
            }
        }
        double libraryThroughput = libraryNanos <= 0 ? Double.NaN : libraryOperations / (libraryNanos / 1e9);
        double pairedThroughput = pairedNanos <= 0 ? Double.NaN : pairedOperations / (pairedNanos / 1e9);
        boolean counted = group.stream().allMatch(run -> run.storeCalls() >= 0);
        double empty = latency.getTotalCount() == 0 ? Double.NaN : 0;
        return new ResultRow(first.workload(), first.backend(), first.variant(), first.concurrency(), group.size(),
                operations, nanos <= 0 ? 0 : operations / (nanos / 1e9),
                empty + latency.getValueAtPercentile(50) / 1000.0, empty + latency.getValueAtPercentile(99) / 1000.0,
                empty + latency.getMaxValue() / 1000.0, errors, doubleBookings, ratios, libraryThroughput,
                libraryThroughput / pairedThroughput,
                rounds == null ? Double.NaN : rounds.getValueAtPercentile(50) / 1000.0,
                rounds == null ? Double.NaN : rounds.getMaxValue() / 1000.0,
                counted && seats > 0 ? (double) storeCalls / seats : Double.NaN,
                seats, oneWinner, unanswered, unstored);
    }

    private static int backendRank(String backend, List<BackendKind> order) {
        for (int i = 0; i < order.size(); i++) {
            if (Objects.equals(order.get(i).id(), backend)) {
                return i;
            }
        }
        return order.size();
    }
}

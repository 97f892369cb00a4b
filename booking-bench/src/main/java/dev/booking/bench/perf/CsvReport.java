package dev.booking.bench.perf;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the rows, and the individual runs, as CSV (comma-separated, one header line, no quoting needed).
 * The first column, {@code profile}, is {@code full} or {@code quick}: quick figures are not for comparing.
 */
final class CsvReport {

    private CsvReport() {
    }

    static String rows(String profile, List<ResultRow> rows) {
        StringBuilder csv = new StringBuilder("profile,workload,backend,variant,concurrency,runs,operations,"
                + "throughput_ops_s,p50_ms,p99_ms,max_ms,errors,double_bookings,library_ops_s_same_pairs,"
                + "ratio_library_to_variant,pair_ratios,all_answered_p50_ms,all_answered_max_ms,store_calls_per_seat,"
                + "seats,seats_with_one_winner,unanswered,unstored_wins\n");
        for (ResultRow row : rows) {
            csv.append(String.join(",", profile, row.workload().id(), row.backend(), row.variant(),
                    Integer.toString(row.concurrency()), Integer.toString(row.runs()), Long.toString(row.operations()),
                    ResultsText.plain(row.throughput(), "%.1f"), ResultsText.plain(row.p50Ms(), "%.3f"), ResultsText.plain(row.p99Ms(), "%.3f"),
                    ResultsText.plain(row.maxMs(), "%.3f"), Long.toString(row.errors()), Long.toString(row.doubleBookings()),
                    ResultsText.plain(row.libraryThroughput(), "%.1f"), ResultsText.plain(row.ratio(), "%.3f"),
                    row.pairRatios().stream().map(r -> ResultsText.plain(r, "%.3f")).collect(Collectors.joining(";")),
                    ResultsText.plain(row.roundP50Ms(), "%.3f"), ResultsText.plain(row.roundMaxMs(), "%.3f"),
                    ResultsText.plain(row.storeCallsPerSeat(), "%.2f"), Long.toString(row.seats()),
                    Long.toString(row.seatsWithOneWinner()), Long.toString(row.unanswered()),
                    Long.toString(row.unstoredWins()))).append('\n');
        }
        return csv.toString();
    }

    /** The groups workload's rows, with seats and groups per second and the deadlocks ({@link GroupsReport}). */
    static String groups(String profile, List<GroupsReport.Row> rows) {
        return GroupsReport.csv(profile, rows);
    }

    static String runs(String profile, List<RunResult> runs) {
        StringBuilder csv = new StringBuilder("profile,workload,backend,variant,concurrency,pair,operations,seconds,"
                + "throughput_ops_s,p50_ms,p99_ms,max_ms,errors,double_bookings,seats,seats_with_one_winner,"
                + "store_calls\n");
        for (RunResult run : runs) {
            csv.append(String.join(",", profile, run.workload().id(), run.backend(), run.variant(),
                    Integer.toString(run.concurrency()), run.pairKey(), Long.toString(run.operations()),
                    ResultsText.plain(run.wallNanos() / 1e9, "%.3f"), ResultsText.plain(run.throughput(), "%.1f"),
                    ResultsText.plain(run.latencyMicros().getValueAtPercentile(50) / 1000.0, "%.3f"),
                    ResultsText.plain(run.latencyMicros().getValueAtPercentile(99) / 1000.0, "%.3f"),
                    ResultsText.plain(run.latencyMicros().getMaxValue() / 1000.0, "%.3f"), Long.toString(run.errorCount()),
                    Long.toString(run.integrity().doubleBookings()), Integer.toString(run.integrity().seats()),
                    Integer.toString(run.integrity().seatsWithOneWinner()),
                    run.storeCalls() < 0 ? "" : Long.toString(run.storeCalls()))).append('\n');
        }
        return csv.toString();
    }

    /** The stadium on-sale's runs, with its own columns (seats added/s, bookings/s, refusals/s, sold out after). */
    static String stadium(String profile, List<RunResult> runs) {
        return StadiumTable.csv(profile, runs);
    }
}

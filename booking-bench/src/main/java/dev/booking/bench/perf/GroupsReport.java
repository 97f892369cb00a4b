package dev.booking.bench.perf;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The groups workload's tables, in Markdown and CSV: per backend, level, shape and approach the seats,
 * groups and calls per second, latency, losers and the failures that reached callers, deadlocks
 * apart; then per backend the target, seats per second of groups of 4 against single seats at
 * {@value GroupsPlan#TARGET_LEVEL} clients (at least 0.5), and no deadlock reaching a library caller.
 * Seats per second count the seats of groups won, so a lost overlapping call adds calls, not seats.
 */
final class GroupsReport {

    /** The target for seats per second of groups of 4, as a share of single seats. */
    static final double TARGET_RATIO = 0.5;

    private GroupsReport() {
    }

    /**
     * The runs of one backend, level, approach and shape, combined.
     *
     * @param backend        the backend id
     * @param approach       {@code library} or {@code for-update}
     * @param shape          group size and overlap
     * @param concurrency    client threads
     * @param runs           runs combined
     * @param seconds        their timed seconds, summed
     * @param calls          calls made
     * @param won            calls told they won their group
     * @param losers         calls told the group (or a seat of it) was taken
     * @param deadlocks      calls failed by a deadlock or serialization failure
     * @param failures       calls failed, of any kind
     * @param doubleBookings winners beyond the first, summed over seats
     * @param violations     integrity problems beyond failed calls (broken promises), summed
     * @param latency        per-call latency, combined
     * @param pairRatios     for the baseline: library seats/s ÷ this row's seats/s, pair by pair; else empty
     */
    record Row(String backend, String approach, GroupsRun.Shape shape, int concurrency, int runs, double seconds,
               long calls, long won, long losers, long deadlocks, long failures, long doubleBookings, long violations,
               Histogram latency, List<Double> pairRatios) {

        Row {
            pairRatios = List.copyOf(pairRatios);
        }

        double seatsPerSecond() {
            return seconds <= 0 ? 0 : won * shape.size() / seconds;
        }

        double groupsPerSecond() {
            return seconds <= 0 ? 0 : won / seconds;
        }

        double callsPerSecond() {
            return seconds <= 0 ? 0 : calls / seconds;
        }

        double p50Ms() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1000.0;
        }

        double p99Ms() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
        }

        /** Library seats/s ÷ this row's: the mean of the pairs' ratios; NaN for the library's own row. */
        double ratio() {
            return pairRatios.isEmpty() ? Double.NaN
                    : pairRatios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** The groups runs among {@code runs}, combined into rows ordered by backend, level, shape and approach. */
    static List<Row> rows(List<RunResult> runs, List<BackendKind> backendOrder) {
        Map<List<Object>, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult run : runs) {
            if (run.workload() == Workload.GROUPS) {
                groups.computeIfAbsent(List.of(run.backend(), run.variant(), run.concurrency()),
                        k -> new ArrayList<>()).add(run);
            }
        }
        List<Row> rows = new ArrayList<>();
        groups.values().forEach(group -> rows.add(combine(group, runs)));
        rows.sort(Comparator.comparingInt((Row row) -> backendRank(row.backend(), backendOrder))
                .thenComparingInt(Row::concurrency)
                .thenComparingInt(row -> row.shape().size())
                .thenComparing(row -> row.shape().overlapping())
                .thenComparingInt(row -> Variants.rank(row.approach())));
        return List.copyOf(rows);
    }

    private static Row combine(List<RunResult> group, List<RunResult> all) {
        RunResult first = group.get(0);
        GroupsRun.Shape shape = GroupsRun.Shape.ofVariant(first.variant());
        Histogram latency = new Histogram(3);
        double seconds = 0;
        long calls = 0;
        long won = 0;
        long losers = 0;
        long deadlocks = 0;
        long failures = 0;
        long doubles = 0;
        long violations = 0;
        List<Double> ratios = new ArrayList<>();
        for (RunResult run : group) {
            latency.add(run.latencyMicros());
            seconds += run.wallNanos() / 1e9;
            calls += run.operations();
            won += run.integrity().won();
            losers += run.integrity().answered() - run.integrity().won() - run.integrity().otherAnswers();
            deadlocks += deadlocks(run);
            failures += run.errorCount();
            doubles += run.integrity().doubleBookings();
            violations += run.integrity().brokenPromises().isEmpty() ? 0 : 1;
            RunResult library = ResultTable.partner(run, all);
            double seatsPerSecond = seatsPerSecond(run, shape);
            if (library != null && seatsPerSecond > 0) {
                ratios.add(seatsPerSecond(library, shape) / seatsPerSecond);
            }
        }
        String approach = first.variant().substring(0, first.variant().indexOf(' '));
        return new Row(first.backend(), approach, shape, first.concurrency(), group.size(), seconds, calls, won,
                losers, deadlocks, failures, doubles, violations, latency, ratios);
    }

    /** Calls of {@code run} failed by a deadlock or serialization failure. */
    static long deadlocks(RunResult run) {
        return run.errors().entrySet().stream().filter(e -> CallFailure.DEADLOCK.counts(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static double seatsPerSecond(RunResult run, GroupsRun.Shape shape) {
        return run.wallNanos() <= 0 ? 0 : run.integrity().won() * shape.size() / (run.wallNanos() / 1e9);
    }

    /** The Markdown of the groups workload: the note, the table and the target per backend. */
    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| backend | variant | group | clients | seats/s | groups/s | calls/s | p50 ms | p99 ms | losers"
                + " | deadlock/serialization errors | all errors | double bookings | library ÷ variant, seats/s (pairs) |\n");
        md.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.backend()).append(" | ").append(row.approach()).append(" | ")
                    .append(row.shape().size()).append(row.shape().overlapping() ? " overlapping" : " distinct")
                    .append(" | ").append(row.concurrency()).append(" | ").append(ResultsText.rate(row.seatsPerSecond()))
                    .append(" | ").append(ResultsText.rate(row.groupsPerSecond())).append(" | ")
                    .append(ResultsText.rate(row.callsPerSecond())).append(" | ").append(ResultsText.ms(row.p50Ms()))
                    .append(" | ").append(ResultsText.ms(row.p99Ms())).append(" | ").append(row.losers()).append(" | ")
                    .append(row.deadlocks() > 0 ? "**" + row.deadlocks() + "**" : "0").append(" | ")
                    .append(row.failures()).append(" | ")
                    .append(row.doubleBookings() > 0 ? "**" + row.doubleBookings() + "**" : "0").append(" | ")
                    .append(ratios(row)).append(" |\n");
        }
        md.append('\n').append(target(rows));
        return md.toString();
    }

    /**
     * Per backend at the target level: seats/s of groups of 4 (distinct, the uncontended case the target
     * is about; overlapping beside it) ÷ single seats/s, for the library and the baseline, and the verdict.
     */
    static String target(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| backend | variant | single seats/s | groups of 4 seats/s | 4 ÷ 1 | 4 overlapping ÷ 1 | target ≥ "
                + TARGET_RATIO + " | deadlock errors to callers |\n");
        md.append("|---|---|--:|--:|--:|--:|---|--:|\n");
        for (Row single : rows) {
            if (single.concurrency() != GroupsPlan.TARGET_LEVEL || single.shape().size() != 1) {
                continue;
            }
            Row four = find(rows, single, new GroupsRun.Shape(4, false));
            Row overlapping = find(rows, single, new GroupsRun.Shape(4, true));
            double ratio = four == null || single.seatsPerSecond() <= 0 ? Double.NaN
                    : four.seatsPerSecond() / single.seatsPerSecond();
            double overlappingRatio = overlapping == null || single.seatsPerSecond() <= 0 ? Double.NaN
                    : overlapping.seatsPerSecond() / single.seatsPerSecond();
            long deadlocks = rows.stream().filter(r -> r.backend().equals(single.backend())
                    && r.approach().equals(single.approach())).mapToLong(Row::deadlocks).sum();
            boolean library = single.approach().equals(Variants.LIBRARY);
            String verdict = Double.isNaN(ratio) ? "" : ratio >= TARGET_RATIO ? "met" : "**missed**";
            if (library && deadlocks > 0) {
                verdict += (verdict.isEmpty() ? "" : "; ") + "**deadlocks reached callers**";
            }
            md.append("| ").append(single.backend()).append(" | ").append(single.approach()).append(" | ")
                    .append(ResultsText.rate(single.seatsPerSecond())).append(" | ")
                    .append(four == null ? "" : ResultsText.rate(four.seatsPerSecond())).append(" | ")
                    .append(ResultsText.plain(ratio, "%.2f")).append(" | ").append(ResultsText.plain(overlappingRatio, "%.2f"))
                    .append(" | ").append(library ? verdict : "(baseline)").append(" | ").append(deadlocks).append(" |\n");
        }
        return md.toString();
    }

    /** The rows as CSV, one header line. */
    static String csv(String profile, List<Row> rows) {
        StringBuilder csv = new StringBuilder("profile,backend,variant,group_size,overlapping,concurrency,runs,seconds,"
                + "calls,groups_won,seats_per_s,groups_per_s,calls_per_s,p50_ms,p99_ms,losers,deadlock_errors,errors,"
                + "double_bookings,ratio_library_to_variant,pair_ratios\n");
        for (Row row : rows) {
            csv.append(String.join(",", profile, row.backend(), row.approach(), Integer.toString(row.shape().size()),
                    Boolean.toString(row.shape().overlapping()), Integer.toString(row.concurrency()),
                    Integer.toString(row.runs()), ResultsText.plain(row.seconds(), "%.3f"), Long.toString(row.calls()),
                    Long.toString(row.won()), ResultsText.plain(row.seatsPerSecond(), "%.1f"),
                    ResultsText.plain(row.groupsPerSecond(), "%.1f"), ResultsText.plain(row.callsPerSecond(), "%.1f"),
                    ResultsText.plain(row.p50Ms(), "%.3f"), ResultsText.plain(row.p99Ms(), "%.3f"),
                    Long.toString(row.losers()), Long.toString(row.deadlocks()), Long.toString(row.failures()),
                    Long.toString(row.doubleBookings()), ResultsText.plain(row.ratio(), "%.3f"),
                    row.pairRatios().stream().map(r -> ResultsText.plain(r, "%.3f")).collect(Collectors.joining(";"))))
                    .append('\n');
        }
        return csv.toString();
    }

    /** What the table shows, for the Markdown above it. */
    static String note() {
        return "Each call is a different user booking a group of adjacent seats of a fresh show, all or nothing, in"
                + " a closed loop for the run time. `distinct`: every call a fresh group of free seats. `overlapping`:"
                + " call i asks for seats i to i+size-1, a window sliding one seat per call, so neighbouring calls,"
                + " made at the same moment by other clients, share seats and most lose. The user picks the group's"
                + " seats in a shuffled order. `library` books groups with `SeatRepository.claim(ClaimRequest.book(...))`"
                + " and single seats with `tryBook`; `for-update` is the hand-written transaction: `SELECT status ..."
                + " FOR UPDATE` of each seat in the user's order (rolling back at the first taken one), an UPDATE of"
                + " each, COMMIT, with no retry, so a deadlock reaches its caller as an exception (counted). Groups of"
                + " 1 are the single-seat reference, run in the same harness. `seats/s` counts the seats of groups"
                + " won; losers are calls told a seat was taken. Target (issue 18): library seats/s of groups of 4 at"
                + " least " + TARGET_RATIO + " of single seats/s at " + GroupsPlan.TARGET_LEVEL + " clients, and no"
                + " deadlock or serialization error reaching a library caller.";
    }

    private static Row find(List<Row> rows, Row like, GroupsRun.Shape shape) {
        return rows.stream().filter(r -> r.backend().equals(like.backend()) && r.approach().equals(like.approach())
                && r.concurrency() == like.concurrency() && r.shape().equals(shape)).findFirst().orElse(null);
    }

    private static String ratios(Row row) {
        if (row.pairRatios().isEmpty()) {
            return "";
        }
        String pairs = row.pairRatios().stream().map(ResultsText::ratio).collect(Collectors.joining(" "));
        return "**" + ResultsText.ratio(row.ratio()) + "**" + (row.pairRatios().size() > 1 ? " (" + pairs + ")" : "");
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

package dev.booking.bench.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one benchmark produced.
 *
 * @param runs     every measured run, in the order they ran
 * @param rows     the runs combined into table rows
 * @param skipped  backends or variants left out, with the reason (e.g. no URL)
 * @param failures steps or backends that failed, with the error
 * @param settings what the figures depend on
 * @param elapsed  how long the benchmark took
 */
record BenchReport(List<RunResult> runs, List<ResultRow> rows, List<String> skipped, List<String> failures,
                   Settings settings, Duration elapsed) {

    BenchReport {
        runs = List.copyOf(runs);
        rows = List.copyOf(rows);
        skipped = List.copyOf(skipped);
        failures = List.copyOf(failures);
    }

    /**
     * Whether a variant is the library (alone, with its outbox, behind the waiting room or the shared
     * line, or its outbox relay, or the library and its in-memory reference in a cost curve or the
     * stadium on-sale), whose integrity is guaranteed.
     */
    static boolean isLibrary(String variant) {
        return variant.equals(Variants.LIBRARY) || variant.startsWith(Variants.LIBRARY + " ") // groups: "library 4 distinct"
                || variant.equals(Variants.OUTBOX)
                || variant.equals(Variants.WAITING_ROOM) || variant.startsWith(Variants.LINE_PREFIX)
                || variant.startsWith(Variants.RELAY_PREFIX) || variant.equals(Variants.IN_MEMORY)
                || variant.startsWith(Variants.LIBRARY + " ") || variant.startsWith(CostCurvesRun.MEMORY + " ");
    }

    /**
     * Every run in which the library broke a promise: a seat without exactly one winner, a double booking,
     * an acknowledged win not stored, a caller without an answer, or a failed call. Empty means the library
     * kept every promise in every run.
     */
    List<String> libraryViolations() {
        List<String> violations = new ArrayList<>();
        for (RunResult run : runs) {
            if (!isLibrary(run.variant())) {
                continue;
            }
            List<String> problems = new ArrayList<>(run.integrity().problems());
            if (run.errorCount() > 0 && problems.stream().noneMatch(p -> p.contains("failed"))) {
                problems.add(run.errorCount() + " calls failed");
            }
            if (!problems.isEmpty()) {
                violations.add(run.workload().id() + " " + run.backend() + " " + run.variant() + " c="
                        + run.concurrency() + " [" + run.pairKey() + "]: " + String.join(", ", problems)
                        + (run.errors().isEmpty() ? "" : " " + run.errors())
                        + run.integrity().examples().stream().map(example -> "\n    " + example)
                                .collect(java.util.stream.Collectors.joining()));
            }
        }
        return violations;
    }
}

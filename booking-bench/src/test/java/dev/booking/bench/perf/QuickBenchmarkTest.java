package dev.booking.bench.perf;

import dev.booking.bench.Integrity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code ./bench --quick} in process and checks what it is for: integrity, never timings. H2 and
 * the in-process Mongo server always run; PostgreSQL and MariaDB run when their URLs are in the
 * environment, and with {@code CI=true} a missing URL fails the test instead of skipping the backend.
 */
class QuickBenchmarkTest {

    @Test
    void theLibraryKeepsEveryPromiseInTheQuickRun(@TempDir Path out) throws Exception {
        Map<String, String> env = System.getenv();
        List<BackendKind> expected = new ArrayList<>(List.of(BackendKind.H2, BackendKind.MONGO));
        requireOrSkip(env, BenchOptions.POSTGRES_ENV, BackendKind.POSTGRESQL, expected);
        requireOrSkip(env, BenchOptions.MARIADB_ENV, BackendKind.MARIADB, expected);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchReport report;
        try (PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            report = Benchmark.measure(BenchOptions.parse(List.of("--quick", "--out", out.toString()), env), print);
        }
        String printed = log.toString(StandardCharsets.UTF_8);
        System.out.println(printed); // the tables, for the CI log: the naive baseline's double bookings are reported, not asserted

        assertThat(report.failures()).as(printed).isEmpty();
        assertThat(report.libraryViolations()).as("library integrity").isEmpty();
        List<BackendKind> order = expected.stream().sorted().toList(); // the order the benchmark runs them in
        OutboxSizes outbox = OutboxSizes.of(Profile.quick());
        for (BackendKind backend : expected) {
            for (Workload workload : Workload.values()) {
                if (!workload.perBackend() || workload.line() || workload == Workload.CURVES
                        || (workload.outbox() && !outbox.runsOn(workload, backend, order))) {
                    continue;
                }
                // the relay's runs are the relay's; every other workload has the library's
                String variant = workload == Workload.RELAY_THROUGHPUT ? Variants.RELAY_SMTP
                        : workload == Workload.GROUPS ? new GroupsRun.Shape(4, true).variant(Variants.LIBRARY)
                        : Variants.LIBRARY;
                assertThat(runs(report, backend, workload, variant)).as(backend.id() + " " + workload.id())
                        .isNotEmpty();
            }
        }
        // the cost curves: every operation at every quick size and users level, library and memory, on every backend
        CurveSizes curves = CurveSizes.of(Profile.quick());
        for (BackendKind backend : expected) {
            for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
                for (String operation : CostCurvesRun.SIZE_OPERATIONS) {
                    assertThat(runs(report, backend, Workload.CURVES, CostCurvesRun.variant(implementation, operation)))
                            .as(backend.id() + " curves " + implementation + " " + operation)
                            .extracting(RunResult::concurrency).containsExactlyElementsOf(curves.seats());
                }
                assertThat(runs(report, backend, Workload.CURVES, CostCurvesRun.variant(implementation,
                        CostCurvesRun.USERS))).as(backend.id() + " curves " + implementation + " users")
                        .extracting(RunResult::concurrency).containsExactlyElementsOf(curves.users());
            }
        }
        // the line workloads on the in-memory line at least (the brokers run where they are reachable)
        for (Workload workload : Workload.values()) {
            if (workload.line()) {
                assertThat(report.runs()).as(workload.id() + " on the memory line").anyMatch(run ->
                        run.workload() == workload && run.variant().startsWith(Variants.LINE_MEMORY));
            }
        }
        for (RunResult run : report.runs()) {
            if (!BenchReport.isLibrary(run.variant())) {
                continue;
            }
            Integrity integrity = run.integrity();
            String what = run.workload().id() + " " + run.backend() + " " + run.variant() + " " + run.pairKey();
            assertThat(run.errorCount()).as(what + ": failed calls " + run.errors()).isZero();
            assertThat(integrity.unanswered()).as(what + ": callers without an answer").isZero();
            assertThat(integrity.answered()).as(what + ": every caller answered").isEqualTo(integrity.callers());
            assertThat(integrity.doubleBookings()).as(what + ": double bookings").isZero();
            assertThat(integrity.unstoredWins()).as(what + ": acknowledged wins not stored").isZero();
            assertThat(integrity.seatsWithOneWinner()).as(what + ": seats with exactly one winner")
                    .isEqualTo(integrity.seats());
            if (run.workload() == Workload.HOT_SEAT || run.workload() == Workload.WAITING_ROOM
                    || run.workload() == Workload.LINE_HOT_SEAT) {
                assertThat(integrity.callers()).as(what + ": callers").isEqualTo((long) run.concurrency() * integrity.seats());
                assertThat(integrity.won()).as(what + ": one winner per round").isEqualTo(integrity.seats());
            }
        }
        // groups: every shape booked by the library on every backend, the FOR UPDATE baseline beside it on SQL
        for (BackendKind backend : expected) {
            for (GroupsRun.Shape shape : GroupsPlan.shapes(Profile.quick())) {
                assertThat(runs(report, backend, Workload.GROUPS, shape.variant(Variants.LIBRARY)))
                        .as(backend.id() + " groups " + shape).isNotEmpty().allMatch(run -> run.integrity().won() > 0);
                if (backend.sql()) {
                    assertThat(runs(report, backend, Workload.GROUPS, shape.variant(Variants.FOR_UPDATE)))
                            .as(backend.id() + " groups " + shape + " for-update").isNotEmpty()
                            .allMatch(run -> run.integrity().brokenPromises().isEmpty());
                }
            }
        }
        assertThat(out.resolve(ResultsFolder.GROUPS_CSV)).isRegularFile();
        // the stadium on-sale: sold out on every backend, each beside its in-memory baseline
        StadiumSizes stadium = StadiumSizes.of(Profile.quick());
        for (BackendKind backend : expected) {
            assertThat(runs(report, backend, Workload.STADIUM, Variants.IN_MEMORY)).as(backend.id() + " stadium baseline")
                    .isNotEmpty();
        }
        report.runs().stream().filter(run -> run.workload() == Workload.STADIUM).forEach(run -> {
            String what = "stadium " + run.backend() + " " + run.variant() + ": " + run.stadium().soldOutText();
            assertThat(run.stadium().soldOut()).as(what).isTrue();
            assertThat(run.operations()).as(what + ", attempts answered").isEqualTo(stadium.attempts());
            assertThat(run.integrity().won()).as(what + ", one sale per seat").isEqualTo(stadium.seats());
            assertThat(run.integrity().problems()).as(what).isEmpty();
        });
        assertThat(out.resolve(ResultsFolder.STADIUM_CSV)).isRegularFile();
        assertThat(out.resolve(ResultsFolder.MARKDOWN)).isRegularFile();
        assertThat(out.resolve(ResultsFolder.CSV)).isRegularFile();
        assertThat(out.resolve(ResultsFolder.RUNS_CSV)).isRegularFile();
    }

    private static void requireOrSkip(Map<String, String> env, String variable, BackendKind backend,
                                      List<BackendKind> expected) {
        boolean present = env.get(variable) != null && !env.get(variable).isBlank();
        if (present) {
            expected.add(backend);
        } else if ("true".equalsIgnoreCase(env.get("CI"))) {
            throw new AssertionError("CI=true but " + variable + " is not set: the quick benchmark must cover "
                    + backend.id() + " in CI");
        }
    }

    private static List<RunResult> runs(BenchReport report, BackendKind backend, Workload workload, String variant) {
        return report.runs().stream().filter(run -> run.backend().equals(backend.id()) && run.workload() == workload
                && run.variant().equals(variant)).toList();
    }
}

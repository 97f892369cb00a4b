package dev.booking.bench.perf;

import dev.booking.bench.MongoStore;
import dev.booking.bench.ShowIds;
import dev.booking.bench.SqlStore;
import dev.booking.bench.Store;
import dev.booking.bench.jmh.JmhSuite;
import dev.booking.bench.line.BrokerKind;
import dev.booking.bench.line.BrokerLine;
import dev.booking.bench.line.BrokerUnreachableException;
import dev.booking.bench.line.Brokers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bench mode ({@code ./bench}): the library against raw JDBC with the identical statement,
 * the naive read-then-write, pessimistic locking and pgbench, on H2, PostgreSQL, MariaDB and the
 * in-process Mongo server, for distinct seats at rising concurrency and for a hot seat; and the shared
 * line's workloads per reachable broker ({@link Workload#line()}). Writes
 * {@code results.md}, {@code results.csv}, {@code runs.csv} and {@code benchmark.png} to the results
 * folder and prints the tables. Timings are measured and reported, never judged; the exit status only
 * reflects integrity: 1 if the library ever gave one seat to two callers or left a caller without an
 * answer, 3 if a backend or step failed, 2 for a bad command line ({@link dev.booking.bench.Main}), else 0.
 * See {@link BenchOptions#USAGE}.
 */
public final class Benchmark {

    /** The benchmark's own table (or collection); nothing else uses it, and every run uses a show of its own. */
    static final String TABLE = "booking_bench";

    private Benchmark() {
    }

    /**
     * Runs the benchmark and returns its exit status: 1 if the library ever broke a promise, 3 if a
     * backend or step failed, else 0.
     *
     * @param options what to run
     * @param out     where the progress and the tables go
     */
    public static int run(BenchOptions options, PrintStream out) throws IOException, InterruptedException {
        BenchReport report = measure(options, out);
        if (!report.libraryViolations().isEmpty()) {
            return 1;
        }
        return report.failures().isEmpty() ? 0 : 3;
    }

    /**
     * Runs every step of the plan, writes the results folder and prints the tables.
     *
     * @param options what to run
     * @param out     where the progress and the tables go
     * @return the report, also for tests to check integrity on
     */
    static BenchReport measure(BenchOptions options, PrintStream out) throws IOException, InterruptedException {
        Instant started = Instant.now();
        long start = System.nanoTime();
        out.println("booking benchmark, " + options.profile().name() + " profile, results to "
                + options.out().toAbsolutePath().normalize());
        if (options.profile().isQuick()) {
            out.println(options.profile().caution());
        }
        List<String> skipped = new ArrayList<>();
        List<BackendKind> backends = runnableBackends(options, skipped, out);
        Optional<PgBench> pgbench = pgbench(options, backends, skipped, out);
        Map<BrokerKind, String> brokerDescriptions = new LinkedHashMap<>();
        Map<BrokerKind, String> brokerUrls = reachableBrokers(options, brokerDescriptions, skipped, out);
        Settings settings = Settings.of(options, started, pgbench);
        brokerDescriptions.forEach((kind, description) -> settings.addBackend("line " + kind.optionName(),
                Map.of("broker", description, "workers", "in this JVM, batches of " + LineWorkersDefaults.BATCH
                        + ", poll wait 20 ms")));
        List<Step> steps = Plan.of(backends, options, pgbench.isPresent(), List.copyOf(brokerUrls.keySet()));
        Progress progress = new Progress(out, steps);
        List<RunResult> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Path workDir = Files.createTempDirectory("booking-bench-");
        try {
            ShowIds shows = new ShowIds("bench");
            for (BackendKind kind : backends) {
                List<Step> group = steps.stream().filter(step -> step.backend() == kind).toList();
                if (group.isEmpty()) {
                    continue; // e.g. Mongo when only the line workloads run, which leave it out
                }
                runBackend(kind, group, options, new StepContext(shows, pgbench, workDir, settings, progress, runs,
                        failures, out, brokerUrls));
            }
        } finally {
            deleteQuietly(workDir);
        }
        if (options.workloads().contains(Workload.JMH)) {
            // on no backend: JMH forks JVMs of its own; a benchmark that breaks a promise throws and is a failure
            JmhSuite.run(options.profile().isQuick(), options.out(), out).failures()
                    .forEach(failure -> failures.add("jmh: " + failure));
        }
        List<ResultRow> rows = ResultTable.rows(runs, options.backends());
        BenchReport report = new BenchReport(runs, rows, skipped, failures, settings,
                Duration.ofNanos(System.nanoTime() - start));
        ResultsFolder.write(report, options.out(), out);
        return report;
    }

    /** What the steps of every backend share. */
    private record StepContext(ShowIds shows, Optional<PgBench> pgbench, Path workDir, Settings settings,
                               Progress progress, List<RunResult> runs, List<String> failures, PrintStream out,
                               Map<BrokerKind, String> brokerUrls) {
    }

    private static void runBackend(BackendKind kind, List<Step> group, BenchOptions options, StepContext context)
            throws InterruptedException {
        Store store;
        try {
            store = open(kind, options);
        } catch (RuntimeException e) {
            context.failures().add(kind.id() + ": could not open: " + e.getMessage());
            context.out().println("== " + kind.id() + ": FAILED to open: " + e.getMessage());
            group.forEach(step -> context.progress().finished(step, "skipped, " + kind.id() + " did not open"));
            return;
        }
        try (store) {
            context.settings().addBackend(kind.id(), store.settings());
            context.out().println("== " + kind.id() + ": " + store.description());
            Session session = new Session(kind, store, options.profile(), context.shows(), context.pgbench(),
                    context.workDir(), context.brokerUrls());
            for (Step step : group) {
                try {
                    Optional<RunResult> result = step.action().run(session);
                    context.runs().addAll(session.drainReported());
                    result.ifPresent(context.runs()::add);
                    context.progress().finished(step, result.map(RunResult::summary).orElse("done"));
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    session.drainReported(); // a failed step's partial figures are not reported
                    context.failures().add(step.label() + ": " + e);
                    context.progress().finished(step, "FAILED: " + e);
                }
            }
        }
    }

    private static Store open(BackendKind kind, BenchOptions options) {
        return switch (kind) {
            case H2 -> SqlStore.open(SqlStore.h2Url("booking-bench-" + System.nanoTime()), null, null,
                    options.poolSize(), TABLE);
            case POSTGRESQL, MARIADB -> SqlStore.open(options.urlOf(kind), null, null, options.poolSize(), TABLE);
            case MONGO -> MongoStore.open(null, options.poolSize(), TABLE);
        };
    }

    private static List<BackendKind> runnableBackends(BenchOptions options, List<String> skipped, PrintStream out) {
        List<BackendKind> runnable = new ArrayList<>();
        for (BackendKind kind : options.backends()) {
            boolean needsUrl = kind == BackendKind.POSTGRESQL || kind == BackendKind.MARIADB;
            if (needsUrl && options.urlOf(kind) == null) {
                String option = kind == BackendKind.POSTGRESQL ? "--postgres-url" : "--mariadb-url";
                String env = kind == BackendKind.POSTGRESQL ? BenchOptions.POSTGRES_ENV : BenchOptions.MARIADB_ENV;
                String line = kind.id() + ": no URL (" + option + " or $" + env + ")";
                skipped.add(line);
                out.println("skipping " + line);
            } else {
                runnable.add(kind);
            }
        }
        return runnable;
    }

    /**
     * The brokers of {@code --brokers} that answer, each with its URL (memory: empty text), in order;
     * an unreachable one is reported as skipped, like a database without a URL. Nothing when no line
     * workload is to run.
     */
    private static Map<BrokerKind, String> reachableBrokers(BenchOptions options, Map<BrokerKind, String> descriptions,
                                                            List<String> skipped, PrintStream out) {
        Map<BrokerKind, String> reachable = new LinkedHashMap<>();
        if (!options.anyLineWorkload()) {
            return reachable;
        }
        for (BrokerKind kind : options.brokers()) {
            String url = options.brokerUrl(kind);
            try (BrokerLine probe = Brokers.open(kind, url, Brokers.uniqueName("bench-probe"), 1, 1)) {
                descriptions.put(kind, probe.description());
                reachable.put(kind, url == null ? "" : url);
            } catch (BrokerUnreachableException | IllegalArgumentException e) {
                String line = "line on " + kind.optionName() + ": " + e.getMessage()
                        + (kind.urlVariable() == null ? "" : " (--" + kind.optionName() + "-url or $"
                        + kind.urlVariable() + ")");
                skipped.add(line);
                out.println("skipping " + line);
            }
        }
        return reachable;
    }

    private static Optional<PgBench> pgbench(BenchOptions options, List<BackendKind> backends, List<String> skipped,
                                             PrintStream out) {
        if (!backends.contains(BackendKind.POSTGRESQL) || !options.workloads().contains(Workload.DISTINCT_SEATS)) {
            return Optional.empty();
        }
        String reason = null;
        Optional<PgBench> found = Optional.empty();
        if (!options.usePgbench()) {
            reason = "--no-pgbench";
        } else {
            try {
                PostgresUrl.parse(options.postgresUrl());
                found = PgBench.locate(options.pgbench());
                if (found.isEmpty()) {
                    reason = options.pgbench() == null ? "not on the PATH" : options.pgbench() + " does not run";
                }
            } catch (IllegalArgumentException e) {
                reason = "the PostgreSQL URL is not one pgbench can use (" + e.getMessage() + ")";
            }
        }
        if (reason != null) {
            skipped.add("pgbench: " + reason);
            out.println("skipping pgbench: " + reason);
        }
        return found;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}

package dev.booking.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the micro-benchmarks ({@link #BENCHMARKS}) with JMH, then the waiting room's bytes per waiting
 * request and the checker's reach, and writes {@value #MARKDOWN} (the tables) and {@value #JSON}
 * (JMH's own results) and {@value #MEASUREMENTS_JSON} (the two other measurements) into the results
 * folder. The full settings are JMH's forks 1, {@value #FULL_WARMUPS} warm-up and
 * {@value #FULL_ITERATIONS} measurement iterations of 1 s; the quick ones one iteration of 100 ms and
 * no warm-up, a smoke test whose figures are not for comparing.
 */
public final class JmhSuite {

    /** The tables. */
    public static final String MARKDOWN = "jmh.md";
    /** JMH's results, in its JSON format. */
    public static final String JSON = "jmh.json";
    /** Bytes per waiting request and the checker's reach. */
    public static final String MEASUREMENTS_JSON = "jmh-measurements.json";
    /** The benchmark classes, in the order of the report. */
    static final List<Class<?>> BENCHMARKS = List.of(RepositoryBenchmarks.class, WaitingRoomBenchmarks.class,
            CheckerBenchmarks.class);

    static final int FULL_WARMUPS = 3;
    static final int FULL_ITERATIONS = 5;
    /** The largest history the reach search tries. */
    static final int MAX_REACH_OPERATIONS = 2_000_000;

    private JmhSuite() {
    }

    /**
     * What a run measured, and what went wrong.
     *
     * @param quick        whether it was the quick smoke test
     * @param results      JMH's results
     * @param footprints   bytes per waiting request, per shape
     * @param reaches      the checker's reach, on one seat and on ten
     * @param failures     benchmarks that failed (a broken promise throws in a benchmark's body) and
     *                     measurements that could not be made
     */
    public record Outcome(boolean quick, List<RunResult> results, List<WaitingFootprint.Measurement> footprints,
                          List<CheckerReach.Reach> reaches, List<String> failures) {

        /** Copies the lists. */
        public Outcome {
            results = List.copyOf(results);
            footprints = List.copyOf(footprints);
            reaches = List.copyOf(reaches);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Runs everything and writes the results folder.
     *
     * @param quick  the smoke-test settings
     * @param folder the results folder
     * @param out    where the progress and the tables go (JMH itself prints to standard output)
     */
    public static Outcome run(boolean quick, Path folder, PrintStream out) throws IOException {
        Files.createDirectories(folder);
        out.println("== jmh: " + (quick ? "quick (1 iteration of 100 ms, no warm-up: a smoke test)"
                : "forks 1, " + FULL_WARMUPS + " warm-up and " + FULL_ITERATIONS + " measurement iterations of 1 s"));
        List<String> failures = new ArrayList<>();
        List<RunResult> results = new ArrayList<>();
        try {
            ChainedOptionsBuilder options = options(quick, folder.resolve(JSON));
            BENCHMARKS.forEach(benchmark -> options.include("^" + Pattern.quote(benchmark.getName()) + "\\."));
            results.addAll(new Runner(options.build()).run());
        } catch (RunnerException e) {
            failures.add("jmh: " + e.getMessage());
        }
        failures.addAll(missing(results));

        out.println("== jmh: bytes held per waiting request (" + WaitingFootprint.REQUESTS + " requests)");
        List<WaitingFootprint.Measurement> footprints = new ArrayList<>();
        try {
            footprints.addAll(quick ? List.of(WaitingFootprint.waitingRoom(WaitingFootprint.REQUESTS, false))
                    : WaitingFootprint.waitingRoom());
        } catch (RuntimeException e) {
            failures.add("bytes per waiting request: " + e);
        }
        out.println("== jmh: the largest history the checker decides in 1 s");
        List<CheckerReach.Reach> reaches = new ArrayList<>();
        try {
            for (int seats : quick ? List.of(10) : List.of(1, 10)) {
                reaches.add(CheckerReach.of(seats, quick ? Duration.ofMillis(100) : CheckerReach.ONE_SECOND,
                        MAX_REACH_OPERATIONS));
            }
        } catch (RuntimeException e) {
            failures.add("checker reach: " + e);
        }
        Outcome outcome = new Outcome(quick, results, footprints, reaches, failures);
        String markdown = JmhReport.render(outcome);
        Files.writeString(folder.resolve(MARKDOWN), markdown);
        Files.writeString(folder.resolve(MEASUREMENTS_JSON), JmhReport.measurementsJson(outcome));
        out.println(markdown);
        failures.forEach(failure -> out.println("FAILED: " + failure));
        out.println("wrote " + MARKDOWN + ", " + JSON + ", " + MEASUREMENTS_JSON + " to "
                + folder.toAbsolutePath().normalize());
        return outcome;
    }

    /** JMH's settings, quick or full, with no benchmark included yet. */
    static ChainedOptionsBuilder options(boolean quick, Path json) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .shouldFailOnError(false) // a failed benchmark is reported by missing(), the others still run
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (quick) {
            return options.warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        }
        return options.warmupIterations(FULL_WARMUPS).warmupTime(TimeValue.seconds(1))
                .measurementIterations(FULL_ITERATIONS).measurementTime(TimeValue.seconds(1));
    }

    /**
     * The benchmarks without every result they should have (one per combination of their class's
     * parameters): those JMH reported as failed.
     */
    static List<String> missing(Collection<RunResult> results) {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : BENCHMARKS) {
            int combinations = 1;
            for (Field field : type.getFields()) {
                Param param = field.getAnnotation(Param.class);
                if (param != null) {
                    combinations *= param.value().length;
                }
            }
            for (Method method : type.getMethods()) {
                if (!method.isAnnotationPresent(Benchmark.class)) {
                    continue;
                }
                String name = type.getName() + "." + method.getName();
                long got = results.stream().filter(r -> r.getParams().getBenchmark().equals(name)).count();
                if (got < combinations) {
                    missing.add(type.getSimpleName() + "." + method.getName() + ": " + (combinations - got) + " of "
                            + combinations + " run(s) failed or did not run (see JMH's output above)");
                }
            }
        }
        return missing;
    }
}

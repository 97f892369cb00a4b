package dev.booking.bench;

import dev.booking.bench.line.BrokerUnreachableException;
import dev.booking.bench.line.WorkerMode;
import dev.booking.bench.perf.BenchOptions;
import dev.booking.bench.perf.Benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The harness's entry point, {@code java -jar booking-bench.jar [race|bench] [options]}: the race
 * demo ({@code ./race}, the default mode) or the benchmark ({@code ./bench}). A bad command line
 * prints the mode's usage and exits with status 2; otherwise the exit status is the mode's. A race
 * whose store or broker cannot be connected to prints one line and exits with status 4. A hidden
 * third mode, {@code worker}, is a worker process of a queued race ({@link WorkerMode}).
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs one mode and exits with its status.
     *
     * @param args the mode ({@code race} or {@code bench}, default {@code race}), then its options; see {@code --help}
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true"); // the benchmark's chart; there is never a display
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // exit explicitly: a driver or server thread left behind must not keep the JVM alive
        System.exit(run(List.of(args), System.getenv(), out, System.err));
    }

    /** Parses the command line, runs the mode and returns the exit status. */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (!args.isEmpty() && args.get(0).equals("worker")) {
            // hidden: a worker process of a queued race, started by the race itself
            return WorkerMode.run(args.subList(1, args.size()), System.in, out, err);
        }
        boolean bench = !args.isEmpty() && args.get(0).equals("bench");
        List<String> options = !args.isEmpty() && (bench || args.get(0).equals("race")) ? args.subList(1, args.size())
                : args;
        String usage = bench ? BenchOptions.USAGE : RaceOptions.USAGE;
        Object parsed;
        try {
            parsed = bench ? BenchOptions.parse(options, env) : RaceOptions.parse(options);
        } catch (IllegalArgumentException e) {
            err.println((bench ? "bench: " : "race: ") + e.getMessage());
            err.print(usage);
            return 2;
        }
        if (parsed == null) {
            out.print(usage);
            return 0;
        }
        if (bench) {
            return Benchmark.run((BenchOptions) parsed, out); // a backend that does not open is one of its failures
        }
        try {
            return RaceDemo.run((RaceOptions) parsed, out);
        } catch (StoreUnreachableException | BrokerUnreachableException e) {
            err.println("race: " + e.getMessage());
            return 4;
        } catch (RuntimeException e) {
            // one line, and never status 1, which says that the integrity check failed
            err.println("race: stopped by an error: " + StoreUnreachableException.withoutPassword(e.toString()
                    .replaceAll("\\s+", " ")));
            return 3;
        }
    }
}

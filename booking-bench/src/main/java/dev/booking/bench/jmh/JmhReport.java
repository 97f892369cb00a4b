package dev.booking.bench.jmh;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Version;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Markdown tables of a {@link JmhSuite} run, each measured figure beside its baseline from the
 * same run, and the JSON of the measurements that are not JMH's.
 */
final class JmhReport {

    /** The repository's benchmarks in report order, with what each does; each has a {@code Floor} twin. */
    private static final Map<String, String> REPOSITORY = linked(
            "bookFreeSeats", "`tryBook`, a free seat",
            "bookFreeSeatsTwoThreads", "`tryBook`, a free seat",
            "loseTakenSeat", "`tryBook`, a taken seat (the loser)",
            "loseTakenSeatTwoThreads", "`tryBook`, a taken seat (the loser)",
            "claimGroupOfFour", "`claim` of 4 adjacent free seats",
            "findSeat", "`findSeat`",
            "findSeatTwoThreads", "`findSeat`",
            "listSeats", "`listSeats` of " + RepositoryBenchmarks.LISTED + " seats");
    /** The waiting room's benchmarks: the room's method and what it does; its baseline is direct* of the same ending. */
    private static final Map<String, String> ROOM = linked(
            "roomOneByOne", "a free seat, one caller, `submitAndWait` after `submitAndWait`",
            "roomAllAtOnce", WaitingRoomBenchmarks.BATCH + " free seats submitted at once, then awaited",
            "roomLoser", "a taken seat whose owner the room remembers");

    private JmhReport() {
    }

    private static Map<String, String> linked(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String render(JmhSuite.Outcome outcome) {
        StringBuilder md = new StringBuilder("## JMH micro-benchmarks\n\n");
        if (outcome.quick()) {
            md.append("QUICK run: one iteration of 100 ms without warm-up, a smoke test; compare none of these"
                    + " figures.\n\n");
        }
        md.append(String.format(Locale.ROOT, "JMH %s, forks 1, %s; %s %s, %d cores.%n%n",
                Version.getPlainVersion(), outcome.quick() ? "1 measurement iteration of 100 ms"
                        : JmhSuite.FULL_WARMUPS + " warm-up and " + JmhSuite.FULL_ITERATIONS
                        + " measurement iterations of 1 s", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));

        md.append("### In-memory repository against its floor\n\n")
                .append("The floor: a `ConcurrentHashMap` on the same keys (`putIfAbsent` for a booking or a claim,"
                        + " four for a group, `get` for `findSeat`, a sorted map's values copied for `listSeats`)."
                        + " Mean time per operation ± JMH's 99.9% error.\n\n")
                .append("| operation | threads | InMemorySeatRepository ns/op | ops/s | floor ns/op | floor ops/s"
                        + " | × floor |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        REPOSITORY.forEach((method, what) -> {
            Optional<RunResult> library = find(outcome, RepositoryBenchmarks.class, method);
            Optional<RunResult> floor = find(outcome, RepositoryBenchmarks.class, method + "Floor");
            md.append("| ").append(what).append(" | ").append(threads(library.or(() -> floor))).append(" | ")
                    .append(score(library)).append(" | ").append(perSecond(library)).append(" | ")
                    .append(score(floor)).append(" | ").append(perSecond(floor)).append(" | ")
                    .append(ratio(library, floor)).append(" |\n");
        });

        md.append("\n### The waiting room's overhead per request\n\n")
                .append("The same requests straight to the same `InMemorySeatRepository` and through a `WaitingRoom`"
                        + " (8 workers) in front of it, in one run; the overhead is the difference.\n\n")
                .append("| request | direct ns/op | through the room ns/op | overhead ns per request |\n")
                .append("| --- | ---: | ---: | ---: |\n");
        ROOM.forEach((method, what) -> {
            Optional<RunResult> room = find(outcome, WaitingRoomBenchmarks.class, method);
            Optional<RunResult> direct = find(outcome, WaitingRoomBenchmarks.class,
                    "direct" + method.substring("room".length()));
            md.append("| ").append(what).append(" | ").append(score(direct)).append(" | ").append(score(room))
                    .append(" | ").append(room.isPresent() && direct.isPresent()
                            ? format(nanos(room.get()) - nanos(direct.get())) : "failed").append(" |\n");
        });

        md.append("\n### The linearizability checker\n\n")
                .append("One check of a made-up race history (the earliest caller wins, every tenth call reads,"
                        + " the rest are told Taken; about fifty calls overlap), spread over the seats.\n\n")
                .append("| operations | seats | ms per check | operations checked/s |\n| ---: | ---: | ---: | ---: |\n");
        outcome.results().stream()
                .filter(r -> r.getParams().getBenchmark().equals(CheckerBenchmarks.class.getName() + ".check"))
                .forEach(r -> {
                    int operations = Integer.parseInt(r.getParams().getParam("operations"));
                    double nanos = nanos(r);
                    md.append(String.format(Locale.ROOT, "| %,d | %s | %.3f ± %.3f | %,.0f |%n", operations,
                            r.getParams().getParam("seats"), nanos / 1e6, error(r) / 1e6, operations * 1e9 / nanos));
                });
        if (!outcome.reaches().isEmpty()) {
            md.append("\nThe largest history checked within ").append(outcome.reaches().get(0).limit().toMillis())
                    .append(" ms (the size doubled, then grown by a quarter, then bisected; timed once, near the"
                            + " limit the best of three):\n\n")
                    .append("| seats | largest checked within the limit | its check | smallest beyond | its check |"
                            + " operations checked/s |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for (CheckerReach.Reach reach : outcome.reaches()) {
                md.append(String.format(Locale.ROOT, "| %d | %,d | %.0f ms | %s | %s | %,.0f |%n", reach.seats(),
                        reach.largestWithin(), reach.nanosOfLargest() / 1e6,
                        reach.smallestBeyond() == 0 ? "not reached" : String.format(Locale.ROOT, "%,d",
                                reach.smallestBeyond()),
                        reach.smallestBeyond() == 0 ? "" : String.format(Locale.ROOT, "%.0f ms",
                                reach.nanosOfBeyond() / 1e6), reach.operationsPerSecond()));
            }
        }

        md.append("\n### Bytes held per waiting request\n\n")
                .append("A room in front of a repository that does not answer yet holds the requests; heap in use"
                        + " after a full collection, before and after, over the requests (median of ")
                .append(outcome.quick() ? 1 : WaitingFootprint.REPEATS).append("). Target: under ")
                .append(WaitingFootprint.TARGET_BYTES).append(" bytes.\n\n")
                .append("| requests waiting | held | heap before | heap after | bytes per request | target |\n")
                .append("| --- | ---: | ---: | ---: | ---: | --- |\n");
        for (WaitingFootprint.Measurement m : outcome.footprints()) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.0f | %s |%n", m.what(), m.requests(),
                    m.bytesBefore(), m.bytesAfter(), m.bytesPerRequest(), m.withinTarget() ? "met" : "MISSED"));
        }
        if (!outcome.failures().isEmpty()) {
            md.append("\nFailed:\n\n");
            outcome.failures().forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    /** The footprints and reaches as JSON. */
    static String measurementsJson(JmhSuite.Outcome outcome) {
        String footprints = outcome.footprints().stream().map(m -> String.format(Locale.ROOT,
                "{\"what\": \"%s\", \"requests\": %d, \"bytesBefore\": %d, \"bytesAfter\": %d,"
                        + " \"bytesPerRequest\": %.1f, \"targetBytes\": %d, \"withinTarget\": %b}",
                m.what(), m.requests(), m.bytesBefore(), m.bytesAfter(), m.bytesPerRequest(),
                WaitingFootprint.TARGET_BYTES, m.withinTarget())).collect(Collectors.joining(",\n    "));
        String reaches = outcome.reaches().stream().map(r -> String.format(Locale.ROOT,
                "{\"seats\": %d, \"limitMillis\": %d, \"largestWithin\": %d, \"nanosOfLargest\": %d,"
                        + " \"smallestBeyond\": %d, \"nanosOfBeyond\": %d}",
                r.seats(), r.limit().toMillis(), r.largestWithin(), r.nanosOfLargest(), r.smallestBeyond(),
                r.nanosOfBeyond())).collect(Collectors.joining(",\n    "));
        return "{\n  \"quick\": " + outcome.quick() + ",\n  \"bytesPerWaitingRequest\": [\n    " + footprints
                + "\n  ],\n  \"checkerReach\": [\n    " + reaches + "\n  ]\n}\n";
    }

    private static Optional<RunResult> find(JmhSuite.Outcome outcome, Class<?> type, String method) {
        String name = type.getName() + "." + method;
        return outcome.results().stream().filter(r -> r.getParams().getBenchmark().equals(name)).findFirst();
    }

    /** The primary score in nanoseconds per operation. */
    static double nanos(RunResult result) {
        Result<?> primary = result.getPrimaryResult();
        return primary.getScore() * nanosPer(primary.getScoreUnit());
    }

    private static double error(RunResult result) {
        Result<?> primary = result.getPrimaryResult();
        double error = primary.getScoreError();
        return Double.isNaN(error) ? 0 : error * nanosPer(primary.getScoreUnit());
    }

    private static double nanosPer(String unit) {
        String prefix = unit.substring(0, unit.indexOf('/'));
        return switch (prefix) {
            case "ns" -> 1;
            case "us" -> TimeUnit.MICROSECONDS.toNanos(1);
            case "ms" -> TimeUnit.MILLISECONDS.toNanos(1);
            case "s" -> TimeUnit.SECONDS.toNanos(1);
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private static String threads(Optional<RunResult> result) {
        return result.map(r -> Integer.toString(r.getParams().getThreads())).orElse("");
    }

    private static String score(Optional<RunResult> result) {
        return result.map(r -> format(nanos(r)) + " ± " + format(error(r))).orElse("failed");
    }

    private static String perSecond(Optional<RunResult> result) {
        return result.map(r -> String.format(Locale.ROOT, "%,.0f", 1e9 / nanos(r))).orElse("");
    }

    private static String ratio(Optional<RunResult> library, Optional<RunResult> floor) {
        return library.isPresent() && floor.isPresent()
                ? String.format(Locale.ROOT, "%.1f", nanos(library.get()) / nanos(floor.get())) : "";
    }

    private static String format(double nanos) {
        return String.format(Locale.ROOT, Math.abs(nanos) < 100 ? "%.1f" : "%,.0f", nanos);
    }
}

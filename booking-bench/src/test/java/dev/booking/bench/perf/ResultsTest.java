package dev.booking.bench.perf;

import dev.booking.bench.CallBreakdown;
import dev.booking.bench.Integrity;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Pairing, ratios, and the three output files, from made-up runs. */
class ResultsTest {

    @Test
    void eachBaselineRunIsPairedWithTheLibraryRunOfTheSameKey() {
        List<RunResult> runs = List.of(
                distinct(Variants.LIBRARY, 8, "raw-jdbc#1", 1000),
                distinct(Variants.RAW_JDBC, 8, "raw-jdbc#1", 1000),
                distinct(Variants.LIBRARY, 8, "raw-jdbc#2", 900),
                distinct(Variants.RAW_JDBC, 8, "raw-jdbc#2", 1000),
                distinct(Variants.LIBRARY, 8, "raw-jdbc#3", 1100),
                distinct(Variants.RAW_JDBC, 8, "raw-jdbc#3", 1000),
                distinct(Variants.LIBRARY, 32, "naive#1", 2000),
                distinct(Variants.NAIVE, 32, "naive#1", 4000));

        List<ResultRow> rows = ResultTable.rows(runs, List.of(BackendKind.values()));

        assertThat(rows).extracting(ResultRow::variant, ResultRow::concurrency).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Variants.LIBRARY, 8),
                org.assertj.core.groups.Tuple.tuple(Variants.RAW_JDBC, 8),
                org.assertj.core.groups.Tuple.tuple(Variants.LIBRARY, 32),
                org.assertj.core.groups.Tuple.tuple(Variants.NAIVE, 32));
        ResultRow raw = rows.get(1);
        assertThat(raw.pairRatios()).containsExactly(1.0, 0.9, 1.1);
        assertThat(raw.ratio()).isEqualTo(1.0);
        assertThat(rows.get(0).throughput()).isCloseTo(1000, within(1e-6));
        assertThat(rows.get(0).pairRatios()).isEmpty();
        assertThat(rows.get(3).ratio()).isEqualTo(0.5);
    }

    @Test
    void theReportsAndTheChartAreWritten(@TempDir Path out) throws Exception {
        List<RunResult> runs = List.of(
                distinct(Variants.LIBRARY, 8, "pgbench#1", 5000),
                distinct(Variants.PGBENCH, 8, "pgbench#1", 5200),
                distinct(Variants.LIBRARY, 32, "pgbench#1", 7000),
                distinct(Variants.PGBENCH, 32, "pgbench#1", 6900),
                hot(Variants.LIBRARY, "naive#1", 0),
                hot(Variants.NAIVE, "naive#1", 7));
        BenchOptions options = BenchOptions.parse(List.of("--quick"), Map.of());
        BenchReport report = new BenchReport(runs, ResultTable.rows(runs, List.of(BackendKind.values())),
                List.of("mariadb: no URL"), List.of(), Settings.of(options, Instant.now(), Optional.empty()),
                Duration.ofSeconds(42));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ResultsFolder.write(report, out, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String md = Files.readString(out.resolve(ResultsFolder.MARKDOWN));
        assertThat(md).contains("## Settings", "## Distinct seats", "## Hot seat", "| postgresql | pgbench | 8 | 5,200 |",
                "**7**", "naive: 7 double bookings", "skipped: mariadb: no URL", "![");
        String csv = Files.readString(out.resolve(ResultsFolder.CSV));
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("profile,workload,backend,variant,concurrency,");
        assertThat(csv).contains("quick,distinct-seats,postgresql,pgbench,8,1,");
        assertThat(csv.lines().count()).isEqualTo(1 + report.rows().size());
        assertThat(Files.readString(out.resolve(ResultsFolder.RUNS_CSV)).lines().count()).isEqualTo(1 + runs.size());
        BufferedImage chart = ImageIO.read(out.resolve(ResultsFolder.CHART).toFile());
        assertThat(chart.getWidth()).isGreaterThan(1000);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("integrity: OK");
    }

    @Test
    void aRowsRatioComesFromTheSameRunsAsTheFiguresBesideIt() {
        // the library's row combines its runs of every pair; the raw JDBC pair's library run was a slow one
        List<RunResult> runs = List.of(
                distinct(Variants.LIBRARY, 8, "raw-jdbc#1", 5000),
                distinct(Variants.RAW_JDBC, 8, "raw-jdbc#1", 13_719),
                distinct(Variants.LIBRARY, 8, "for-update#1", 14_000),
                distinct(Variants.FOR_UPDATE, 8, "for-update#1", 7000),
                distinct(Variants.LIBRARY, 8, "naive#1", 13_000),
                distinct(Variants.NAIVE, 8, "naive#1", 13_000));

        List<ResultRow> rows = ResultTable.rows(runs, List.of(BackendKind.values()));

        ResultRow library = rows.get(0);
        ResultRow raw = rows.get(1);
        assertThat(library.throughput()).isCloseTo(32_000 / 3.0, within(1e-6));
        assertThat(library.ratio()).isNaN();
        assertThat(raw.libraryThroughput()).isCloseTo(5000, within(1e-6));
        assertThat(raw.ratio()).isCloseTo(raw.libraryThroughput() / raw.throughput(), within(1e-12));
        assertThat(MarkdownReport.table(Workload.DISTINCT_SEATS, rows))
                .contains("| postgresql | raw-jdbc | 8 | 13,719 |", "| 5,000 | **0.36** |")
                .contains("| postgresql | for-update | 8 | 7,000 |", "| 14,000 | **2.00** |");
    }

    @Test
    void aQuickRunSaysSoInEveryOutputAndAFullRunDoesNot(@TempDir Path out) throws Exception {
        List<RunResult> runs = List.of(distinct(Variants.LIBRARY, 8, "raw-jdbc#1", 1000),
                distinct(Variants.RAW_JDBC, 8, "raw-jdbc#1", 1000));
        for (boolean quick : List.of(true, false)) {
            BenchOptions options = BenchOptions.parse(quick ? List.of("--quick") : List.of(), Map.of());
            BenchReport report = new BenchReport(runs, ResultTable.rows(runs, List.of(BackendKind.values())), List.of(),
                    List.of(), Settings.of(options, Instant.now(), Optional.empty()), Duration.ofSeconds(1));
            Path folder = out.resolve(quick ? "quick" : "full");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            ResultsFolder.write(report, folder, new PrintStream(printed, true, StandardCharsets.UTF_8));

            String md = Files.readString(folder.resolve(ResultsFolder.MARKDOWN));
            List<String> csv = Files.readAllLines(folder.resolve(ResultsFolder.CSV));
            List<String> runsCsv = Files.readAllLines(folder.resolve(ResultsFolder.RUNS_CSV));
            String console = printed.toString(StandardCharsets.UTF_8);
            String profile = quick ? "quick," : "full,";
            assertThat(csv.subList(1, csv.size())).isNotEmpty().allMatch(line -> line.startsWith(profile));
            assertThat(runsCsv.subList(1, runsCsv.size())).isNotEmpty().allMatch(line -> line.startsWith(profile));
            if (quick) {
                assertThat(md).startsWith("# booking benchmark results: QUICK run, not for comparing\n")
                        .contains(options.profile().caution());
                assertThat(console).contains(options.profile().caution());
                assertThat(options.profile().caution()).contains("200 ms", "1 A/B pair per baseline");
            } else {
                assertThat(md).startsWith("# booking benchmark results\n").doesNotContain("QUICK");
                assertThat(console).doesNotContain("QUICK");
                assertThat(options.profile().caution()).isNull();
            }
        }
    }

    @Test
    void theChartFitsItsImageAndMarksDoubleBookingsOnTheBarThatMadeThem(@TempDir Path out) throws Exception {
        List<RunResult> runs = new java.util.ArrayList<>();
        for (String backend : List.of("h2", "postgresql", "mariadb", "mongo")) {
            for (int level : List.of(8, 128)) {
                runs.add(distinct(backend, Variants.LIBRARY, level, "naive#1", 1000 + level));
                runs.add(distinct(backend, Variants.NAIVE, level, "naive#1", 2000 + level));
            }
        }
        runs.add(hot(Variants.LIBRARY, "naive#1", 0));
        runs.add(hot(Variants.NAIVE, "naive#1", 7));
        List<ResultRow> rows = ResultTable.rows(runs, List.of(BackendKind.values()));
        Path file = out.resolve("chart.png");

        Chart.Drawn drawn = Chart.write(rows, "made up", Profile.quick().caution(), file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(drawn.width());
        assertThat(image.getHeight()).isEqualTo(drawn.height());
        assertThat(drawn.panels()).hasSize(5).allSatisfy(panel -> {
            assertThat(panel.x).isPositive();
            assertThat(panel.y).isPositive();
            assertThat(panel.x + panel.width).isLessThan(drawn.width());
            assertThat(panel.y + panel.height).isLessThan(drawn.height());
        });
        assertThat(drawn.marks()).singleElement().satisfies(mark -> {
            assertThat(mark.variant()).isEqualTo(Variants.NAIVE);
            assertThat(mark.backend()).isEqualTo("postgresql");
            assertThat(mark.bar().contains(mark.label().getCenterX(), mark.label().getCenterY())).isTrue();
        });
    }

    @Test
    void aLibraryRunWithTwoWinnersIsAViolation() {
        RunResult broken = new RunResult(Workload.HOT_SEAT, "h2", Variants.LIBRARY, 10, "solo#1", 10, 1_000_000,
                latency(), latency(), Map.of(), 0, new Integrity(1, 10, 10, 0, 2, 0, 1, 1, 0, 0, 1, List.of()), -1);
        BenchReport report = new BenchReport(List.of(broken), List.of(), List.of(), List.of(),
                Settings.of(BenchOptions.parse(List.of(), Map.of()), Instant.now(), Optional.empty()), Duration.ZERO);

        assertThat(report.libraryViolations()).singleElement().asString().contains("1 double bookings");
    }

    private static RunResult distinct(String variant, int concurrency, String pair, double opsPerSecond) {
        return distinct("postgresql", variant, concurrency, pair, opsPerSecond);
    }

    @Test
    void theHotSeatBreakdownHasOneLinePerBackendAndVariantCombiningItsRuns() {
        RunResult library1 = hot(Variants.LIBRARY, "raw-jdbc#1", 0).withBreakdown(breakdown(2));
        RunResult library2 = hot(Variants.LIBRARY, "raw-jdbc#2", 0).withBreakdown(breakdown(1));
        RunResult raw = hot(Variants.RAW_JDBC, "raw-jdbc#1", 0).withBreakdown(breakdown(1));
        RunResult without = distinct("postgresql", Variants.LIBRARY, 8, "raw-jdbc#1", 1000);

        String table = MarkdownReport.breakdown(List.of(library1, raw, library2, without));

        assertThat(table.lines().filter(line -> line.startsWith("| postgresql | library |"))).singleElement()
                .asString().contains("| 200 | 1.50 |");
        assertThat(table.lines().filter(line -> line.startsWith("| postgresql | raw-jdbc |"))).singleElement()
                .asString().contains("| 100 | 1.00 |");
        assertThat(table.lines()).hasSize(4);
        assertThat(MarkdownReport.breakdown(List.of(without))).isEmpty();
    }

    /** 100 calls of 1 to 100 ms each, split evenly, executing {@code statementsPerCall} statements each. */
    private static CallBreakdown breakdown(int statementsPerCall) {
        Histogram part = latency();
        return new CallBreakdown(part, part, part, part, latency(), 100L * statementsPerCall);
    }

    private static RunResult distinct(String backend, String variant, int concurrency, String pair,
                                      double opsPerSecond) {
        long operations = (long) opsPerSecond;
        return new RunResult(Workload.DISTINCT_SEATS, backend, variant, concurrency, pair, operations,
                1_000_000_000L, latency(), null, Map.of(), 0,
                new Integrity((int) operations, operations, operations, 0, operations, (int) operations, 0, 0, 0, 0,
                        (int) operations, List.of()), -1);
    }

    private static RunResult hot(String variant, String pair, int doubleBookings) {
        return new RunResult(Workload.HOT_SEAT, "postgresql", variant, 1000, pair, 10_000, 2_000_000_000L, latency(),
                latency(), Map.of(), 0, new Integrity(10, 10_000, 10_000, 0, 10 + doubleBookings,
                doubleBookings == 0 ? 10 : 3, doubleBookings, doubleBookings, 0, 0, 10, List.of()), -1);
    }

    private static Histogram latency() {
        Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 100; i++) {
            histogram.recordValue(i * 100L);
        }
        return histogram;
    }
}

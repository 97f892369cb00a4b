package dev.booking.bench.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a report's files into the results folder and prints the tables and the verdict. */
final class ResultsFolder {

    static final String MARKDOWN = "results.md";
    static final String CSV = "results.csv";
    static final String RUNS_CSV = "runs.csv";
    static final String CHART = "benchmark.png";
    /** The groups workload's own rows (seats and groups per second, losers, deadlocks), when it ran. */
    static final String GROUPS_CSV = "groups.csv";
    /** The stadium on-sale's own table, written when it ran. */
    static final String STADIUM_CSV = "stadium.csv";

    private ResultsFolder() {
    }

    static void write(BenchReport report, Path folder, PrintStream out) throws IOException {
        Files.createDirectories(folder);
        String chartLink = null;
        Profile profile = report.settings().profile();
        try {
            Chart.write(report.rows(), "run " + report.settings().general().get("date") + "; "
                    + report.settings().general().get("machine"), profile.caution(), folder.resolve(CHART));
            chartLink = CHART;
        } catch (IOException | RuntimeException | Error e) {
            // no fonts or no AWT on a minimal JRE: the tables still matter more than the picture
            out.println("chart not written: " + e);
        }
        Files.writeString(folder.resolve(MARKDOWN), MarkdownReport.render(report, chartLink));
        Files.writeString(folder.resolve(CSV), CsvReport.rows(profile.name(), report.rows()));
        Files.writeString(folder.resolve(RUNS_CSV), CsvReport.runs(profile.name(), report.runs()));
        List<GroupsReport.Row> groups = GroupsReport.rows(report.runs(), List.of(BackendKind.values()));
        if (!groups.isEmpty()) {
            Files.writeString(folder.resolve(GROUPS_CSV), CsvReport.groups(profile.name(), groups));
        }
        if (report.runs().stream().anyMatch(run -> run.stadium() != null)) {
            Files.writeString(folder.resolve(STADIUM_CSV), CsvReport.stadium(profile.name(), report.runs()));
        }

        out.println();
        if (profile.isQuick()) {
            out.println(profile.caution());
            out.println();
        }
        for (Workload workload : Workload.values()) {
            List<ResultRow> rows = report.rows().stream().filter(r -> r.workload() == workload).toList();
            if (!rows.isEmpty()) {
                out.println("## " + workload.title());
                out.println(workload == Workload.GROUPS ? MarkdownReport.groups(report)
                        : workload == Workload.STADIUM ? StadiumTable.markdown(report.runs())
                        : MarkdownReport.table(workload, rows));
            }
        }
        List<String> violations = report.libraryViolations();
        out.println(violations.isEmpty()
                ? "integrity: OK, the library gave every seat to exactly one caller and answered every caller"
                : "integrity: VIOLATED\n  " + String.join("\n  ", violations));
        report.failures().forEach(f -> out.println("FAILED: " + f));
        out.printf("took %d min %d s; wrote %s, %s, %s%s to %s%n", report.elapsed().toMinutes(),
                report.elapsed().toSecondsPart(), MARKDOWN, CSV, RUNS_CSV, chartLink == null ? "" : ", " + CHART,
                folder.toAbsolutePath().normalize());
    }
}

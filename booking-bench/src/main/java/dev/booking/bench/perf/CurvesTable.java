package dev.booking.bench.perf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders the cost curves as Markdown: per backend, one line per operation and implementation with its
 * figure at every size, the growth from each size to the next, and the verdict of {@link CurveFit}
 * on the cost (a time) that should or should not grow.
 */
final class CurvesTable {

    /** What the tables show, printed above them. */
    static final String NOTE = "Per backend, the library (`library`: the store's repository) and the in-memory"
            + " reference (`memory`: `InMemorySeatRepository`, no database) on a fresh show per size, one after the"
            + " other. `addSeats`: all the show's seats in one call, seats per second. `listSeats`: the whole show,"
            + " ms per call (p50 / p99 over a few calls). `sweepExpiredHolds`: every tenth seat held for 1 ms and"
            + " lapsed, then swept at the contract's largest limit (" + String.format(Locale.ROOT, "%,d",
            dev.booking.core.SeatRepository.MAX_SWEEP_LIMIT) + ") until done, holds per second. `tryBook`: one"
            + " call at a time on seats spread over the show, ms per call (p50 / p99): the per-call cost that must"
            + " not grow with the show. `users`: that many users, each with one booking in flight at every moment"
            + " (a closed loop without think time: a user submits its next booking, for its next own seat, when the"
            + " previous one is answered; together at least " + CurveSizes.of(Profile.full()).userBookings()
            + " bookings), run on at most " + CostCurvesRun.USER_THREADS + " threads; bookings per second and the"
            + " p99 of a booking from its submission, waiting in the queue and for a pooled connection included."
            + " A size or users level projected past the time budget is left out and listed under its table."
            + " Growth: the cost (the time of the operation, or of a"
            + " call) at each size divided by the size before's, per 10x; the verdict is the log-log slope over the"
            + " largest three sizes: constant up to " + CurveFit.CONSTANT_BELOW + ", linear from "
            + CurveFit.LINEAR_FROM + " to " + CurveFit.SUPER_LINEAR_ABOVE + ", super-linear above, sub-linear"
            + " between constant and linear. Integrity is checked after every size: the seats listed are the"
            + " seats added, every lapsed hold is free after the sweep, every tryBook won its seat and nothing"
            + " else is taken.";

    private CurvesTable() {
    }

    /** The curves' rows (workload {@link Workload#CURVES}) as Markdown. */
    static String render(List<ResultRow> rows) {
        StringBuilder md = new StringBuilder();
        Set<String> backends = new LinkedHashSet<>();
        rows.forEach(row -> backends.add(row.backend()));
        for (String backend : backends) {
            List<ResultRow> here = rows.stream().filter(row -> row.backend().equals(backend)).toList();
            md.append(sizesTable(backend, here)).append('\n').append(usersTable(backend, here)).append('\n');
            List<ResultRow> skipped = here.stream().filter(row -> operation(row).startsWith(CostCurvesRun.SKIPPED))
                    .toList();
            for (ResultRow row : skipped) {
                boolean users = operation(row).endsWith(CostCurvesRun.USERS);
                md.append("- ").append(backend).append(", ").append(implementation(row)).append(": ")
                        .append(users ? String.format(Locale.ROOT, "%,d users", row.concurrency())
                                : decade(row.concurrency()) + " seats")
                        .append(" left out: ").append(users ? "the level before, projected with the square of the"
                                + " bookings (a store that scans pays per seat of the show), would pass the time budget"
                                : "the size before took more than a tenth of the time budget").append(" (see the"
                                + " settings)\n");
            }
            if (!skipped.isEmpty()) {
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String sizesTable(String backend, List<ResultRow> rows) {
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.stream().filter(row -> CostCurvesRun.SIZE_OPERATIONS.contains(operation(row))
                || operation(row).equals(CostCurvesRun.SKIPPED + " " + CostCurvesRun.ADD)).forEach(row -> sizes.add(row.concurrency()));
        if (sizes.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("| " + backend + " | variant | measure |");
        sizes.forEach(size -> md.append(' ').append(decade(size)).append(" seats |"));
        md.append(" growth per 10x of the cost | verdict (slope) |\n|---|---|---|");
        sizes.forEach(size -> md.append("--:|"));
        md.append("---|---|\n");
        for (String operation : CostCurvesRun.SIZE_OPERATIONS) {
            for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
                List<ResultRow> line = rows.stream().filter(row -> implementation(row).equals(implementation)
                        && operation(row).equals(operation) && row.operations() > 0).toList();
                if (line.isEmpty()) {
                    continue;
                }
                md.append("| ").append(operation).append(" | ").append(implementation).append(" | ")
                        .append(measure(operation)).append(" |");
                for (int size : sizes) {
                    md.append(' ').append(line.stream().filter(row -> row.concurrency() == size).findFirst()
                            .map(row -> cell(operation, row)).orElse("—")).append(" |");
                }
                md.append(fitCells(line, row -> cost(operation, row))).append('\n');
            }
        }
        return md.toString();
    }

    private static String usersTable(String backend, List<ResultRow> rows) {
        List<ResultRow> users = rows.stream().filter(row -> operation(row).equals(CostCurvesRun.USERS)
                || operation(row).equals(CostCurvesRun.SKIPPED + " " + CostCurvesRun.USERS)).toList();
        if (users.isEmpty()) {
            return "";
        }
        TreeSet<Integer> levels = new TreeSet<>();
        users.forEach(row -> levels.add(row.concurrency()));
        StringBuilder md = new StringBuilder("| " + backend + " | variant | measure |");
        levels.forEach(level -> md.append(' ').append(String.format(Locale.ROOT, "%,d", level)).append(" users |"));
        md.append(" growth per 10x | verdict (slope) |\n|---|---|---|");
        levels.forEach(level -> md.append("--:|"));
        md.append("---|---|\n");
        for (String implementation : List.of(Variants.LIBRARY, CostCurvesRun.MEMORY)) {
            List<ResultRow> line = users.stream().filter(row -> implementation(row).equals(implementation)
                    && row.operations() > 0).toList();
            if (line.isEmpty()) {
                continue;
            }
            md.append("| tryBook | ").append(implementation).append(" | bookings/s |");
            for (int level : levels) {
                md.append(' ').append(find(line, level).map(row -> ResultsText.rate(row.throughput())).orElse("—"))
                        .append(" |");
            }
            // the time per booking: constant while the throughput holds
            md.append(fitCells(line, row -> 1 / row.throughput())).append('\n');
            md.append("| tryBook | ").append(implementation).append(" | p99 ms |");
            for (int level : levels) {
                md.append(' ').append(find(line, level).map(row -> ResultsText.ms(row.p99Ms())).orElse("—"))
                        .append(" |");
            }
            md.append(fitCells(line, ResultRow::p99Ms)).append('\n');
        }
        return md.toString();
    }

    /** The growth and verdict cells of a line, fitted on {@code cost}. */
    private static String fitCells(List<ResultRow> line, Function<ResultRow, Double> cost) {
        List<ResultRow> sorted = line.stream().filter(row -> cost.apply(row) > 0)
                .sorted((a, b) -> Integer.compare(a.concurrency(), b.concurrency())).toList();
        Optional<CurveFit> fit = fit(sorted, cost);
        if (fit.isEmpty()) {
            return " | n/a |";
        }
        String factors = fit.get().factors().stream().map(f -> String.format(Locale.ROOT, "×%.1f", f))
                .collect(Collectors.joining(" "));
        return " " + factors + " | **" + fit.get().verdict().text() + "** (" + String.format(Locale.ROOT, "%.2f",
                fit.get().slope()) + ") |";
    }

    /** The fit of a line's cost against its sizes, if it has at least two. */
    static Optional<CurveFit> fit(List<ResultRow> sorted, Function<ResultRow, Double> cost) {
        if (sorted.size() < 2) {
            return Optional.empty();
        }
        List<Long> sizes = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        sorted.forEach(row -> {
            sizes.add((long) row.concurrency());
            costs.add(cost.apply(row));
        });
        return Optional.of(CurveFit.of(sizes, costs));
    }

    /** The cost that is fitted: the whole operation's time, or a call's median. */
    static double cost(String operation, ResultRow row) {
        return switch (operation) {
            case CostCurvesRun.ADD, CostCurvesRun.SWEEP -> row.operations() / row.throughput();
            default -> row.p50Ms();
        };
    }

    private static String measure(String operation) {
        return switch (operation) {
            case CostCurvesRun.ADD -> "seats/s";
            case CostCurvesRun.SWEEP -> "holds/s";
            default -> "p50 / p99 ms";
        };
    }

    private static String cell(String operation, ResultRow row) {
        return switch (operation) {
            case CostCurvesRun.ADD, CostCurvesRun.SWEEP -> ResultsText.rate(row.throughput());
            default -> ResultsText.ms(row.p50Ms()) + " / " + ResultsText.ms(row.p99Ms());
        };
    }

    private static Optional<ResultRow> find(List<ResultRow> rows, int size) {
        return rows.stream().filter(row -> row.concurrency() == size).findFirst();
    }

    private static String implementation(ResultRow row) {
        return row.variant().substring(0, row.variant().indexOf(' '));
    }

    private static String operation(ResultRow row) {
        return row.variant().substring(row.variant().indexOf(' ') + 1);
    }

    /** 10^k for a power of ten, else the number. */
    static String decade(int size) {
        double log = Math.log10(size);
        return log == Math.rint(log) ? "10^" + (int) log : String.format(Locale.ROOT, "%,d", size);
    }
}

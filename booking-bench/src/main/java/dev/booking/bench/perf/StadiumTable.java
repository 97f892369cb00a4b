package dev.booking.bench.perf;

import java.util.List;

/**
 * The stadium on-sale's table, from its runs' {@link StadiumFigures}: the generic table's columns
 * (one throughput, one latency) cannot say seats added, bookings, refusals and the time until sold out.
 */
final class StadiumTable {

    private StadiumTable() {
    }

    /** What the table shows, printed above it. */
    static String note(StadiumSizes sizes) {
        StadiumSizes mongo = sizes.on(BackendKind.MONGO);
        return String.format("A show of %,d seats (%d rows of %,d) added through `addSeats`, %,d at a time from one"
                        + " thread (`seats added/s`). Then %,d users, one platform thread each, released together, share"
                        + " %,d attempts in a closed loop: the row drawn with weight 1/(row+1)^%.1f (front rows first),"
                        + " the seat uniformly within it, and %.0f%% of attempts on %d hot seats in the middle of the"
                        + " front row; %.0f%% are `tryBook`, %.0f%% holds of %d to %,d ms, of which %.0f%% are confirmed"
                        + " by their user after a pause (sleep) of at most 60%% of the hold and the rest lapse, a sweeper calling"
                        + " `sweepExpiredHolds` every %d ms. `bookings/s` are seats sold (booked, or a hold confirmed)"
                        + " and `refusals/s` attempts answered taken or unavailable, both from the gate to the last"
                        + " attempt's answer; p50/p99 per attempt. After the attempts the users book the seats left in"
                        + " order, a seat found held tried again %d ms later: `sold out after` runs from the gate to the"
                        + " last seat sold (capped at %d s). `in-memory` is the same on-sale on the library's in-memory"
                        + " reference repository (one instance per row), run"
                        + " right after on the same machine: the harness's own ceiling. On the in-process Mongo"
                        + " server, which scans its collection on every call, the stadium has %,d seats and %,d"
                        + " attempts by %d users."
                        + " Double bookings counts users told \"booked\" for a seat someone else was told so, and holds"
                        + " granted on a seat held or sold; the integrity check also reads every seat back once every"
                        + " hold has expired.",
                sizes.seats(), sizes.rows(), sizes.seatsPerRow(), sizes.addBatch(), sizes.users(), sizes.attempts(),
                StadiumCrowd.ROW_SKEW, StadiumCrowd.HOT_SHARE * 100, sizes.hotSeats(),
                (1 - StadiumCrowd.HOLD_SHARE) * 100, StadiumCrowd.HOLD_SHARE * 100, sizes.minHold().toMillis(),
                sizes.maxHold().toMillis(), StadiumCrowd.CONFIRM_SHARE * 100, StadiumRun.SWEEP_EVERY_MILLIS,
                StadiumRun.RETRY_AFTER_MILLIS, sizes.cap().toSeconds(), mongo.seats(), mongo.attempts(), mongo.users());
    }

    /** The runs as a Markdown table, in run order. */
    static String markdown(List<RunResult> runs) {
        StringBuilder md = new StringBuilder("| backend | variant | users | seats added/s | attempts | bookings/s"
                + " | refusals/s | p50 ms | p99 ms | double bookings | sold out after | holds granted / confirmed /"
                + " confirmed too late | errors |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult run : runs) {
            StadiumFigures figures = run.stadium();
            if (figures == null) {
                continue;
            }
            long doubles = run.integrity().doubleBookings();
            md.append("| ").append(run.backend()).append(" | ").append(run.variant()).append(" | ")
                    .append(String.format("%,d", figures.users())).append(" | ")
                    .append(ResultsText.rate(figures.seatsAddedPerSecond())).append(" | ")
                    .append(String.format("%,d", run.operations())).append(" | ")
                    .append(ResultsText.rate(figures.bookingsPerSecond())).append(" | ")
                    .append(ResultsText.rate(figures.refusalsPerSecond())).append(" | ")
                    .append(ResultsText.micros(run.latencyMicros().getValueAtPercentile(50))).append(" | ")
                    .append(ResultsText.micros(run.latencyMicros().getValueAtPercentile(99))).append(" | ")
                    .append(doubles > 0 ? "**" + doubles + "**" : "0").append(" | ")
                    .append(figures.soldOut() ? figures.soldOutText() : "**" + figures.soldOutText() + "**")
                    .append(" | ").append(String.format("%,d / %,d / %,d", figures.holds(), figures.confirmed(),
                            figures.confirmsLapsed()))
                    .append(" | ").append(run.errorCount()).append(" |\n");
        }
        return md.toString();
    }

    /** The runs as CSV, one line each, with the {@code profile} column first as in the other CSV files. */
    static String csv(String profile, List<RunResult> runs) {
        StringBuilder csv = new StringBuilder("profile,backend,variant,users,seats,add_seconds,seats_added_per_s,"
                + "attempts,on_sale_seconds,bookings,bookings_per_s,refusals,refusals_per_s,p50_ms,p99_ms,max_ms,"
                + "double_bookings,sold_out,sold_out_seconds,seats_sold,holds,confirmed,confirms_lapsed,holds_swept,"
                + "sweep_attempts,errors\n");
        for (RunResult run : runs) {
            StadiumFigures f = run.stadium();
            if (f == null) {
                continue;
            }
            csv.append(String.join(",", profile, run.backend(), run.variant(), Integer.toString(f.users()),
                    Integer.toString(f.seats()), ResultsText.plain(f.addNanos() / 1e9, "%.3f"),
                    ResultsText.plain(f.seatsAddedPerSecond(), "%.1f"), Long.toString(run.operations()),
                    ResultsText.plain(f.onSaleNanos() / 1e9, "%.3f"), Long.toString(f.bookings()),
                    ResultsText.plain(f.bookingsPerSecond(), "%.1f"), Long.toString(f.refusals()),
                    ResultsText.plain(f.refusalsPerSecond(), "%.1f"),
                    ResultsText.plain(run.latencyMicros().getValueAtPercentile(50) / 1000.0, "%.3f"),
                    ResultsText.plain(run.latencyMicros().getValueAtPercentile(99) / 1000.0, "%.3f"),
                    ResultsText.plain(run.latencyMicros().getMaxValue() / 1000.0, "%.3f"),
                    Long.toString(run.integrity().doubleBookings()), Boolean.toString(f.soldOut()),
                    ResultsText.plain((f.soldOut() ? f.soldOutNanos() : f.endedNanos()) / 1e9, "%.3f"),
                    Integer.toString(f.soldSeats()), Long.toString(f.holds()), Long.toString(f.confirmed()),
                    Long.toString(f.confirmsLapsed()), Long.toString(f.swept()), Long.toString(f.sweepAttempts()),
                    Long.toString(run.errorCount()))).append('\n');
        }
        return csv.toString();
    }
}

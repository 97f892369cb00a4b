package dev.booking.bench;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.waitingroom.WaitingRoom;
import dev.booking.core.waitingroom.WaitingRoomSettings;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.time.Duration;

/**
 * The race demo: creates a show, lets N users race for S seats at the same instant, and prints
 * winners, losers, errors, an integrity check of what was stored, the total time and per-call
 * latency. Exit status 0 when the integrity check passes and no call failed.
 */
public final class RaceDemo {

    private RaceDemo() {
    }

    /** Runs the demo; see {@link RaceOptions#USAGE}. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RaceOptions options;
        try {
            options = RaceOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("race: " + e.getMessage());
            System.err.print(RaceOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            out.print(RaceOptions.USAGE);
            return;
        }
        System.exit(run(options, out));
    }

    /** Runs one race and prints its report; returns the exit status. */
    static int run(RaceOptions options, PrintStream out) throws InterruptedException {
        try (RaceTarget target = open(options)) {
            CountingSeatRepository store = new CountingSeatRepository(target.repository());
            ShowId show = ShowId.of("race-" + System.currentTimeMillis());
            List<SeatId> seats = SeatRace.seats(show, options.seats());
            store.addSeats(show, seats.stream().map(SeatId::number).toList());

            out.println("booking race demo");
            out.println("  store        : " + target.description());
            out.printf("  race         : %d users, %d seat%s, released together from one gate%n",
                    options.users(), options.seats(), options.seats() == 1 ? "" : "s");
            out.printf("  pool         : %d connections%s%n", options.poolSize(),
                    options.waitingRoom() ? ", behind a waiting room" : "");
            out.println("  racing ...");

            long callsBefore = store.calls();
            SeatRace.Outcome outcome;
            if (options.waitingRoom()) {
                try (WaitingRoom room = WaitingRoom.builder(store)
                        .capacity(Math.max(options.users(), WaitingRoomSettings.DEFAULT_CAPACITY))
                        .workers(options.poolSize())
                        .deadline(Duration.ofMinutes(2))
                        .build()) {
                    outcome = SeatRace.run(seats, options.users(), room.asRepository()::tryBook, out);
                }
            } else {
                outcome = SeatRace.run(seats, options.users(), store::tryBook, out);
            }
            long storeCalls = store.calls() - callsBefore;

            int errors = outcome.errors().values().stream().mapToInt(Integer::intValue).sum();
            IntegrityCheck check = IntegrityCheck.of(outcome.results(), store.listSeats(show), errors);
            report(out, outcome, check, errors, storeCalls);
            if (!check.passed()) {
                return 1;
            }
            return errors > 0 ? 3 : 0;
        }
    }

    private static RaceTarget open(RaceOptions options) {
        return switch (options.backend()) {
            case "h2" -> JdbcRaceTarget.embeddedH2(options.poolSize());
            case "jdbc" -> JdbcRaceTarget.open(options.jdbcUrl(), options.dbUser(), options.dbPassword(),
                    options.poolSize(), "over JDBC");
            case "mongo" -> MongoRaceTarget.open(options.mongoUri(), options.poolSize());
            default -> throw new IllegalArgumentException("unknown backend " + options.backend());
        };
    }

    private static void report(PrintStream out, SeatRace.Outcome outcome, IntegrityCheck check, int errors,
                               long storeCalls) {
        List<BookingResult> answers = outcome.results().stream().filter(Objects::nonNull).toList();
        long taken = answers.stream().filter(r -> r instanceof BookingResult.Taken).count();
        long other = answers.size() - check.winners() - taken;
        out.println();
        out.printf("  winners      : %d%n", check.winners());
        out.printf("  losers       : %d (told \"sorry, taken\")%s%n", taken,
                other > 0 ? ", plus " + other + " other answers" : "");
        out.printf("  errors       : %d%n", errors);
        for (Map.Entry<String, Integer> error : outcome.errors().entrySet()) {
            out.printf("                 %d x %s%n", error.getValue(), error.getKey());
        }
        out.printf("  store calls  : %d (tryBook and findSeat calls that reached the database)%n", storeCalls);
        if (check.passed()) {
            out.printf("  integrity    : OK (every seat has at most one owner; all %d wins are stored; %d seats booked)%n",
                    check.winners(), check.bookedSeats());
        } else {
            out.println("  integrity    : FAILED");
            check.problems().forEach(p -> out.println("                 " + p));
        }
        Histogram latency = outcome.latency();
        out.printf("  total time   : %.1f ms from the gate opening to the last answer%n",
                outcome.wallNanos() / 1e6);
        out.printf("  latency/call : p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getMaxValue() / 1e3);
    }
}

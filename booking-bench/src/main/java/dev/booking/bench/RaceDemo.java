package dev.booking.bench;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomSettings;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.Supplier;

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
            if (options.group() == 1) {
                out.printf("  race         : %d users, %d seat%s, released together from one gate%n",
                        options.users(), options.seats(), options.seats() == 1 ? "" : "s");
            } else {
                out.printf("  race         : %d users, each booking %d adjacent seats of %d, all or none,"
                        + " released together from one gate%n", options.users(), options.group(), options.seats());
            }
            out.printf("  pool         : %d connections%s%n", options.poolSize(),
                    options.waitingRoom() ? ", behind a waiting room" : "");
            out.println("  racing ...");
            return options.group() == 1 ? raceForSeats(options, store, seats, out) : raceForGroups(options, store, seats, out);
        }
    }

    private static int raceForSeats(RaceOptions options, CountingSeatRepository store, List<SeatId> seats,
                                    PrintStream out) throws InterruptedException {
        long callsBefore = store.calls();
        SeatRace.Outcome<BookingResult> outcome;
        if (options.waitingRoom()) {
            try (WaitingRoom room = WaitingRoom.builder(store)
                    .capacity(Math.max(options.users(), WaitingRoomSettings.DEFAULT_CAPACITY))
                    .workers(options.poolSize())
                    .deadline(Duration.ofMinutes(2))
                    .build()) {
                outcome = SeatRace.run(options.users(), booking(seats, room.asRepository()), out);
            }
        } else {
            outcome = SeatRace.run(options.users(), booking(seats, store), out);
        }
        long storeCalls = store.calls() - callsBefore;

        int errors = outcome.errorCount();
        IntegrityCheck check = IntegrityCheck.of(outcome.results(), store.listSeats(seats.get(0).show()), errors);
        report(out, outcome, check, errors, storeCalls);
        if (!check.passed()) {
            return 1;
        }
        return errors > 0 ? 3 : 0;
    }

    /** Caller i books seat i mod S as user i. */
    private static IntFunction<Supplier<BookingResult>> booking(List<SeatId> seats, SeatRepository repository) {
        return caller -> {
            SeatId seat = seats.get(caller % seats.size());
            UserId user = UserId.of("user-" + caller);
            return () -> repository.tryBook(seat, user);
        };
    }

    private static int raceForGroups(RaceOptions options, CountingSeatRepository store, List<SeatId> seats,
                                     PrintStream out) throws InterruptedException {
        ShowId show = seats.get(0).show();
        List<String> numbers = seats.stream().map(SeatId::number).toList();
        Random random = new Random(42); // the same requests every run, so runs compare
        List<ClaimRequest> requests = new ArrayList<>(options.users());
        for (int caller = 0; caller < options.users(); caller++) {
            int from = random.nextInt(numbers.size() - options.group() + 1);
            requests.add(ClaimRequest.book(show, UserId.of("family-" + caller),
                    numbers.subList(from, from + options.group())));
        }
        long callsBefore = store.calls();
        SeatRace.Outcome<ClaimResult> outcome = SeatRace.run(options.users(),
                caller -> () -> store.claim(requests.get(caller)), out);
        long storeCalls = store.calls() - callsBefore;

        int errors = outcome.errorCount();
        GroupIntegrityCheck check = GroupIntegrityCheck.of(requests, outcome.results(), store.listSeats(show));
        long unavailable = outcome.results().stream().filter(r -> r instanceof ClaimResult.Unavailable).count();
        out.println();
        out.printf("  groups won   : %d (%d seats booked of %d)%n", check.groupsWon(), check.bookedSeats(),
                options.seats());
        out.printf("  groups lost  : %d (told which seats were unavailable; nothing of theirs was kept)%n",
                unavailable);
        reportErrors(out, outcome, errors);
        out.printf("  store calls  : %d%n", storeCalls);
        if (check.passed()) {
            out.printf("  integrity    : OK (no seat in two groups; all %d groups stored whole; no partial group)%n",
                    check.groupsWon());
        } else {
            out.println("  integrity    : FAILED");
            check.problems().forEach(p -> out.println("                 " + p));
        }
        reportTimes(out, outcome);
        if (!check.passed()) {
            return 1;
        }
        return errors > 0 ? 3 : 0;
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

    private static void report(PrintStream out, SeatRace.Outcome<BookingResult> outcome, IntegrityCheck check,
                               int errors, long storeCalls) {
        List<BookingResult> answers = outcome.results().stream().filter(Objects::nonNull).toList();
        long taken = answers.stream().filter(r -> r instanceof BookingResult.Taken).count();
        long other = answers.size() - check.winners() - taken;
        out.println();
        out.printf("  winners      : %d%n", check.winners());
        out.printf("  losers       : %d (told \"sorry, taken\")%s%n", taken,
                other > 0 ? ", plus " + other + " other answers" : "");
        reportErrors(out, outcome, errors);
        out.printf("  store calls  : %d (tryBook and findSeat calls that reached the database)%n", storeCalls);
        if (check.passed()) {
            out.printf("  integrity    : OK (every seat has at most one owner; all %d wins are stored; %d seats booked)%n",
                    check.winners(), check.bookedSeats());
        } else {
            out.println("  integrity    : FAILED");
            check.problems().forEach(p -> out.println("                 " + p));
        }
        reportTimes(out, outcome);
    }

    private static void reportErrors(PrintStream out, SeatRace.Outcome<?> outcome, int errors) {
        out.printf("  errors       : %d%n", errors);
        for (Map.Entry<String, Integer> error : outcome.errors().entrySet()) {
            out.printf("                 %d x %s%n", error.getValue(), error.getKey());
        }
    }

    private static void reportTimes(PrintStream out, SeatRace.Outcome<?> outcome) {
        Histogram latency = outcome.latency();
        out.printf("  total time   : %.1f ms from the gate opening to the last answer%n",
                outcome.wallNanos() / 1e6);
        out.printf("  latency/call : p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
                latency.getMaxValue() / 1e3);
    }
}

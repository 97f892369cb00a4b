package dev.booking.bench;

import dev.booking.bench.notify.MailCheck;
import dev.booking.bench.notify.MailServer;
import dev.booking.bench.notify.Notifications;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.queue.waitingroom.WaitingRoom;
import dev.booking.queue.waitingroom.WaitingRoomSettings;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The race mode ({@code ./race}): creates a show, lets N users race for S seats (or for groups of
 * adjacent seats) in one {@link Round}, and prints winners, losers, errors, the {@link Integrity}
 * check of what was stored, the total time and per-call latency. See {@link RaceOptions#USAGE} for
 * the options and exit statuses.
 */
final class RaceDemo {

    /** The table, or collection, the demo races in. */
    static final String TABLE = "booking_race_demo";

    /** The embedded H2 database's name; served over TCP to worker processes of a queued race. */
    static final String H2_NAME = "race-demo";

    /** How long the callers may take; progress is printed meanwhile, and those still out count as errors. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(10);

    private RaceDemo() {
    }

    /**
     * Runs one race and prints its report, then drops the demo's table unless {@link RaceOptions#keep()};
     * returns the exit status.
     *
     * @throws StoreUnreachableException if the store could not be connected to; nothing was written
     */
    static int run(RaceOptions options, PrintStream out) {
        try (Store store = open(options)) {
            try {
                return race(store, options, out);
            } finally {
                out.println("  cleanup      : " + cleanUp(store, options));
            }
        }
    }

    private static int race(Store store, RaceOptions options, PrintStream out) {
        if (options.queue() != null) {
            return LineRace.race(store, options, out);
        }
        if (!options.notices()) {
            return race(store, store.repository(), null, options, out);
        }
        SeatRepository repository = store.repositoryWithOutbox(); // creates the outbox before the relay reads it
        try (Notifications notifications = Notifications.start(store.outbox())) {
            return race(store, repository, notifications, options, out);
        }
    }

    private static int race(Store store, SeatRepository repository, Notifications notifications, RaceOptions options,
                            PrintStream out) {
        CountingSeatRepository counted = new CountingSeatRepository(repository);
        ShowId show = new ShowIds("race").next();
        store.addEmptySeats(show, options.seats());

        out.println("booking race demo");
        out.println("  store        : " + store.description());
        if (options.group() == 1) {
            out.printf("  race         : %d users, %d seat%s, released together from one gate%n",
                    options.users(), options.seats(), options.seats() == 1 ? "" : "s");
        } else {
            out.printf("  race         : %d users, each booking %d adjacent seats of %d, all or none,"
                    + " released together from one gate%n", options.users(), options.group(), options.seats());
        }
        out.printf("  pool         : %d connections%s%n", options.poolSize(),
                options.waitingRoom() ? ", behind a waiting room" : "");
        if (notifications != null) {
            out.println("  notify       : " + notifications.description());
        }
        out.println("  racing ...");

        ErrorTally errors = new ErrorTally();
        long callsBefore = counted.calls();
        AtomicLong firstCall = new AtomicLong(Long.MAX_VALUE); // the gate opens as the first caller calls
        List<Call> calls;
        Round round;
        if (options.group() > 1) {
            List<ClaimRequest> requests = groupRequests(options, show);
            calls = requests.stream().map(Call::claim).toList();
            round = Round.run(calls.size(), timed(firstCall, caller -> Answer.of(counted.claim(requests.get(caller)))),
                    ANSWER_TIMEOUT, errors, out);
        } else {
            List<SeatId> seats = ShowIds.seats(show, options.seats());
            List<Call> bookings = new ArrayList<>(options.users());
            for (int caller = 0; caller < options.users(); caller++) {
                bookings.add(Call.booking(seats.get(caller % seats.size()), UserId.of("user-" + caller)));
            }
            calls = bookings;
            if (options.waitingRoom()) {
                try (WaitingRoom room = WaitingRoom.builder(counted)
                        .capacity(Math.max(options.users(), WaitingRoomSettings.DEFAULT_CAPACITY))
                        .workers(options.poolSize())
                        .deadline(Duration.ofMinutes(2))
                        .build()) {
                    round = bookEach(calls, room.asRepository(), firstCall, errors, out);
                }
            } else {
                round = bookEach(calls, counted, firstCall, errors, out);
            }
        }
        long storeCalls = counted.calls() - callsBefore;
        Integrity integrity = Integrity.of(calls, round.answers(), store.repository().listSeats(show));
        long failed = errors.total() + round.unanswered();
        report(options, round, integrity, errors, storeCalls, out);
        boolean mailOk = notifications == null || mailed(notifications, calls, round.answers(), firstCall.get(), out);
        if (!integrity.brokenPromises().isEmpty() || !mailOk) {
            return 1;
        }
        return failed > 0 ? 3 : 0;
    }

    /**
     * Waits for the outbox to drain, then checks and prints what arrived: one "booked" message for each
     * winner and none for anybody else, whose answer came in the call. Returns whether all was well.
     */
    private static boolean mailed(Notifications notifications, List<Call> calls, List<Answer> answers, long gateNanos,
                                  PrintStream out) {
        Map<String, String> owed = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            Answer answer = answers.get(i);
            if (!answer.outcomeUnknown()) { // a call that threw may have won: its mail is not checked
                owed.put(MailServer.addressOf(calls.get(i).user().value()),
                        answer == Answer.WON ? MailCheck.label(Notice.Kind.BOOKED, null) : null);
            }
        }
        return notifications.report(gateNanos, owed, notifications.awaitDrained(out), out);
    }

    /** The call, noting in {@code firstCall} the earliest instant any caller made it: when the gate opened. */
    static IntFunction<Answer> timed(AtomicLong firstCall, IntFunction<Answer> call) {
        return caller -> {
            firstCall.accumulateAndGet(System.nanoTime(), Math::min);
            return call.apply(caller);
        };
    }

    /** Drops the demo's table, or says where it was kept; a failure to drop is reported, not thrown. */
    private static String cleanUp(Store store, RaceOptions options) {
        if (options.keep()) {
            boolean inMemory = options.backend().equals("h2")
                    || (options.backend().equals("mongo") && options.mongoUri() == null);
            return "kept " + store.container() + " (--keep)" + (inMemory ? ", in memory: it ends with this process" : "");
        }
        try {
            return store.drop();
        } catch (RuntimeException e) {
            return "could not drop " + store.container() + ": " + e.getMessage();
        }
    }

    private static Store open(RaceOptions options) {
        return switch (options.backend()) {
            case "h2" -> SqlStore.open(SqlStore.h2Url(H2_NAME), null, null, options.poolSize(), TABLE);
            case "jdbc" -> SqlStore.open(options.jdbcUrl(), options.dbUser(), options.dbPassword(), options.poolSize(),
                    TABLE);
            case "mongo" -> MongoStore.open(options.mongoUri(), options.poolSize(), TABLE);
            default -> throw new IllegalArgumentException("unknown backend " + options.backend());
        };
    }

    private static Round bookEach(List<Call> calls, SeatRepository repository, AtomicLong firstCall, ErrorTally errors,
                                  PrintStream out) {
        return Round.run(calls.size(), timed(firstCall, caller -> {
            Call call = calls.get(caller);
            return Answer.of(repository.tryBook(call.seats().get(0), call.user()));
        }), ANSWER_TIMEOUT, errors, out);
    }

    /** Each user asks for a group of adjacent seats starting at a random seat. */
    private static List<ClaimRequest> groupRequests(RaceOptions options, ShowId show) {
        List<String> numbers = ShowIds.numbers(options.seats());
        Random random = new Random(42); // the same requests every run, so runs compare
        List<ClaimRequest> requests = new ArrayList<>(options.users());
        for (int caller = 0; caller < options.users(); caller++) {
            int from = random.nextInt(numbers.size() - options.group() + 1);
            requests.add(ClaimRequest.book(show, UserId.of("family-" + caller),
                    numbers.subList(from, from + options.group())));
        }
        return requests;
    }

    private static void report(RaceOptions options, Round round, Integrity integrity, ErrorTally errors,
                               long storeCalls, PrintStream out) {
        long lost = round.answers().stream().filter(answer -> answer == Answer.LOST).count();
        out.println();
        if (options.group() == 1) {
            out.printf("  winners      : %d%n", integrity.won());
            out.printf("  losers       : %d (told \"sorry, taken\")%s%n", lost,
                    integrity.otherAnswers() > 0 ? ", plus " + integrity.otherAnswers() + " other answers" : "");
        } else {
            out.printf("  groups won   : %d (%d seats booked of %d)%n", integrity.won(), integrity.takenSeats(),
                    options.seats());
            out.printf("  groups lost  : %d (told which seats were unavailable; nothing of theirs was kept)%n", lost);
        }
        out.printf("  errors       : %d%n", errors.total() + round.unanswered());
        for (Map.Entry<String, Long> error : errors.samples().entrySet()) {
            out.printf("                 %d x %s%n", error.getValue(), error.getKey());
        }
        if (round.unanswered() > 0) {
            out.printf("                 %d x no answer within %d min%n", round.unanswered(), ANSWER_TIMEOUT.toMinutes());
        }
        if (options.group() == 1) {
            out.printf("  store calls  : %d (tryBook and findSeat calls that reached the database)%n", storeCalls);
        } else {
            out.printf("  store calls  : %d%n", storeCalls);
        }
        if (!integrity.brokenPromises().isEmpty()) {
            out.println("  integrity    : FAILED");
            integrity.brokenPromises().forEach(problem -> out.println("                 " + problem));
            integrity.examples().forEach(example -> out.println("                 " + example));
        } else if (options.group() == 1) {
            out.printf("  integrity    : OK (every seat has at most one owner; all %d wins are stored; %d seats booked)%n",
                    integrity.won(), integrity.takenSeats());
        } else {
            out.printf("  integrity    : OK (no seat in two groups; all %d groups stored whole; no partial group)%n",
                    integrity.won());
        }
        // two clocks, labelled, because with many more threads than cores they differ tenfold: a thread
        // may wait for a CPU long after the gate opened, and only the first clock counts that wait
        out.printf("  total time   : %.1f ms from the gate opening to the last answer%n", round.wallNanos() / 1e6);
        out.printf("  latency      : %s, from the gate opening to each answer%n", percentiles(round.sinceGateMicros()));
        out.println("                 (what a user waits who pressed \"Book\" as the gate opened; ./bench's hot seat"
                + " measures the same)");
        out.printf("  in the call  : %s, from each caller's thread starting its call to the answer%n",
                percentiles(round.callMicros()));
        out.printf("                 (leaves out the wait for a CPU before the thread ran: %d threads on %d cores)%n",
                round.answers().size(), Runtime.getRuntime().availableProcessors());
    }

    private static String percentiles(Histogram micros) {
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(99) / 1e3, micros.getMaxValue() / 1e3);
    }
}

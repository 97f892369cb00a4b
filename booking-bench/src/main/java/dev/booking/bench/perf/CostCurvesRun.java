package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The cost curves (issue 18): how the library's operations grow with the seats of a show and with the
 * users booking at once, on a store and on the in-memory reference ({@link InMemorySeatRepository})
 * side by side. One size is one fresh show: {@code addSeats} of all its seats in one call (timed),
 * {@code listSeats} a few times (each call timed), a tenth of the seats held for 1 ms and left to lapse
 * (not timed), {@code sweepExpiredHolds} at the contract's largest limit until it clears fewer than
 * that (timed), then {@code tryBook} on seats spread over the show, one at a time (each call timed):
 * the per-call cost that an index keeps from growing. Everything is checked against the store before
 * the show is dropped. A users level is a fresh show with as many users as the level, each with one booking
 * in flight at every moment on a bounded pool of threads (see {@link #withUsers}): the figures are
 * bookings per second and the latency of a booking from its submission, queueing included.
 */
final class CostCurvesRun {

    /** Variant of the in-memory reference, the baseline of every curve. */
    static final String MEMORY = "memory";
    /** The operations, the second word of a curve's variant, e.g. {@code library addSeats}. */
    static final String ADD = "addSeats";
    static final String LIST = "listSeats";
    static final String SWEEP = "sweepExpiredHolds";
    static final String BOOK = "tryBook";
    static final String USERS = "tryBook-users";
    /** A size or users level left out of a backend: the word after the implementation (see {@link #skipped}). */
    static final String SKIPPED = "skipped";
    /** The operations against seats per show, in table order. */
    static final List<String> SIZE_OPERATIONS = List.of(ADD, LIST, SWEEP, BOOK);

    /** Every tenth seat is held and left to lapse before the sweep. */
    static final int HELD_EVERY = 10;
    /** Lapsed holds read before and after the sweep, to see it changed them. */
    private static final int SWEEP_SAMPLE = 100;
    /** Holds short enough to have lapsed by the time the sweep runs. */
    private static final Duration LAPSING_HOLD = Duration.ofMillis(1);
    /** Hold requests per {@link OrderedClaims#claimInOrder} transaction while setting up the holds. */
    private static final int HOLD_REQUESTS_PER_BATCH = 20;
    /** The most threads the users' bookings run on. */
    static final int USER_THREADS = 64;
    /** How long the users' bookings may take before the run is declared stuck. */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private CostCurvesRun() {
    }

    /** The curve variant of an implementation ({@code library} or {@code memory}) and an operation. */
    static String variant(String implementation, String operation) {
        return implementation + " " + operation;
    }

    /** The repository an implementation names on this session: the store's, or a fresh in-memory one. */
    static SeatRepository repository(Session session, String implementation) {
        return implementation.equals(MEMORY) ? new InMemorySeatRepository() : session.store().repository();
    }

    /**
     * Measures every operation at one size on a fresh show and removes the show.
     *
     * @param session        the backend's session
     * @param implementation {@link Variants#LIBRARY} (the store's repository) or {@link #MEMORY}
     * @param seats          seats of the show
     * @param sizes          how many calls to time
     * @param pairKey        the A/B pair: the memory run follows the library run at the same size
     * @return one result per operation of {@link #SIZE_OPERATIONS}, in that order
     */
    static List<RunResult> atSize(Session session, String implementation, int seats, CurveSizes sizes,
                                  String pairKey) {
        return atSize(session, implementation, repository(session, implementation), seats, sizes, pairKey);
    }

    /**
     * The same on a given repository (a test's broken one); the show is dropped from the session's store
     * unless {@code implementation} is {@link #MEMORY}.
     */
    static List<RunResult> atSize(Session session, String implementation, SeatRepository repository, int seats,
                                  CurveSizes sizes, String pairKey) {
        boolean library = !implementation.equals(MEMORY);
        ShowId show = session.shows().next();
        List<String> numbers = ShowIds.numbers(seats);
        String backend = session.kind().id();
        Integrity none = Integrity.of(List.of(), List.of(), List.of());
        try {
            long start = System.nanoTime();
            repository.addSeats(show, numbers);
            long addNanos = System.nanoTime() - start;
            Histogram addLatency = histogram(addNanos);

            ErrorTally listProblems = new ErrorTally();
            Histogram listLatency = new Histogram(3);
            long listNanos = 0;
            for (int call = 0; call < sizes.listCalls(); call++) {
                long listStart = System.nanoTime();
                List<SeatState> listed = repository.listSeats(show);
                long took = System.nanoTime() - listStart;
                listNanos += took;
                listLatency.recordValue(Math.max(1, took / 1000));
                long empty = listed.stream().filter(SeatState::isEmpty).count();
                if (listed.size() != seats || empty != seats) {
                    listProblems.record("listed " + listed.size() + " seats, " + empty + " empty, after adding "
                            + seats, 1);
                }
            }

            List<SeatId> held = new ArrayList<>();
            for (int i = 0; i < seats; i += HELD_EVERY) {
                held.add(show.seat(numbers.get(i)));
            }
            ErrorTally sweepProblems = new ErrorTally();
            int holdsMade = hold(repository, show, held, sweepProblems);
            Thread.sleep(20); // the holds last 1 ms by the store's clock: lapsed well before the sweep
            // a lapsed hold already reads as empty; only its version tells whether the sweep cleared it
            Map<SeatId, Long> versionsBefore = new HashMap<>();
            for (int i = 0; i < held.size(); i += Math.max(1, held.size() / SWEEP_SAMPLE)) {
                SeatId seat = held.get(i);
                repository.findSeat(seat).ifPresent(state -> versionsBefore.put(seat, state.version()));
            }
            Histogram sweepLatency = new Histogram(3);
            long sweepNanos = 0;
            long swept = 0;
            int cleared;
            do {
                long sweepStart = System.nanoTime();
                cleared = repository.sweepExpiredHolds(SeatRepository.MAX_SWEEP_LIMIT);
                long took = System.nanoTime() - sweepStart;
                sweepNanos += took;
                sweepLatency.recordValue(Math.max(1, took / 1000));
                swept += cleared;
            } while (cleared == SeatRepository.MAX_SWEEP_LIMIT);
            // the table is shared with other runs, which may leave lapsed holds of their own: at least ours
            if (swept < holdsMade) {
                sweepProblems.record("swept " + swept + " holds of the " + holdsMade + " lapsed", 1);
            }
            long unswept = versionsBefore.entrySet().stream().filter(seat -> repository.findSeat(seat.getKey())
                    .map(state -> !state.isEmpty() || state.version() <= seat.getValue()).orElse(true)).count();
            if (unswept > 0) {
                sweepProblems.record(unswept + " of " + versionsBefore.size() + " lapsed holds sampled not cleared by"
                        + " the sweep", 1);
            }

            int bookCalls = Math.min(sizes.bookCalls(), seats / 2);
            int stride = seats / bookCalls;
            UserId user = UserId.of("curve-user");
            List<Call> calls = new ArrayList<>();
            List<Answer> answers = new ArrayList<>();
            ErrorTally bookErrors = new ErrorTally();
            Histogram bookLatency = new Histogram(3);
            long bookNanos = 0;
            for (int i = 0; i < bookCalls; i++) {
                SeatId seat = show.seat(numbers.get(i * stride + 1)); // +1: not a seat that was held
                long bookStart = System.nanoTime();
                Answer answer;
                try {
                    answer = Answer.of(repository.tryBook(seat, user));
                } catch (RuntimeException e) {
                    bookErrors.record(e);
                    answer = Answer.FAILED;
                }
                long took = System.nanoTime() - bookStart;
                bookNanos += took;
                bookLatency.recordValue(Math.max(1, took / 1000));
                calls.add(Call.booking(seat, user));
                answers.add(answer);
            }

            List<SeatState> stored = repository.listSeats(show);
            Map<SeatId, SeatState> bySeat = new HashMap<>();
            stored.forEach(state -> bySeat.put(state.seat(), state));
            long stillHeld = held.stream().filter(seat -> bySeat.get(seat) == null || !bySeat.get(seat).isEmpty())
                    .count();
            if (stillHeld > 0) {
                sweepProblems.record(stillHeld + " of " + held.size() + " lapsed holds not free after the sweep", 1);
            }
            if (stored.size() != seats) {
                bookErrors.record(stored.size() + " seats stored after adding " + seats, 1);
            }
            // one call per seat: each must have won, and no seat beyond them may be taken
            Integrity integrity = Integrity.of(calls, answers, stored);

            String key = pairKey + (library ? "" : " " + MEMORY);
            return List.of(
                    result(backend, implementation, ADD, seats, key, seats, addNanos, addLatency, new ErrorTally(),
                            none),
                    result(backend, implementation, LIST, seats, key, sizes.listCalls(), listNanos, listLatency,
                            listProblems, none),
                    result(backend, implementation, SWEEP, seats, key, swept, sweepNanos, sweepLatency, sweepProblems,
                            none),
                    result(backend, implementation, BOOK, seats, key, bookCalls, bookNanos, bookLatency, bookErrors,
                            integrity));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (library) {
                session.store().dropShow(show);
            }
        }
    }

    /**
     * {@code users} users, each with a booking in flight at every moment: all submit at once, and each
     * submits its next booking, for the next of its own seats, as soon as the previous one is answered
     * (a closed loop without think time). The bookings run on a bounded pool of at most
     * {@value #USER_THREADS} threads (10,000 platform threads would measure the scheduler of a
     * two-core machine, not the store), so a booking's latency runs from its submission, waiting in the
     * pool's queue and for a pooled connection included. Checked and removed afterwards.
     *
     * @return the result, {@code concurrency} being the users
     */
    static RunResult withUsers(Session session, String implementation, int users, CurveSizes sizes, String pairKey)
            throws InterruptedException {
        SeatRepository repository = repository(session, implementation);
        boolean library = !implementation.equals(MEMORY);
        int seatCount = sizes.bookings(users);
        int perUser = seatCount / users;
        ShowId show = session.shows().next();
        if (library) {
            session.store().addEmptySeats(show, seatCount);
        } else {
            repository.addSeats(show, ShowIds.numbers(seatCount));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(users, USER_THREADS));
        try {
            List<SeatId> seats = ShowIds.seats(show, seatCount);
            Answer[] answers = new Answer[seatCount];
            ErrorTally errors = new ErrorTally();
            Histogram latency = new ConcurrentHistogram(3);
            CountDownLatch answered = new CountDownLatch(seatCount);
            long start = System.nanoTime();
            for (int user = 0; user < users; user++) {
                submit(pool, new UserBooking(repository, seats, answers, user, perUser, latency, errors, answered),
                        0);
            }
            if (!answered.await(STUCK_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(answered.getCount() + " of " + seatCount + " bookings of " + users
                        + " users unanswered after " + STUCK_AFTER);
            }
            long wall = System.nanoTime() - start;
            List<Call> calls = new ArrayList<>();
            List<Answer> told = new ArrayList<>();
            for (int i = 0; i < seatCount; i++) {
                calls.add(Call.booking(seats.get(i), UserId.of("user-" + i / perUser)));
                told.add(answers[i] == null ? Answer.UNANSWERED : answers[i]);
            }
            Integrity integrity = Integrity.of(calls, told, repository.listSeats(show));
            return result(session.kind().id(), implementation, USERS, users,
                    pairKey + (library ? "" : " " + MEMORY), seatCount, wall, latency, errors, integrity);
        } finally {
            pool.shutdownNow();
            if (library) {
                session.store().dropShow(show);
            }
        }
    }

    /** One user's bookings: its seats, one after the other, each submitted when the one before is answered. */
    private record UserBooking(SeatRepository repository, List<SeatId> seats, Answer[] answers, int user, int perUser,
                               Histogram latency, ErrorTally errors, CountDownLatch answered) {
    }

    private static void submit(ExecutorService pool, UserBooking booking, int call) {
        long submitted = System.nanoTime();
        pool.execute(() -> {
            int i = booking.user() * booking.perUser() + call;
            Answer answer;
            try {
                answer = Answer.of(booking.repository().tryBook(booking.seats().get(i),
                        UserId.of("user-" + booking.user())));
            } catch (RuntimeException e) {
                booking.errors().record(e);
                answer = Answer.FAILED;
            }
            booking.latency().recordValue(Math.max(1, (System.nanoTime() - submitted) / 1000));
            booking.answers()[i] = answer;
            if (call + 1 < booking.perUser()) {
                submit(pool, booking, call + 1);
            }
            booking.answered().countDown(); // after the answer is stored: the latch publishes it
        });
    }

    /**
     * A size or users level left out of a backend, with the reason, so that the tables say so: its
     * variant is {@code <implementation> skipped <operation>} ({@link #ADD} for a size, {@link #USERS}).
     */
    static RunResult skipped(Session session, String implementation, String operation, int size, String reason) {
        return new RunResult(Workload.CURVES, session.kind().id(), variant(implementation, SKIPPED + " " + operation),
                size, "skipped",
                0, 0, new Histogram(3), null, Map.of(reason, 0L), 0, Integrity.of(List.of(), List.of(), List.of()), -1);
    }

    /**
     * Holds {@code seats} for 1 ms, a hundred per request ({@link ClaimRequest#MAX_SEATS}), in batches
     * of requests where the repository decides batches; returns the seats held.
     */
    private static int hold(SeatRepository repository, ShowId show, List<SeatId> seats, ErrorTally problems) {
        List<ClaimRequest> requests = new ArrayList<>();
        for (int from = 0; from < seats.size(); from += ClaimRequest.MAX_SEATS) {
            List<String> numbers = seats.subList(from, Math.min(seats.size(), from + ClaimRequest.MAX_SEATS))
                    .stream().map(SeatId::number).toList();
            requests.add(ClaimRequest.hold(show, UserId.of("curve-holder-" + from), LAPSING_HOLD, numbers));
        }
        List<ClaimResult> results = new ArrayList<>();
        if (repository instanceof OrderedClaims batches) {
            for (int from = 0; from < requests.size(); from += HOLD_REQUESTS_PER_BATCH) {
                results.addAll(batches.claimInOrder(requests.subList(from,
                        Math.min(requests.size(), from + HOLD_REQUESTS_PER_BATCH))));
            }
        } else {
            requests.forEach(request -> results.add(repository.claim(request)));
        }
        int held = 0;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof ClaimResult.Claimed) {
                held += requests.get(i).seatNumbers().size();
            } else {
                problems.record("hold not made: " + results.get(i), 1);
            }
        }
        return held;
    }

    private static Histogram histogram(long nanos) {
        Histogram histogram = new Histogram(3);
        histogram.recordValue(Math.max(1, nanos / 1000));
        return histogram;
    }

    private static RunResult result(String backend, String implementation, String operation, int size, String pairKey,
                                    long operations, long nanos, Histogram latency, ErrorTally errors,
                                    Integrity integrity) {
        return new RunResult(Workload.CURVES, backend, variant(implementation, operation), size, pairKey, operations,
                nanos, latency, null, errors.samples(), errors.total(), integrity, -1);
    }
}

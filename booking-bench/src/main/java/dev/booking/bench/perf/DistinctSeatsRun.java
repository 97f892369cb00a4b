package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.bench.Store;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.tck.Race;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The distinct-seats workload: {@code concurrency} clients, released together by the kit's
 * {@link Race}, in a closed loop, each call booking the next free seat of a fresh show, until the run
 * time is up or the seats run out. Latency is service time as a closed-loop client sees it (the next
 * call starts when the previous one returns).
 */
final class DistinctSeatsRun {

    /** How long to wait for the last call after the run time before declaring the run stuck. */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private DistinctSeatsRun() {
    }

    /**
     * Adds {@code seatCount} empty seats, runs, checks the result against the store, and removes the seats.
     *
     * @param session     the backend's session: its store, show ids and name
     * @param approach    the variant under test
     * @param concurrency client threads
     * @param seatCount   seats to prepare: enough for the run time at the expected rate
     * @param runTime     how long to keep calling
     * @param pairKey     the A/B pair this run belongs to
     */
    static RunResult run(Session session, Approach approach, int concurrency, int seatCount, Duration runTime,
                         String pairKey) {
        return run(Workload.DISTINCT_SEATS, session, approach, concurrency, seatCount, runTime, pairKey);
    }

    /** The same, filed under {@code workload} (the line's batch workload pairs the direct path with the line). */
    static RunResult run(Workload workload, Session session, Approach approach, int concurrency, int seatCount,
                         Duration runTime, String pairKey) {
        return run(workload, session, approach, concurrency, seatCount, runTime, pairKey, winners -> List.of());
    }

    /** A check of what a run left beside the seats (the outbox's notices), made before the show is removed. */
    @FunctionalInterface
    interface AfterRun {
        /**
         * What is wrong, one phrase each; empty when all is well.
         *
         * @param winners every seat booked in the run, with the caller told it won it
         */
        List<String> problems(Map<SeatId, UserId> winners);
    }

    /**
     * The same, with {@code afterRun}'s problems counted as failures of the run: the library's
     * integrity then fails as it does for a double booking.
     */
    static RunResult run(Workload workload, Session session, Approach approach, int concurrency, int seatCount,
                         Duration runTime, String pairKey, AfterRun afterRun) {
        Store store = session.store();
        ShowId show = session.shows().next();
        store.addEmptySeats(show, seatCount);
        try {
            List<SeatId> seats = ShowIds.seats(show, seatCount);
            UserId[] users = new UserId[concurrency];
            for (int i = 0; i < concurrency; i++) {
                users[i] = UserId.of("client-" + i);
            }
            Answer[] answers = new Answer[seatCount]; // null: not tried
            int[] callerOf = new int[seatCount];
            ErrorTally errors = new ErrorTally();
            AtomicInteger next = new AtomicInteger();
            AtomicLong deadline = new AtomicLong(); // set at the gate, before it opens: the gate publishes it
            List<Race.Attempt<Histogram>> clients;
            try {
                clients = Race.run(concurrency, client -> () -> {
                    Histogram latency = new Histogram(3);
                    while (true) {
                        int i = next.getAndIncrement();
                        long start = System.nanoTime();
                        if (i >= seatCount || start - deadline.get() >= 0) {
                            return latency;
                        }
                        Answer answer;
                        try {
                            answer = approach.book(seats.get(i), users[client]);
                        } catch (RuntimeException e) {
                            errors.record(e);
                            answer = Answer.FAILED;
                        }
                        latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                        answers[i] = answer;
                        callerOf[i] = client;
                    }
                }, runTime.plus(STUCK_AFTER), () -> deadline.set(System.nanoTime() + runTime.toNanos()));
            } catch (AssertionError e) {
                throw new IllegalStateException(approach.name() + " got stuck: " + e.getMessage(), e);
            }
            long wall = System.nanoTime() - (deadline.get() - runTime.toNanos());

            Histogram latency = new Histogram(3);
            for (Race.Attempt<Histogram> client : clients) {
                if (client.failure() != null) {
                    errors.record(client.failure());
                } else {
                    latency.add(client.value());
                }
            }
            List<Call> calls = new ArrayList<>();
            List<Answer> told = new ArrayList<>();
            for (int i = 0; i < seatCount; i++) {
                if (answers[i] != null) {
                    calls.add(Call.booking(seats.get(i), users[callerOf[i]]));
                    told.add(answers[i]);
                }
            }
            // one caller per seat: a seat without exactly one winner is a free seat lost, which is a fault here
            Integrity integrity = Integrity.of(calls, told, store.repository().listSeats(show));
            Map<SeatId, UserId> winners = new HashMap<>();
            for (int i = 0; i < seatCount; i++) {
                if (answers[i] == Answer.WON) {
                    winners.put(seats.get(i), users[callerOf[i]]);
                }
            }
            Map<String, Long> failures = new LinkedHashMap<>(errors.samples());
            long failed = errors.total();
            for (String problem : afterRun.problems(winners)) {
                failures.merge(problem, 1L, Long::sum);
                failed++;
            }
            return new RunResult(workload, session.kind().id(), approach.name(), concurrency, pairKey,
                    integrity.callers(), wall, latency, null, failures, failed, integrity, -1);
        } finally {
            store.dropShow(show);
        }
    }
}

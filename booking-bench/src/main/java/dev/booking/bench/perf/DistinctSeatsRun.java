package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The distinct-seats workload: {@code concurrency} threads in a closed loop, each call booking the next
 * free seat of a fresh show, until the run time is up or the seats run out. Latency is service time as
 * a closed-loop client sees it (the next call starts when the previous one returns).
 */
final class DistinctSeatsRun {

    /** How long to wait for the last call after the run time before declaring the run stuck. */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(2);

    private DistinctSeatsRun() {
    }

    /**
     * Adds {@code seatCount} empty seats, runs, checks the result against the store, and removes the seats.
     *
     * @param backend     the store
     * @param approach    the variant under test
     * @param concurrency client threads
     * @param seatCount   seats to prepare: enough for the run time at the expected rate
     * @param runTime     how long to keep calling
     * @param pairKey     the A/B pair this run belongs to
     * @param shows       where the run's show id comes from
     */
    static RunResult run(Backend backend, Approach approach, int concurrency, int seatCount, Duration runTime,
                         String pairKey, ShowIds shows) throws InterruptedException {
        ShowId show = shows.next();
        List<String> numbers = ShowIds.numbers(seatCount);
        backend.addEmptySeats(show, seatCount);
        try {
            SeatId[] seats = ShowIds.seats(show, numbers);
            UserId[] users = new UserId[concurrency];
            for (int i = 0; i < concurrency; i++) {
                users[i] = UserId.of("client-" + i);
            }
            byte[] outcomes = new byte[seatCount];
            int[] callerOf = new int[seatCount];
            Histogram[] latencies = new Histogram[concurrency];
            ErrorTally errors = new ErrorTally();
            long wall = drive(approach, seats, users, outcomes, callerOf, latencies, errors, runTime);

            Histogram latency = new Histogram(3);
            for (Histogram h : latencies) {
                latency.add(h);
            }
            Integrity integrity = check(StoredOwners.of(backend.repository(), show), seats, users, outcomes, callerOf);
            return new RunResult(Workload.DISTINCT_SEATS, backend.kind().id(), approach.name(), concurrency, pairKey,
                    integrity.callers(), wall, latency, null, errors.samples(), errors.total(), integrity, -1);
        } finally {
            backend.dropShow(show);
        }
    }

    private static long drive(Approach approach, SeatId[] seats, UserId[] users, byte[] outcomes, int[] callerOf,
                              Histogram[] latencies, ErrorTally errors, Duration runTime) throws InterruptedException {
        int clients = users.length;
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        AtomicInteger next = new AtomicInteger();
        long[] deadline = new long[1]; // written before the gate opens; the latch publishes it
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                Histogram latency = new Histogram(3);
                try {
                    ready.countDown();
                    gate.await();
                    while (true) {
                        int i = next.getAndIncrement();
                        long start = System.nanoTime();
                        if (i >= seats.length || start - deadline[0] >= 0) {
                            break;
                        }
                        byte outcome;
                        try {
                            outcome = Outcomes.of(approach.book(seats[i], users[client]));
                        } catch (RuntimeException e) {
                            errors.record(e);
                            outcome = Outcomes.FAILED;
                        }
                        latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                        outcomes[i] = outcome;
                        callerOf[i] = client;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[client] = latency;
                    done.countDown();
                }
            }, "bench-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + runTime.toNanos();
        gate.countDown();
        if (!done.await(runTime.plus(STUCK_AFTER).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(approach.name() + ": " + done.getCount() + " clients still busy "
                    + STUCK_AFTER.toSeconds() + " s after the run time");
        }
        return System.nanoTime() - start;
    }

    private static Integrity check(Map<String, String> stored, SeatId[] seats, UserId[] users, byte[] outcomes,
                                   int[] callerOf) {
        long tried = 0;
        long answered = 0;
        long won = 0;
        long other = 0;
        long unstored = 0;
        for (int i = 0; i < outcomes.length; i++) {
            byte outcome = outcomes[i];
            if (outcome == Outcomes.NOT_TRIED) {
                continue;
            }
            tried++;
            if (outcome != Outcomes.FAILED) {
                answered++;
            }
            if (outcome == Outcomes.OTHER) {
                other++;
            }
            if (outcome == Outcomes.WON) {
                won++;
                if (!users[callerOf[i]].value().equals(stored.get(seats[i].number()))) {
                    unstored++;
                }
            }
        }
        // one caller per seat, so a seat has one winner exactly when its caller won; a free seat lost is a fault
        return new Integrity((int) tried, tried, answered, 0, won, (int) won, 0, unstored, other);
    }
}

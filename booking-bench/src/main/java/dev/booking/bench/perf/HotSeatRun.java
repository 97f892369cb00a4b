package dev.booking.bench.perf;

import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The hot-seat workload: {@code callers} threads, each a different user, released from one gate to book
 * the same seat; when all have their answer, the next round starts on the next seat. Records each
 * caller's latency, each round's time until the last answer, and how many callers each round told "you
 * won". A caller's latency runs from the moment the gate opens, as if all pressed "Book" at that instant:
 * time spent waiting for a CPU or a pooled connection before the call is part of what the caller waits.
 */
final class HotSeatRun {

    private HotSeatRun() {
    }

    /**
     * Adds one seat per round, races, checks every round against the store, and removes the seats.
     *
     * @param workload      the workload the result is filed under
     * @param backend       the store
     * @param approach      the variant under test
     * @param callers       callers per seat
     * @param rounds        seats, raced one after the other
     * @param pairKey       the A/B pair this run belongs to
     * @param shows         where the run's show id comes from
     * @param answerTimeout how long a round may take before the run gives up and reports the unanswered
     */
    static RunResult run(Workload workload, Backend backend, Approach approach, int callers, int rounds,
                         String pairKey, ShowIds shows, Duration answerTimeout) throws InterruptedException {
        ShowId show = shows.next();
        List<String> numbers = ShowIds.numbers(rounds);
        backend.repository().addSeats(show, numbers);
        try {
            SeatId[] seats = ShowIds.seats(show, numbers);
            UserId[] users = new UserId[callers];
            for (int i = 0; i < callers; i++) {
                users[i] = UserId.of("caller-" + i);
            }
            byte[][] outcomes = new byte[rounds][callers];
            long[][] micros = new long[rounds][callers];
            ErrorTally errors = new ErrorTally();
            Race race = new Race(approach, seats, users, outcomes, micros, errors);
            long[] roundNanos = race.run(answerTimeout);

            Histogram latency = new Histogram(3);
            Histogram roundTimes = new Histogram(3);
            long wall = 0;
            long completed = 0;
            for (int r = 0; r < race.roundsRun; r++) {
                roundTimes.recordValue(Math.max(1, roundNanos[r] / 1000));
                wall += roundNanos[r];
                for (int i = 0; i < callers; i++) {
                    if (outcomes[r][i] != Outcomes.NOT_TRIED) {
                        latency.recordValue(Math.max(1, micros[r][i]));
                        completed++;
                    }
                }
            }
            Integrity integrity = check(StoredOwners.of(backend.repository(), show), seats, users, outcomes,
                    race.roundsRun, race.unanswered);
            return new RunResult(workload, backend.kind().id(), approach.name(), callers, pairKey, completed, wall,
                    latency, roundTimes, errors.samples(), errors.total(), integrity, -1);
        } finally {
            backend.dropShow(show);
        }
    }

    private static Integrity check(Map<String, String> stored, SeatId[] seats, UserId[] users, byte[][] outcomes,
                                   int roundsRun, long unanswered) {
        long callers = 0;
        long answered = 0;
        long won = 0;
        long other = 0;
        long doubleBookings = 0;
        long unstored = 0;
        int oneWinner = 0;
        for (int r = 0; r < roundsRun; r++) {
            String owner = stored.get(seats[r].number());
            int winners = 0;
            for (int i = 0; i < users.length; i++) {
                byte outcome = outcomes[r][i];
                callers++;
                if (outcome == Outcomes.NOT_TRIED || outcome == Outcomes.FAILED) {
                    continue;
                }
                answered++;
                if (outcome == Outcomes.OTHER) {
                    other++;
                } else if (outcome == Outcomes.WON) {
                    winners++;
                    if (!users[i].value().equals(owner)) {
                        unstored++;
                    }
                }
            }
            won += winners;
            doubleBookings += Math.max(0, winners - 1);
            oneWinner += winners == 1 ? 1 : 0;
        }
        return new Integrity(roundsRun, callers, answered, unanswered, won, oneWinner, doubleBookings, unstored,
                other);
    }

    /** The threads and gates of one run; rounds are raced strictly one after the other. */
    private static final class Race {

        private final Approach approach;
        private final SeatId[] seats;
        private final UserId[] users;
        private final byte[][] outcomes;
        private final long[][] micros;
        private final ErrorTally errors;
        private final CountDownLatch[] ready;
        private final CountDownLatch[] gate;
        private final CountDownLatch[] done;
        /** When each round's gate opened; written before the gate opens, so the latch publishes it. */
        private final long[] gateOpenedAt;
        private int roundsRun;
        private long unanswered;

        Race(Approach approach, SeatId[] seats, UserId[] users, byte[][] outcomes, long[][] micros,
             ErrorTally errors) {
            this.approach = approach;
            this.seats = seats;
            this.users = users;
            this.outcomes = outcomes;
            this.micros = micros;
            this.errors = errors;
            int rounds = seats.length;
            this.ready = new CountDownLatch[rounds];
            this.gate = new CountDownLatch[rounds];
            this.done = new CountDownLatch[rounds];
            this.gateOpenedAt = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                ready[r] = new CountDownLatch(users.length);
                gate[r] = new CountDownLatch(1);
                done[r] = new CountDownLatch(users.length);
            }
        }

        /** Races every round; returns each round's time from the gate to the last answer. */
        long[] run(Duration answerTimeout) throws InterruptedException {
            List<Thread> threads = new ArrayList<>(users.length);
            for (int i = 0; i < users.length; i++) {
                int caller = i;
                Thread thread = new Thread(() -> call(caller), "bench-caller-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
            long[] roundNanos = new long[seats.length];
            try {
                for (int r = 0; r < seats.length; r++) {
                    ready[r].await(); // every caller is past the previous round, so this is immediate
                    long start = System.nanoTime();
                    gateOpenedAt[r] = start;
                    gate[r].countDown();
                    boolean all = done[r].await(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    roundNanos[r] = System.nanoTime() - start;
                    roundsRun = r + 1;
                    if (!all) {
                        // give up on this run: what is still out is reported, not waited for
                        unanswered = done[r].getCount();
                        return roundNanos;
                    }
                }
                return roundNanos;
            } finally {
                if (unanswered > 0) {
                    threads.forEach(Thread::interrupt);
                }
            }
        }

        private void call(int caller) {
            try {
                for (int r = 0; r < seats.length; r++) {
                    ready[r].countDown();
                    gate[r].await();
                    byte outcome;
                    try {
                        outcome = Outcomes.of(approach.book(seats[r], users[caller]));
                    } catch (RuntimeException e) {
                        errors.record(e);
                        outcome = Outcomes.FAILED;
                    }
                    micros[r][caller] = (System.nanoTime() - gateOpenedAt[r]) / 1000;
                    outcomes[r][caller] = outcome;
                    done[r].countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

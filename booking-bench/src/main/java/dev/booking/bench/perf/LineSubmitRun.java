package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.bench.Store;
import dev.booking.bench.line.BrokerKind;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.Ticket;
import dev.booking.tck.Race;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The line-submit workload: {@code clients} threads, released together, submit requests to a fresh
 * line in a closed loop for the run time, while the line's workers decide them (so the line never
 * fills). Measures what a service instance pays per submit: the time until the broker has accepted
 * it durably by its own rules (RabbitMQ: a publisher confirm). Every request is a different user
 * going for the one seat of one of {@value #SHOWS} shows (one per partition); afterwards the run
 * waits until every ticket is final and checks them: one winner per show, every other refused.
 */
final class LineSubmitRun {

    /** Shows, and partitions of the line: the submits spread over them as a service's would. */
    static final int SHOWS = 4;
    /** How long to wait for the last submit after the run time before declaring the run stuck. */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(1);

    private LineSubmitRun() {
    }

    /**
     * Runs one measurement.
     *
     * @param session the backend's session: the store the workers decide on, the brokers
     * @param broker  the broker of the line
     * @param clients submitting threads
     * @param runTime how long to keep submitting
     * @param pairKey which repetition this run is
     */
    static RunResult run(Session session, BrokerKind broker, int clients, Duration runTime, String pairKey)
            throws InterruptedException {
        Store store = session.store();
        List<SeatId> seats = new ArrayList<>(SHOWS);
        for (int i = 0; i < SHOWS; i++) {
            ShowId show = session.shows().next();
            store.addEmptySeats(show, 1);
            seats.add(ShowIds.seats(show, 1).get(0));
        }
        try (BenchLine line = BenchLine.open(session, broker, SHOWS, LineWorkersDefaults.UNBOUNDED).startWorkers(2,
                LineWorkersDefaults.BATCH)) {
            ErrorTally errors = new ErrorTally();
            LongAdder busy = new LongAdder();
            AtomicLong deadline = new AtomicLong();
            List<Race.Attempt<Submitted>> attempts;
            try {
                attempts = Race.run(clients, client -> () -> {
                    Submitted mine = new Submitted(new Histogram(3), new ArrayList<>(), new ArrayList<>());
                    for (int k = 0; ; k++) {
                        long start = System.nanoTime();
                        if (start - deadline.get() >= 0) {
                            return mine;
                        }
                        SeatId seat = seats.get((client + k) % SHOWS);
                        UserId user = UserId.of("c" + client + "-" + k);
                        try {
                            Ticket ticket = line.submit(ClaimRequest.book(seat.show(), user, seat.number()), busy);
                            mine.calls().add(Call.booking(seat, user));
                            mine.tickets().add(ticket);
                        } catch (RuntimeException e) {
                            errors.record(e);
                        }
                        mine.latency().recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                    }
                }, runTime.plus(STUCK_AFTER), () -> deadline.set(System.nanoTime() + runTime.toNanos()));
            } catch (AssertionError e) {
                throw new IllegalStateException(BenchLine.variant(broker) + " got stuck: " + e.getMessage(), e);
            }
            long wall = System.nanoTime() - (deadline.get() - runTime.toNanos());

            Histogram latency = new Histogram(3);
            List<Call> calls = new ArrayList<>();
            List<Ticket> tickets = new ArrayList<>();
            for (Race.Attempt<Submitted> attempt : attempts) {
                if (attempt.failure() != null) {
                    errors.record(attempt.failure());
                } else {
                    latency.add(attempt.value().latency());
                    calls.addAll(attempt.value().calls());
                    tickets.addAll(attempt.value().tickets());
                }
            }
            if (busy.sum() > 0) {
                errors.record("busy (the line was full)", busy.sum());
            }
            line.awaitDecided(tickets.size(), LineWorkersDefaults.DRAIN_TIMEOUT);
            List<Answer> answers = line.answers(tickets);
            List<SeatState> stored = new ArrayList<>();
            seats.forEach(seat -> stored.addAll(store.repository().listSeats(seat.show())));
            Integrity integrity = Integrity.of(calls, answers, stored);
            return new RunResult(Workload.LINE_SUBMIT, session.kind().id(), BenchLine.variant(broker), clients, pairKey,
                    tickets.size(), wall, latency, null, errors.samples(), errors.total(), integrity, -1);
        } finally {
            seats.forEach(seat -> store.dropShow(seat.show()));
        }
    }

    /** One client's submits: its latencies, and each accepted request with its ticket. */
    private record Submitted(Histogram latency, List<Call> calls, List<Ticket> tickets) {
    }
}

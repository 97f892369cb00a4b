package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.line.BrokerKind;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The line's hot seat: {@code callers} users (one thread each), released together, go for one seat
 * through a fresh line, each submitting its request and then polling its ticket every 50 to 100 ms
 * (as a browser would, and as {@code ./race --queue} does) until it is final; one worker decides the
 * line on the session's store. The time until all are final is the round's time, as in
 * {@link HotSeatRun}, whose rounds, latency and integrity check this reuses; the same run also has
 * the direct {@code tryBook} and the in-process waiting room on the same workload, for comparison.
 */
final class LineHotSeatRun {

    /** The shortest and longest pause between two polls of a ticket. */
    private static final long MIN_POLL_MS = 50;
    private static final long MAX_POLL_MS = 100;
    /** How long a user polls before giving up on its ticket (the round then reports it unanswered). */
    private static final Duration TICKET_DEADLINE = Duration.ofMinutes(1);

    private LineHotSeatRun() {
    }

    /**
     * Races {@code rounds} seats, one after the other, through one line on {@code broker}.
     *
     * @param session the backend's session: the store the worker decides on, the brokers
     * @param broker  the broker of the line
     * @param callers users per seat
     * @param rounds  seats
     * @param pairKey which repetition this run is
     */
    static RunResult run(Session session, BrokerKind broker, int callers, int rounds, String pairKey) {
        try (BenchLine line = BenchLine.open(session, broker, 1, LineWorkersDefaults.UNBOUNDED).startWorkers(1,
                LineWorkersDefaults.BATCH)) {
            Approach approach = new Approach(BenchLine.variant(broker), (seat, user) -> submitAndPoll(line, seat, user));
            return HotSeatRun.run(Workload.LINE_HOT_SEAT, session, approach, callers, rounds, pairKey,
                    TICKET_DEADLINE.plus(Session.ANSWER_TIMEOUT));
        }
    }

    private static Answer submitAndPoll(BenchLine line, SeatId seat, UserId user) {
        long deadline = System.nanoTime() + TICKET_DEADLINE.toNanos();
        try {
            Ticket ticket = line.submit(ClaimRequest.book(seat.show(), user, seat.number()), new LongAdder());
            SharedLine front = line.front();
            while (true) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(MIN_POLL_MS, MAX_POLL_MS + 1));
                TicketStatus status = front.status(ticket);
                if (status.isFinal()) {
                    Answer answer = BenchLine.answer(status);
                    if (answer == Answer.FAILED) {
                        throw new IllegalStateException("ticket failed: " + status);
                    }
                    return answer;
                }
                if (System.nanoTime() - deadline > 0) {
                    return Answer.UNANSWERED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.UNANSWERED;
        }
    }
}

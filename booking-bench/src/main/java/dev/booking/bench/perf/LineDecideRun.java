package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.Call;
import dev.booking.bench.ErrorTally;
import dev.booking.bench.Integrity;
import dev.booking.bench.ShowIds;
import dev.booking.bench.Store;
import dev.booking.bench.line.BrokerKind;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.Ticket;
import dev.booking.tck.Race;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The line-decide workload: how fast ONE partition's worker decides. The line (one partition) is
 * filled first with {@code requests} requests, no worker running; then one worker thread starts, and
 * the run times it from its start until every ticket is settled. Winners: every request is for a
 * different free seat. Refusals: every request is for one seat that was booked (directly) before
 * the line was filled. The worker decides on the session's store, in batches of
 * {@value LineWorkersDefaults#BATCH} (one transaction per batch where the store offers
 * {@link dev.booking.core.OrderedClaims}). Every ticket is checked afterwards against the store.
 */
final class LineDecideRun {

    /** Threads filling the line before the worker starts; the filling is not timed. */
    private static final int FILLERS = 8;
    /** How long the filling may take. */
    private static final Duration FILL_TIMEOUT = Duration.ofMinutes(3);
    /** The owner of the seat the refusals go for. */
    private static final UserId OWNER = UserId.of("owner");

    private LineDecideRun() {
    }

    /** The variant name: {@code line-redis winners} or {@code line-redis refusals}. */
    static String variant(BrokerKind broker, boolean winners) {
        return BenchLine.variant(broker) + (winners ? " winners" : " refusals");
    }

    /**
     * Runs one measurement.
     *
     * @param session  the backend's session: the store the worker decides on, the brokers
     * @param broker   the broker of the line
     * @param winners  true: distinct free seats; false: every request for one seat already taken
     * @param requests requests in the line when the worker starts
     * @param pairKey  which repetition this run is
     */
    static RunResult run(Session session, BrokerKind broker, boolean winners, int requests, String pairKey)
            throws InterruptedException {
        Store store = session.store();
        ShowId show = session.shows().next();
        store.addEmptySeats(show, winners ? requests : 1);
        List<SeatId> seats = ShowIds.seats(show, winners ? requests : 1);
        if (!winners && !(store.repository().tryBook(seats.get(0), OWNER) instanceof BookingResult.Booked)) {
            throw new IllegalStateException("could not book the seat the refusals go for");
        }
        try (BenchLine line = BenchLine.open(session, broker, 1, requests + 100L)) {
            List<Call> calls = new ArrayList<>(requests + 1);
            Ticket[] tickets = new Ticket[requests];
            for (int i = 0; i < requests; i++) {
                calls.add(Call.booking(winners ? seats.get(i) : seats.get(0), UserId.of("user-" + i)));
            }
            ErrorTally errors = new ErrorTally();
            fill(line, calls, tickets, errors);

            long start = System.nanoTime();
            line.startWorkers(1, LineWorkersDefaults.BATCH);
            long done = line.awaitDecided(requests, LineWorkersDefaults.DRAIN_TIMEOUT);
            long wall = (done < 0 ? System.nanoTime() : done) - start;

            List<Answer> answers = new ArrayList<>(line.answers(Arrays.asList(tickets)));
            if (!winners) {
                calls.add(Call.booking(seats.get(0), OWNER)); // the direct booking: the seat's one winner
                answers.add(Answer.WON);
            }
            Integrity integrity = Integrity.of(calls, answers, store.repository().listSeats(show));
            // no per-call latency: the worker decides batches, and the figure is the rate
            return new RunResult(Workload.LINE_DECIDE, session.kind().id(), variant(broker, winners), 1, pairKey,
                    requests, wall, new Histogram(3), null, errors.samples(), errors.total(), integrity, -1);
        } finally {
            store.dropShow(show);
        }
    }

    /** Submits every request from a few threads; the order in line does not matter here. */
    private static void fill(BenchLine line, List<Call> calls, Ticket[] tickets, ErrorTally errors) {
        AtomicInteger next = new AtomicInteger();
        LongAdder busy = new LongAdder();
        List<Race.Attempt<Void>> fillers;
        try {
            fillers = Race.run(FILLERS, filler -> () -> {
                for (int i = next.getAndIncrement(); i < tickets.length; i = next.getAndIncrement()) {
                    Call call = calls.get(i);
                    SeatId seat = call.seats().get(0);
                    tickets[i] = line.submit(ClaimRequest.book(seat.show(), call.user(), seat.number()), busy);
                }
            return null;
            }, FILL_TIMEOUT);
        } catch (AssertionError stuck) {
            throw new IllegalStateException("filling the line got stuck: " + stuck.getMessage(), stuck);
        }
        for (Race.Attempt<Void> filler : fillers) {
            if (filler.failure() != null) {
                errors.record(filler.failure());
            }
        }
        if (Arrays.stream(tickets).anyMatch(ticket -> ticket == null)) {
            throw new IllegalStateException("could not fill the line: " + errors.samples());
        }
    }
}

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The line-batch workload ("go past the direct path"): the distinct-seats workload's bookings, but
 * submitted to a line instead of calling {@code tryBook}: {@code concurrency} clients, released
 * together, submit one request per free seat, spread over {@value #SHOWS} shows on as many partitions,
 * in a closed loop for the run time; {@value #SHOWS} workers each take a partition in order and decide
 * it in batches of {@value LineWorkersDefaults#BATCH}, each in one transaction ({@link dev.booking.core.OrderedClaims#claimInOrder}) on the same store, pool
 * and durability settings as the direct runs it is paired with. The figure is end to end: bookings
 * per second from the gate opening until the last ticket is settled (durably booked), not the submit
 * rate. Latency is the submit's, as the client sees it.
 */
final class LineBatchRun {

    /**
     * Shows, partitions and worker threads: a service's on-sale spans several shows, and a partition
     * is decided by one worker at a time, so this is how the line uses more than one connection.
     */
    static final int SHOWS = 4;

    /** How long to wait for the last submit after the run time before declaring the run stuck. */
    private static final Duration STUCK_AFTER = Duration.ofMinutes(1);

    private LineBatchRun() {
    }

    /**
     * Runs one measurement.
     *
     * @param session     the backend's session: its store, the brokers
     * @param broker      the broker of the line
     * @param concurrency submitting threads
     * @param seatCount   free seats: enough for the run time at the expected rate
     * @param runTime     how long to keep submitting
     * @param pairKey     the A/B pair this run belongs to (the direct run just before it)
     */
    static RunResult run(Session session, BrokerKind broker, int concurrency, int seatCount, Duration runTime,
                         String pairKey) throws InterruptedException {
        Store store = session.store();
        int perShow = (seatCount + SHOWS - 1) / SHOWS;
        List<ShowId> shows = new ArrayList<>();
        try (BenchLine line = BenchLine.open(session, broker, SHOWS, perShow + 100L)) {
            shows.addAll(List.of(line.showsOnDistinctPartitions(session.shows(), SHOWS)));
            List<SeatId> seats = new ArrayList<>(perShow * SHOWS);
            List<List<SeatId>> seatsByShow = new ArrayList<>();
            for (ShowId show : shows) {
                store.addEmptySeats(show, perShow);
                seatsByShow.add(ShowIds.seats(show, perShow));
            }
            for (int i = 0; i < perShow; i++) { // interleaved, so the clients feed every show alike
                for (List<SeatId> showSeats : seatsByShow) {
                    seats.add(showSeats.get(i));
                }
            }
            int seatTotal = seats.size();
            line.startWorkers(SHOWS, LineWorkersDefaults.BATCH);
            UserId[] users = new UserId[concurrency];
            for (int i = 0; i < concurrency; i++) {
                users[i] = UserId.of("client-" + i);
            }
            Ticket[] tickets = new Ticket[seatTotal]; // null: not submitted
            int[] callerOf = new int[seatTotal];
            ErrorTally errors = new ErrorTally();
            LongAdder busy = new LongAdder();
            AtomicInteger next = new AtomicInteger();
            AtomicLong deadline = new AtomicLong();
            List<Race.Attempt<Histogram>> clients;
            try {
                clients = Race.run(concurrency, client -> () -> {
                    Histogram latency = new Histogram(3);
                    while (true) {
                        int i = next.getAndIncrement();
                        long start = System.nanoTime();
                        if (i >= seatTotal || start - deadline.get() >= 0) {
                            return latency;
                        }
                        SeatId seat = seats.get(i);
                        try {
                            tickets[i] = line.submit(ClaimRequest.book(seat.show(), users[client], seat.number()), busy);
                            callerOf[i] = client;
                        } catch (RuntimeException e) {
                            errors.record(e);
                        }
                        latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                    }
                }, runTime.plus(STUCK_AFTER), () -> deadline.set(System.nanoTime() + runTime.toNanos()));
            } catch (AssertionError e) {
                throw new IllegalStateException(BenchLine.variant(broker) + " got stuck: " + e.getMessage(), e);
            }
            long gate = deadline.get() - runTime.toNanos();
            Histogram latency = new Histogram(3);
            for (Race.Attempt<Histogram> client : clients) {
                if (client.failure() != null) {
                    errors.record(client.failure());
                } else {
                    latency.add(client.value());
                }
            }
            if (busy.sum() > 0) {
                errors.record("busy (the line was full)", busy.sum());
            }
            List<Call> calls = new ArrayList<>();
            List<Ticket> submitted = new ArrayList<>();
            for (int i = 0; i < seatTotal; i++) {
                if (tickets[i] != null) {
                    calls.add(Call.booking(seats.get(i), users[callerOf[i]]));
                    submitted.add(tickets[i]);
                }
            }
            long done = line.awaitDecided(submitted.size(), LineWorkersDefaults.DRAIN_TIMEOUT);
            long wall = (done < 0 ? System.nanoTime() : done) - gate;
            List<Answer> answers = line.answers(submitted);
            List<SeatState> stored = new ArrayList<>();
            for (ShowId show : shows) {
                stored.addAll(store.repository().listSeats(show));
            }
            Integrity integrity = Integrity.of(calls, answers, stored);
            long booked = answers.stream().filter(answer -> answer == Answer.WON).count();
            return new RunResult(Workload.LINE_BATCH, session.kind().id(), BenchLine.variant(broker), concurrency,
                    pairKey, booked, wall, latency, null, errors.samples(), errors.total(), integrity, -1);
        } finally {
            shows.forEach(store::dropShow);
        }
    }
}

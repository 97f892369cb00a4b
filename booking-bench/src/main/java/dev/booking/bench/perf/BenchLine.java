package dev.booking.bench.perf;

import dev.booking.bench.Answer;
import dev.booking.bench.line.BrokerKind;
import dev.booking.bench.line.BrokerLine;
import dev.booking.bench.line.Brokers;
import dev.booking.core.ClaimRequest;
import dev.booking.bench.ShowIds;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.LineTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One shared line for one benchmark run: a fresh line on a broker (deleted on {@link #close()}), the
 * front the clients submit through, and in-JVM {@link LineWorkers} deciding on the session's store.
 * The line workloads' runs ({@link LineSubmitRun}, {@link LineDecideRun}, {@link LineHotSeatRun},
 * {@link LineBatchRun}) share it, so that each measures its own part and nothing else.
 */
final class BenchLine implements AutoCloseable {

    /** How often the run looks at the workers' counters while it waits for them. */
    private static final long WAIT_STEP_NANOS = Duration.ofMillis(2).toNanos();
    /** Tickets read from the ledger in one call. */
    private static final int STATUS_CHUNK = 500;

    private final BrokerLine line;
    private final SharedLine front;
    private final LineTransport ledgerSide;
    private final SeatRepository seats;
    private LineWorkers workers;

    private BenchLine(BrokerLine line, SeatRepository seats) {
        this.line = line;
        this.seats = seats;
        this.front = SharedLine.builder(line.connect()).build();
        this.ledgerSide = line.connect();
    }

    /**
     * Opens a fresh line named after {@code prefix} on {@code broker}.
     *
     * @param session    the backend's session: the store the workers decide on, the brokers' URLs
     * @param broker     the broker
     * @param partitions partitions of the line
     * @param capacity   undecided requests a partition holds before submits are answered busy
     */
    static BenchLine open(Session session, BrokerKind broker, int partitions, long capacity) {
        BrokerLine line = Brokers.open(broker, session.brokerUrl(broker), Brokers.uniqueName("bench"), partitions,
                capacity);
        try {
            return new BenchLine(line, session.store().repository());
        } catch (RuntimeException e) {
            line.close();
            throw e;
        }
    }

    /** The variant name of a broker's line in the tables: {@code line-redis}. */
    static String variant(BrokerKind broker) {
        return "line-" + broker.optionName();
    }

    /**
     * {@code count} fresh shows whose requests go to {@code count} different partitions, so that as
     * many workers decide them at once (a line of at least {@code count} partitions).
     */
    ShowId[] showsOnDistinctPartitions(ShowIds shows, int count) {
        if (count > ledgerSide.partitions()) {
            throw new IllegalArgumentException("count must be at most the line's " + ledgerSide.partitions()
                    + " partitions, was " + count);
        }
        ShowId[] chosen = new ShowId[count];
        java.util.BitSet taken = new java.util.BitSet();
        int found = 0;
        while (found < count) {
            ShowId candidate = shows.next();
            if (!taken.get(ledgerSide.partitionOf(candidate))) {
                taken.set(ledgerSide.partitionOf(candidate));
                chosen[found++] = candidate;
            }
        }
        return chosen;
    }

    /** The front every client submits through and polls. */
    SharedLine front() {
        return front;
    }

    /**
     * Starts the workers: {@code threads} threads on a transport of their own, batches of {@code batchSize}.
     *
     * @return this
     */
    BenchLine startWorkers(int threads, int batchSize) {
        if (workers != null) {
            throw new IllegalStateException("workers already started");
        }
        workers = LineWorkers.builder(line.connect(), seats).threads(threads).batchSize(batchSize)
                .pollWait(Duration.ofMillis(20)).workerName("bench-" + ProcessHandle.current().pid()).build().start();
        return this;
    }

    /** Tickets the workers have settled so far. */
    long decided() {
        return workers == null ? 0 : workers.stats().decided();
    }

    /**
     * Waits until the workers have settled {@code count} tickets.
     *
     * @return the instant ({@link System#nanoTime()}) they had, or -1 if {@code timeout} passed first
     */
    long awaitDecided(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (decided() >= count) {
                return now;
            }
            if (now - deadline >= 0) {
                return -1;
            }
            LockSupport.parkNanos(WAIT_STEP_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /**
     * Submits {@code request}, retrying after the hint while the line is busy.
     *
     * @param busy counts the busy answers
     * @return the ticket
     */
    Ticket submit(ClaimRequest request, LongAdder busy) throws InterruptedException {
        while (true) {
            SubmitResult result = front.submit(request);
            if (result instanceof SubmitResult.Accepted accepted) {
                return accepted.ticket();
            }
            busy.increment();
            Thread.sleep(Math.min(100, ((SubmitResult.Busy) result).retryAfter().toMillis()));
        }
    }

    /**
     * What each ticket came to, read from the ledger through a transport of its own, as the
     * integrity check needs it: booked is won, refused as taken is lost, anything not final is
     * unanswered.
     */
    List<Answer> answers(List<Ticket> tickets) {
        List<Answer> answers = new ArrayList<>(tickets.size());
        for (int from = 0; from < tickets.size(); from += STATUS_CHUNK) {
            List<Ticket> chunk = tickets.subList(from, Math.min(tickets.size(), from + STATUS_CHUNK));
            Map<Ticket, TicketStatus> statuses = ledgerSide.ledger().statuses(chunk);
            for (Ticket ticket : chunk) {
                answers.add(answer(statuses.get(ticket)));
            }
        }
        return answers;
    }

    /** A final status as an answer; {@link Answer#UNANSWERED} for one not final (or unknown). */
    static Answer answer(TicketStatus status) {
        if (status instanceof TicketStatus.Booked) {
            return Answer.WON;
        }
        if (status instanceof TicketStatus.Refused refused) {
            return refused.reason() == TicketStatus.Reason.TAKEN ? Answer.LOST : Answer.OTHER;
        }
        if (status instanceof TicketStatus.Failed) {
            return Answer.FAILED;
        }
        return Answer.UNANSWERED;
    }

    /** One line for the settings: the broker and where it runs. */
    String description() {
        return line.description();
    }

    /** Stops the workers (gracefully), then closes the transports and deletes the line from its broker. */
    @Override
    public void close() {
        try {
            if (workers != null) {
                workers.close();
            }
        } finally {
            line.close();
        }
    }
}

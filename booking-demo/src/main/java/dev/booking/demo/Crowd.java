package dev.booking.demo;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "1000 users at once" button: simulated users with distinct names, each asking for one seat
 * (the front rows far more often than the back), all released from one barrier into the shared
 * line (or the repository when there is no line); then their tickets are polled until every one
 * is final, as their browsers would.
 *
 * <p>Thread-safe: one run at a time; its counters are atomic and read while it runs.
 */
@Service
public class Crowd {

    /** How often the run polls its undecided tickets, like a browser's spinner. */
    private static final long POLL_MILLIS = 50;

    private final SeatRepository seats;
    private final SharedLine line;
    private final DemoShow show;
    private final DemoProperties properties;
    private final AtomicInteger runs = new AtomicInteger();
    private volatile Run current;

    /**
     * Sends its crowd through the line if the starter made one.
     *
     * @param seats      the repository, used when there is no line
     * @param line       the shared line, absent when {@code booking.line.transport=none}
     * @param show       the current show
     * @param properties the crowd's size and threads
     */
    public Crowd(SeatRepository seats, ObjectProvider<SharedLine> line, DemoShow show, DemoProperties properties) {
        this.seats = seats;
        this.line = line.getIfAvailable();
        this.show = show;
        this.properties = properties;
    }

    /**
     * Starts a run on the current show, unless one is still running.
     *
     * @return the new run's counts
     * @throws IllegalStateException if a run is still going
     */
    public synchronized CrowdCounts start() {
        if (running()) {
            throw new IllegalStateException("a crowd is still running: wait until it is done");
        }
        Run run = new Run(runs.incrementAndGet(), show.current(), properties.crowdSize());
        current = run;
        run.launch(properties.crowdThreads());
        return run.counts();
    }

    /** Whether a run has not finished yet. */
    public boolean running() {
        Run run = current;
        return run != null && !run.counts().done();
    }

    /** The counts of the latest run, or of none. */
    public CrowdCounts counts() {
        Run run = current;
        return run == null ? CrowdCounts.none(show.current().value()) : run.counts();
    }

    /** One run: its users, its counters, its submitting threads and its poller. */
    private final class Run {
        private final int number;
        private final ShowId target;
        private final int users;
        private final AtomicInteger nextUser = new AtomicInteger();
        private final AtomicInteger submitted = new AtomicInteger();
        private final AtomicInteger winners = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger busy = new AtomicInteger();
        private final ConcurrentLinkedQueue<Ticket> undecided = new ConcurrentLinkedQueue<>();
        private final AtomicInteger undecidedCount = new AtomicInteger();
        private final AtomicLong gateOpenedAt = new AtomicLong();
        private final AtomicLong finishedAt = new AtomicLong();

        Run(int number, ShowId target, int users) {
            this.number = number;
            this.target = target;
            this.users = users;
        }

        void launch(int threads) {
            int submitters = Math.min(threads, users);
            CyclicBarrier gate = new CyclicBarrier(submitters, () -> gateOpenedAt.set(System.nanoTime()));
            for (int i = 0; i < submitters; i++) {
                Thread thread = new Thread(() -> submitAll(gate), "crowd-" + number + "-" + i);
                thread.setDaemon(true);
                thread.start();
            }
            Thread poller = new Thread(this::pollUntilDone, "crowd-" + number + "-poller");
            poller.setDaemon(true);
            poller.start();
        }

        /** Waits at the gate with every other submitter, then takes users until none are left. */
        private void submitAll(CyclicBarrier gate) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (BrokenBarrierException e) {
                return;
            }
            // every user gets a seed of its own, so a run's choices do not depend on which thread took whom
            for (int user = nextUser.getAndIncrement(); user < users; user = nextUser.getAndIncrement()) {
                submitOne(user);
            }
        }

        private void submitOne(int user) {
            UserId name = UserId.of(String.format("crowd-%d-user-%04d", number, user + 1));
            String seat = skewedSeat(new SplittableRandom(number * 1_000_003L + user));
            try {
                if (line == null) {
                    BookingResult result = seats.tryBook(target.seat(seat), name);
                    (result instanceof BookingResult.Booked ? winners : refused).incrementAndGet();
                } else {
                    SubmitResult answer = line.submit(ClaimRequest.book(target, name, seat));
                    if (answer instanceof SubmitResult.Accepted accepted) {
                        undecidedCount.incrementAndGet(); // counted before it is visible to the poller
                        undecided.add(accepted.ticket());
                    } else {
                        busy.incrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet(); // a broker or store failure: shown, never hidden
            }
            submitted.incrementAndGet();
        }

        /** Three users in four ask for the first third of the map; the back rows stay quieter. */
        private String skewedSeat(SplittableRandom random) {
            List<String> layout = show.layout();
            int index = (int) (Math.pow(random.nextDouble(), 2.5) * layout.size());
            return layout.get(Math.min(index, layout.size() - 1));
        }

        private void pollUntilDone() {
            while (true) {
                boolean allSubmitted = submitted.get() == users;
                List<Ticket> still = new ArrayList<>();
                for (Ticket ticket = undecided.poll(); ticket != null; ticket = undecided.poll()) {
                    if (!settle(ticket)) {
                        still.add(ticket);
                    }
                }
                undecided.addAll(still);
                if (allSubmitted && undecidedCount.get() == 0) {
                    finishedAt.set(System.nanoTime());
                    return;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Counts the ticket if it is final; a failed poll leaves it for the next round. */
        private boolean settle(Ticket ticket) {
            TicketStatus status;
            try {
                status = line.status(ticket);
            } catch (RuntimeException e) {
                return false;
            }
            if (!status.isFinal() && !(status instanceof TicketStatus.Unknown)) {
                return false;
            }
            if (status instanceof TicketStatus.Booked) {
                winners.incrementAndGet();
            } else if (status instanceof TicketStatus.Refused) {
                refused.incrementAndGet();
            } else {
                failed.incrementAndGet(); // failed, or forgotten by the line: not booked either way
            }
            undecidedCount.decrementAndGet();
            return true;
        }

        CrowdCounts counts() {
            long opened = gateOpenedAt.get();
            long finished = finishedAt.get();
            long elapsed = opened == 0 ? 0 : ((finished == 0 ? System.nanoTime() : finished) - opened) / 1_000_000;
            return new CrowdCounts(number, target.value(), users, submitted.get(), winners.get(), refused.get(),
                    failed.get(), busy.get(), undecidedCount.get(), elapsed, finished != 0);
        }
    }
}

package dev.booking.queue.redis;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.TicketLedger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Runs a shared line end to end under load around a broker fault and counts what it lost: submitters
 * append through a {@link SharedLine} (repeating a submit with the same idempotency key after an
 * unknown outcome, as a client should), workers decide against an in-memory store, the fault strikes
 * once enough submits were accepted, and the load goes on after it. Then it waits until no accepted
 * ticket is queued or processing any more and counts the accepted tickets that answer
 * {@link TicketStatus.Unknown}: acknowledged, then lost.
 */
final class LineLossRun {

    /** Seats of the show: fewer than the submits, so that most requests race for a taken seat. */
    private static final int SEATS = 200;
    private static final int SUBMITTERS = 4;

    /** What the fault does; answers when the line can be used again (or the test gives up). */
    interface Fault {
        /**
         * @param acceptedSoFar how many submits have been accepted until now, for a fault that waits for some
         */
        void strike(java.util.function.IntSupplier acceptedSoFar) throws Exception;
    }

    /**
     * The counts of one run.
     *
     * @param setting       what was tested, for the printed line
     * @param accepted      submits answered accepted
     * @param afterFault    of those, how many after the fault
     * @param lost          accepted tickets that answer Unknown at the end
     * @param lostDecided   of those, how many a worker had decided (the store holds their claim)
     * @param stuck         accepted tickets still queued or processing when the wait ended (expected 0)
     * @param unanswered    submits given up on with an unknown outcome when the load stopped
     * @param booked        tickets booked
     * @param refused       tickets refused
     * @param faultMillis   how long the fault took (kill to usable again)
     * @param acceptedPerSecond accepted submits per second over the whole load
     */
    record Report(String setting, int accepted, int afterFault, int lost, int lostDecided, int stuck, int unanswered, int booked,
                  int refused, long faultMillis, long acceptedPerSecond) {

        Report {
            if (accepted < 0 || lost < 0 || lostDecided < 0 || stuck < 0 || unanswered < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }

        /** The line the report prints, to be collected from the test output. */
        String line() {
            return "[ha] redis " + setting + ": accepted=" + accepted + " (after the fault " + afterFault + ") lost=" + lost
                    + " (decided before lost="
                    + lostDecided + ") stuck=" + stuck + " unanswered=" + unanswered + " booked=" + booked
                    + " refused=" + refused + " fault=" + faultMillis + "ms rate=" + acceptedPerSecond + "/s";
        }
    }

    private final String setting;
    private final RedisLine line;
    private final int acceptedBeforeFault;
    private final int acceptedAfterFault;
    private final Duration afterFaultAtMost;

    /**
     * @param setting             printed with the counts
     * @param line                the line to load (submitters and workers share it)
     * @param acceptedBeforeFault accepted submits to wait for before the fault
     * @param acceptedAfterFault  accepted submits to wait for after it
     * @param afterFaultAtMost    the longest load after the fault, if the line stays unavailable
     */
    LineLossRun(String setting, RedisLine line, int acceptedBeforeFault, int acceptedAfterFault, Duration afterFaultAtMost) {
        this.setting = setting;
        this.line = line;
        this.acceptedBeforeFault = acceptedBeforeFault;
        this.acceptedAfterFault = acceptedAfterFault;
        this.afterFaultAtMost = afterFaultAtMost;
    }

    private final List<String> violations = new ArrayList<>();

    /** The invariants broken in the last run (one winner per seat, a booking's claim in the store). */
    List<String> violations() {
        return List.copyOf(violations);
    }

    Report run(Fault fault) throws Exception {
        ShowId show = ShowId.of("ha-" + setting.replaceAll("[^a-z0-9]", "-"));
        InMemorySeatRepository seats = new InMemorySeatRepository();
        seats.addSeats(show, IntStream.range(0, SEATS).mapToObj(i -> "S" + i).toList());
        SharedLine front = SharedLine.builder(line).build();
        Map<Ticket, String> accepted = new ConcurrentHashMap<>(); // ticket -> seat
        AtomicInteger unanswered = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(SUBMITTERS + 1);
        List<Thread> submitters = new ArrayList<>();
        long loadStarted;
        long faultMillis;
        int afterFault;
        try (LineWorkers workers = LineWorkers.builder(line, seats).threads(2).workerName("ha-" + setting.hashCode())
                .build().start()) {
            for (int t = 0; t < SUBMITTERS; t++) {
                int thread = t;
                Thread submitter = new Thread(() -> submitLoop(front, show, thread, start, stop, accepted, unanswered),
                        "ha-submitter-" + t);
                submitter.setDaemon(true);
                submitter.start();
                submitters.add(submitter);
            }
            start.await(30, TimeUnit.SECONDS);
            loadStarted = System.nanoTime();
            try {
                awaitCount(accepted, acceptedBeforeFault, Duration.ofSeconds(30));
                long faultStarted = System.nanoTime();
                fault.strike(accepted::size);
                faultMillis = (System.nanoTime() - faultStarted) / 1_000_000;
                int atRecovery = accepted.size();
                awaitCount(accepted, atRecovery + acceptedAfterFault, afterFaultAtMost);
                afterFault = accepted.size() - atRecovery;
            } finally {
                stop.set(true);
                for (Thread submitter : submitters) {
                    submitter.join(30_000);
                }
            }
            long loadMillis = Math.max(1, (System.nanoTime() - loadStarted) / 1_000_000);
            long settling = System.nanoTime();
            Map<Ticket, TicketStatus> finals = awaitSettled(line.ledger(), accepted.keySet(), Duration.ofSeconds(30));
            System.out.println("[ha] redis " + setting + ": load " + loadMillis + " ms, then all final or lost in "
                    + (System.nanoTime() - settling) / 1_000_000 + " ms");
            return report(show, seats, accepted, afterFault, finals, unanswered.get(), faultMillis,
                    accepted.size() * 1000L / loadMillis);
        }
    }

    private void submitLoop(SharedLine front, ShowId show, int thread, CyclicBarrier start, AtomicBoolean stop,
                            Map<Ticket, String> accepted, AtomicInteger unanswered) {
        try {
            start.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return;
        }
        for (int i = 0; !stop.get(); i++) {
            String seat = "S" + ((i * SUBMITTERS + thread) % SEATS);
            ClaimRequest request = ClaimRequest.book(show, UserId.of("u" + thread + "-" + i), seat);
            String key = setting.hashCode() + "-" + thread + "-" + i;
            boolean answered = false;
            while (!answered && !stop.get()) {
                try {
                    SubmitResult result = front.submit(request, key);
                    if (result instanceof SubmitResult.Accepted ok) {
                        accepted.put(ok.ticket(), seat);
                        answered = true;
                    } else {
                        pause(); // busy: the capacity is far above this load, but a client would wait
                    }
                } catch (BookingException unknownOutcome) {
                    pause(); // outcome unknown: the same key again, which is what makes the repeat safe
                }
            }
            if (!answered) {
                unanswered.incrementAndGet();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCount(Map<?, ?> map, int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (map.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Polls until no ticket is queued or processing (lost ones answer Unknown for good), or the deadline. */
    private static Map<Ticket, TicketStatus> awaitSettled(TicketLedger ledger, Set<Ticket> tickets, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        Map<Ticket, TicketStatus> last = new HashMap<>();
        List<Ticket> all = new ArrayList<>(tickets);
        while (true) {
            last.clear();
            try {
                for (int from = 0; from < all.size(); from += 500) {
                    last.putAll(ledger.statuses(all.subList(from, Math.min(all.size(), from + 500))));
                }
                boolean pending = last.values().stream()
                        .anyMatch(s -> s instanceof TicketStatus.Queued || s instanceof TicketStatus.Processing);
                if (!pending || System.nanoTime() > deadline) {
                    return Map.copyOf(last);
                }
            } catch (BookingException stillRecovering) {
                if (System.nanoTime() > deadline) {
                    throw stillRecovering;
                }
            }
            Thread.sleep(50);
        }
    }

    private Report report(ShowId show, InMemorySeatRepository seats, Map<Ticket, String> accepted, int afterFault,
                          Map<Ticket, TicketStatus> finals, int unanswered, long faultMillis, long rate) {
        violations.clear();
        int lost = 0;
        int lostDecided = 0;
        int stuck = 0;
        int booked = 0;
        int refused = 0;
        Set<String> bookedSeats = new HashSet<>();
        for (Map.Entry<Ticket, String> entry : accepted.entrySet()) {
            TicketStatus status = finals.get(entry.getKey());
            Optional<SeatState> seat = seats.findSeat(new SeatId(show, entry.getValue()));
            boolean claimed = seat.map(SeatState::reference)
                    .filter(reference -> reference.equals(SharedLine.referenceFor(entry.getKey()))).isPresent();
            if (status instanceof TicketStatus.Unknown) {
                lost++;
                if (claimed) {
                    lostDecided++;
                }
            } else if (status instanceof TicketStatus.Booked) {
                booked++;
                if (!bookedSeats.add(entry.getValue())) {
                    violations.add("seat " + entry.getValue() + " booked by two tickets");
                }
                if (!claimed) {
                    violations.add("ticket " + entry.getKey() + " answers Booked but the store does not hold its claim");
                }
            } else if (status instanceof TicketStatus.Refused) {
                refused++;
            } else if (status == null || !status.isFinal()) {
                stuck++;
            }
        }
        return new Report(setting, accepted.size(), afterFault, lost, lostDecided, stuck, unanswered, booked, refused, faultMillis, rate);
    }
}

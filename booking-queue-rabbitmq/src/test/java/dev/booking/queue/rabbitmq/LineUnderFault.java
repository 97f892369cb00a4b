package dev.booking.queue.rabbitmq;

import dev.booking.core.BookingException;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.tck.Race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Runs lines end to end through one fault: per line, submitters submit through a {@link SharedLine}
 * (each submit with an idempotency key of its own) while workers decide against an in-memory store;
 * one more caller waits until requests flow, runs the fault, and stops the submitters once every
 * line has accepted requests again. Then every submit that failed is repeated with its key until
 * answered, the tickets are awaited final, a new instance reads them, and {@link LineAudit} judges.
 */
final class LineUnderFault {

    private static final int SUBMITTERS_PER_LINE = 3;
    private static final int SEATS = 150;
    private static final int ACCEPTED_BEFORE_FAULT = 60;
    private static final int ACCEPTED_AFTER_FAULT = 60;
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration QUIET = Duration.ofSeconds(2);

    /**
     * One line under the fault.
     *
     * @param name      the line's name
     * @param frontWrap what the submitters' transport is wrapped in (identity for the line as shipped)
     * @param withKeys  whether submits carry an idempotency key; without, a submit goes straight to
     *                  the transport's append (no ledger binding first), and one that fails is not repeated
     */
    record Subject(String name, UnaryOperator<LineTransport> frontWrap, boolean withKeys) {
        /** Rejects missing parts. */
        Subject {
            dev.booking.core.spi.Arguments.requirePresent("name", name);
            dev.booking.core.spi.Arguments.requirePresent("frontWrap", frontWrap);
        }

        /** The line as shipped, submits with idempotency keys (a failed one is repeated with its key). */
        static Subject asShipped(String name) {
            return new Subject(name, UnaryOperator.identity(), true);
        }
    }

    /**
     * What one line went through.
     *
     * @param subject      the line
     * @param report       the audit
     * @param submits      submit calls made during the run
     * @param failed       of which failed with an exception (then repeated with their key, if they had one)
     * @param hadGoneIn    failed submits whose repeat found them accepted already
     * @param outageMillis from the first failed submit to the first accepted one after the last failure
     * @param failedStatus tickets decided Failed (gave up), among the confirmed
     */
    record Outcome(Subject subject, LineAudit.Report report, int submits, int failed, int hadGoneIn, long outageMillis,
                   int failedStatus) {
    }

    /** The fault, run once requests flow on every line. */
    @FunctionalInterface
    interface Fault {
        /**
         * Does the damage (and, if it likes, waits for the lines to go on meanwhile).
         *
         * @param progress the lines' progress, to wait on
         */
        void inflict(Progress progress) throws Exception;
    }

    /** What a fault may wait for while it lasts. */
    interface Progress {
        /**
         * Waits until every line has accepted {@code count} more submits than when called.
         *
         * @return how long that took, in milliseconds
         * @throws AssertionError if that does not happen within the patience (90 seconds)
         */
        long awaitAccepted(int count) throws InterruptedException;

        /** The port of the node the first line's submitters are connected to now. */
        int frontPort();
    }

    private LineUnderFault() {
    }

    /**
     * Runs {@code subjects} through {@code fault}.
     *
     * @param open  opens an instance of the line of the given name (the caller's broker and settings)
     * @param fault the fault; runs once requests flow on every line
     * @return one outcome per subject, and the fault's duration in milliseconds last
     */
    static Result run(List<Subject> subjects, Function<String, RabbitMqLine> open, Fault fault) {
        List<Run> runs = new ArrayList<>();
        try {
            for (Subject subject : subjects) {
                runs.add(new Run(subject, open));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong faultMillis = new AtomicLong();
            int callers = runs.size() * SUBMITTERS_PER_LINE + 1;
            List<Race.Attempt<Object>> attempts = Race.run(callers, caller -> () -> {
                if (caller == callers - 1) {
                    awaitTrue(() -> runs.stream().allMatch(r -> r.accepted.get() >= ACCEPTED_BEFORE_FAULT));
                    long start = System.nanoTime();
                    Progress progress = new Progress() {
                        @Override
                        public long awaitAccepted(int count) throws InterruptedException {
                            long since = System.nanoTime();
                            Map<Run, Integer> base = new HashMap<>();
                            runs.forEach(r -> base.put(r, r.accepted.get()));
                            awaitTrue(() -> runs.stream().allMatch(r -> r.accepted.get() - base.get(r) >= count));
                            return (System.nanoTime() - since) / 1_000_000;
                        }

                        @Override
                        public int frontPort() {
                            return runs.get(0).front.connectedPort();
                        }
                    };
                    try {
                        fault.inflict(progress);
                    } finally {
                        faultMillis.set((System.nanoTime() - start) / 1_000_000);
                        runs.forEach(r -> r.acceptedAtFaultEnd.set(r.accepted.get()));
                        try {
                            awaitTrue(() -> runs.stream().allMatch(r -> r.accepted.get() - r.acceptedAtFaultEnd.get() >= ACCEPTED_AFTER_FAULT));
                        } finally {
                            stop.set(true);
                        }
                    }
                    return null;
                }
                runs.get(caller / SUBMITTERS_PER_LINE).submitUntil(stop, caller);
                return null;
            }, PATIENCE.multipliedBy(2));
            for (Race.Attempt<Object> attempt : attempts) {
                if (attempt.failure() != null) {
                    throw new AssertionError("caller " + attempt.caller() + " failed", attempt.failure());
                }
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Run run : runs) {
                outcomes.add(run.finish(open));
            }
            return new Result(outcomes, faultMillis.get());
        } finally {
            runs.forEach(Run::close);
        }
    }

    /**
     * The outcomes of a run.
     *
     * @param outcomes    one per subject, in order
     * @param faultMillis how long the fault took (e.g. a node's stop and start)
     */
    record Result(List<Outcome> outcomes, long faultMillis) {
    }

    /** One line's submitters, workers and observations. */
    private static final class Run implements AutoCloseable {
        private final Subject subject;
        private final ShowId show;
        private final List<String> numbers = IntStream.range(0, SEATS).mapToObj(i -> "S" + i).toList();
        private final InMemorySeatRepository seats = new InMemorySeatRepository();
        private final List<AutoCloseable> closeables = new ArrayList<>();
        private final RabbitMqLine deciding;
        private final RabbitMqLine front;
        private final SharedLine line;
        private final Map<Ticket, String> confirmed = new ConcurrentHashMap<>();
        private final Map<String, ClaimRequest> failedByKey = new ConcurrentHashMap<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger acceptedAtFaultEnd = new AtomicInteger(Integer.MAX_VALUE / 2);
        private final AtomicInteger submits = new AtomicInteger();
        private final AtomicInteger failedWithoutKey = new AtomicInteger();
        private final AtomicLong firstFailure = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);
        private final ConcurrentLinkedQueue<Long> acceptedAt = new ConcurrentLinkedQueue<>();

        Run(Subject subject, Function<String, RabbitMqLine> open) {
            this.subject = subject;
            this.show = ShowId.of("show-" + subject.name());
            seats.addSeats(show, numbers);
            this.deciding = open.apply(subject.name());
            closeables.add(deciding);
            LineWorkers workers = LineWorkers.builder(deciding, seats).threads(2).pollWait(Duration.ofMillis(50)).build().start();
            closeables.add(workers);
            this.front = open.apply(subject.name());
            closeables.add(front);
            this.line = SharedLine.builder(subject.frontWrap().apply(front)).build();
        }

        void submitUntil(AtomicBoolean stop, int caller) throws InterruptedException {
            for (int i = 0; !stop.get(); i++) {
                String key = subject.withKeys() ? subject.name() + "-" + caller + "-" + i : null;
                String seat = numbers.get(ThreadLocalRandom.current().nextInt(numbers.size()));
                ClaimRequest request = ClaimRequest.book(show, UserId.of("u" + caller + "-" + i), seat);
                submits.incrementAndGet();
                try {
                    if (line.submit(request, key) instanceof SubmitResult.Accepted ok) {
                        confirmed.put(ok.ticket(), seat);
                        acceptedAt.add(System.nanoTime());
                        accepted.incrementAndGet();
                    }
                } catch (BookingException outage) {
                    long now = System.nanoTime();
                    firstFailure.accumulateAndGet(now, Math::min);
                    lastFailure.accumulateAndGet(now, Math::max);
                    if (key != null) {
                        failedByKey.put(key, request);
                    } else {
                        failedWithoutKey.incrementAndGet();
                    }
                    Thread.sleep(100);
                }
            }
        }

        Outcome finish(Function<String, RabbitMqLine> open) {
            int hadGoneIn = 0;
            for (Map.Entry<String, ClaimRequest> failed : failedByKey.entrySet()) {
                SubmitResult.Accepted again = submitUntilAccepted(failed.getValue(), failed.getKey());
                confirmed.put(again.ticket(), failed.getValue().seatNumbers().get(0));
                hadGoneIn += again.duplicate() ? 1 : 0;
            }
            Map<Ticket, TicketStatus> survivor = awaitSettled();
            Map<Ticket, TicketStatus> fresh;
            try (RabbitMqLine after = open.apply(subject.name())) {
                fresh = after.ledger().statuses(confirmed.keySet());
            }
            Map<String, BookingReference> holders = new HashMap<>();
            for (SeatState seat : seats.listSeats(show)) {
                if (!seat.isEmpty()) {
                    holders.put(seat.seat().number(), seat.reference());
                }
            }
            LineAudit.Report report = LineAudit.audit(new LineAudit.History(confirmed, survivor, fresh, holders));
            long outage = 0;
            if (firstFailure.get() != Long.MAX_VALUE) {
                long recovered = acceptedAt.stream().filter(t -> t > lastFailure.get()).min(Long::compare).orElse(lastFailure.get());
                outage = (recovered - firstFailure.get()) / 1_000_000;
            }
            int failedStatus = (int) fresh.values().stream().filter(s -> s instanceof TicketStatus.Failed).count();
            return new Outcome(subject, report, submits.get(), failedByKey.size() + failedWithoutKey.get(), hadGoneIn, outage,
                    failedStatus);
        }

        private SubmitResult.Accepted submitUntilAccepted(ClaimRequest request, String key) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                try {
                    SubmitResult result = line.submit(request, key);
                    if (result instanceof SubmitResult.Accepted ok) {
                        return ok;
                    }
                } catch (BookingException stillRecovering) {
                    if (System.nanoTime() > deadline) {
                        throw stillRecovering;
                    }
                }
                sleep(200);
            }
        }

        /**
         * The statuses once all are final, or once the only ones left are Unknown while the ledger
         * counts nothing undecided (a lossy line leaves Unknowns that nothing will ever decide).
         */
        private Map<Ticket, TicketStatus> awaitSettled() {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long quietSince = 0;
            while (true) {
                Map<Ticket, TicketStatus> now = readAll();
                if (now.values().stream().allMatch(TicketStatus::isFinal) || System.nanoTime() > deadline) {
                    return now;
                }
                boolean onlyUnknownLeft = now.values().stream().allMatch(s -> s.isFinal() || s instanceof TicketStatus.Unknown);
                boolean drained = IntStream.range(0, deciding.partitions())
                        .allMatch(p -> deciding.backlog(p).orElseThrow().waiting() == 0);
                if (!(onlyUnknownLeft && drained)) {
                    quietSince = 0;
                } else if (quietSince == 0) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                    return now;
                }
                sleep(200);
            }
        }

        private Map<Ticket, TicketStatus> readAll() {
            Supplier<Map<Ticket, TicketStatus>> read = () -> front.ledger().statuses(confirmed.keySet());
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                try {
                    return read.get();
                } catch (BookingException stillRecovering) {
                    if (System.nanoTime() > deadline) {
                        throw stillRecovering;
                    }
                    sleep(200);
                }
            }
        }

        @Override
        public void close() {
            long start = System.nanoTime();
            for (int i = closeables.size() - 1; i >= 0; i--) {
                try {
                    closeables.get(i).close();
                } catch (Exception e) {
                    System.err.println("[ha] closing " + subject.name() + ": " + e);
                }
            }
            System.err.printf("[ha] rabbitmq line %s closed in %d ms%n", subject.name(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                dumpThreads();
                throw new AssertionError("the lines accepted nothing more for " + PATIENCE + " (threads dumped above)");
            }
            Thread.sleep(20);
        }
    }

    /** Where every thread stands, for a run that stopped making progress. */
    private static void dumpThreads() {
        StringBuilder dump = new StringBuilder("[ha] no progress; threads:\n");
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
            for (int i = 0; i < Math.min(frames.length, 15); i++) {
                dump.append("    at ").append(frames[i]).append('\n');
            }
        });
        System.err.println(dump);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

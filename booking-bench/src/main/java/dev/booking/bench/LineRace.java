package dev.booking.bench;

import dev.booking.bench.line.BrokerLine;
import dev.booking.bench.line.BrokerUnreachableException;
import dev.booking.bench.line.Brokers;
import dev.booking.bench.line.WorkerProcess;
import dev.booking.bench.notify.MailCheck;
import dev.booking.bench.notify.MailServer;
import dev.booking.bench.notify.Notifications;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatRepository;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.queue.line.LineWorkers;
import dev.booking.queue.line.SharedLine;
import dev.booking.queue.line.SubmitResult;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.LineTransport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.h2.tools.Server;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The race through the shared line ({@code ./race --queue redis|rabbitmq|memory}): every user
 * submits its request through one of two service instances (two transports on the line), gets a
 * ticket at once, and polls its status every 50 to 100 ms from either instance, as a browser
 * would, until it is final; workers, in this JVM or in worker processes started from the same jar,
 * decide the line in order. Prints submits accepted and busy, the outcomes, the "spinner" time
 * (from the first submit to the last ticket seen final), the submit latency, and the integrity
 * check of the seats plus that of the tickets: the winner's says Booked for its owner, every other
 * says Refused, and every final status read again from every instance is unchanged.
 */
final class LineRace {

    /** How long a user polls its ticket before giving up on it. */
    private static final Duration TICKET_DEADLINE = Duration.ofMinutes(2);
    /** How long the round waits for its users; a little more than a ticket's deadline. */
    private static final Duration ROUND_TIMEOUT = TICKET_DEADLINE.plusSeconds(30);
    /** How long a worker process may take to start before the race gives up on it. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** How long a worker process may take to finish its batch and exit once asked. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Requests sent before the race, for another show. */
    private static final int WARM_UP_REQUESTS = 400;
    /** Threads sending them. */
    private static final int WARM_UP_THREADS = 16;
    /** Service instances the users submit and poll through. */
    private static final int INSTANCES = 2;
    /** Each partition's capacity, at least; more if the race has more users. */
    private static final long MIN_CAPACITY = 10_000;

    private LineRace() {
    }

    /** What the users' service instances are made of: the line's transports, or a test's wrappers of them. */
    @FunctionalInterface
    interface Instances {
        /** The transport instance {@code instance} (0 or 1) submits and polls through. */
        LineTransport wrap(int instance, LineTransport transport);
    }

    /** Runs the queued race on {@code store} and prints its report; returns the exit status. */
    static int race(Store store, RaceOptions options, PrintStream out) {
        return race(store, options, out, (instance, transport) -> transport);
    }

    /**
     * As {@link #race(Store, RaceOptions, PrintStream)}, with the instances' transports wrapped: how
     * the tests break a line to see the checks catch it.
     */
    static int race(Store store, RaceOptions options, PrintStream out, Instances instances) {
        long capacity = Math.max(MIN_CAPACITY, options.users());
        String name = Brokers.uniqueName("race");
        try (BrokerLine line = Brokers.open(options.queue(), options.queueUrl(), name, options.partitions(),
                capacity)) {
            try {
                if (!options.notices()) {
                    return race(store, store.repository(), null, options, line, instances, out);
                }
                SeatRepository repository = store.repositoryWithOutbox(); // the outbox exists before the relay reads it
                try (Notifications notifications = Notifications.start(store.outbox())) {
                    return race(store, repository, notifications, options, line, instances, out);
                }
            } finally {
                out.println("  line cleanup : " + (options.keep() ? line.keep() : line.delete()));
            }
        }
    }

    /**
     * The race; with {@code notifications}, {@code repository} writes to their outbox, and so do the
     * workers, for the requests they refuse or fail.
     */
    private static int race(Store store, SeatRepository repository, Notifications notifications, RaceOptions options,
                            BrokerLine line, Instances instances, PrintStream out) {
        ShowId show = new ShowIds("race").next();
        store.addEmptySeats(show, options.seats());
        List<ClaimRequest> requests = requests(options, show);
        List<SharedLine> fronts = new ArrayList<>(INSTANCES);
        for (int i = 0; i < INSTANCES; i++) {
            fronts.add(SharedLine.builder(instances.wrap(i, line.connect())).build());
        }

        out.println("booking race demo, through the shared line");
        out.println("  store        : " + store.description());
        out.println("  line         : " + line.description() + ", line " + line.name() + ", " + line.partitions()
                + " partition" + (line.partitions() == 1 ? "" : "s") + " of capacity " + line.capacity());
        if (options.group() == 1) {
            out.printf("  race         : %d users, %d seat%s, released together from one gate, submitting through"
                    + " %d instances and polling every 50-100 ms until final%n", options.users(), options.seats(),
                    options.seats() == 1 ? "" : "s", INSTANCES);
        } else {
            out.printf("  race         : %d users, each booking %d adjacent seats of %d, all or none, submitting"
                    + " through %d instances and polling every 50-100 ms until final%n", options.users(),
                    options.group(), options.seats(), INSTANCES);
        }
        if (notifications != null) {
            out.println("  notify       : " + notifications.description());
        }

        try (Workers workers = Workers.start(store, repository, notifications != null, options, line, out)) {
            if (!workers.ready()) {
                return 3;
            }
            warmUp(store, fronts, out);
            out.println("  racing ...");
            Users users = new Users(requests, fronts, workers::anyAlive);
            ErrorTally errors = new ErrorTally();
            Round round = Round.run(requests.size(), users::call, ROUND_TIMEOUT, errors, out);
            List<Call> calls = users.calls();
            Integrity integrity = Integrity.of(calls, round.answers(), store.repository().listSeats(show));
            TicketCheck tickets = users.check(round.answers());
            workers.stop(out); // and with them every notice they write: the outbox then holds all it will
            report(options, round, users, integrity, tickets, errors, out);
            boolean mailOk = notifications == null || notifications.report(users.firstSubmit.get(), users.owedMail(),
                    notifications.awaitDrained(out), out);
            if (!integrity.brokenPromises().isEmpty() || !tickets.brokenPromises().isEmpty() || !mailOk) {
                return 1;
            }
            long failed = errors.total() + round.unanswered() + tickets.failed();
            return failed > 0 || workers.failed() ? 3 : 0;
        }
    }

    /**
     * Sends {@value #WARM_UP_REQUESTS} requests for another show through both instances from a few
     * threads and waits until all are final: the race then measures a running service, not one whose
     * code paths are still interpreted and whose connections are still being opened (in the worker
     * processes too). Its tickets are not part of the report.
     */
    private static void warmUp(Store store, List<SharedLine> fronts, PrintStream out) {
        ShowId show = new ShowIds("warmup").next();
        store.addEmptySeats(show, 1);
        String seat = ShowIds.numbers(1).get(0);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WARM_UP_THREADS);
        try {
            List<Future<Ticket>> submitted = new ArrayList<>(WARM_UP_REQUESTS);
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
                int request = i;
                submitted.add(pool.submit(() -> {
                    SubmitResult result = fronts.get(request % fronts.size()).submit(ClaimRequest.book(show,
                            UserId.of("warm-up-" + request), List.of(seat)));
                    return result instanceof SubmitResult.Accepted accepted ? accepted.ticket() : null;
                }));
            }
            List<Ticket> pending = new ArrayList<>();
            for (Future<Ticket> ticket : submitted) {
                if (ticket.get() != null) {
                    pending.add(ticket.get());
                }
            }
            long deadline = System.nanoTime() + TICKET_DEADLINE.toNanos();
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the statuses are polled, as the users will
                List<Future<Boolean>> finals = new ArrayList<>(pending.size());
                for (int i = 0; i < pending.size(); i++) {
                    Ticket ticket = pending.get(i);
                    SharedLine front = fronts.get(i % fronts.size());
                    finals.add(pool.submit(() -> front.status(ticket).isFinal()));
                }
                List<Ticket> still = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    if (!finals.get(i).get()) {
                        still.add(pending.get(i));
                    }
                }
                pending = still;
            }
            out.printf(Locale.ROOT, "  warm-up      : %d requests for another show, %s after %.1f s%n",
                    WARM_UP_REQUESTS, pending.isEmpty() ? "all final" : pending.size() + " still not final",
                    (System.nanoTime() - start) / 1e9);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the warm-up failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the warm-up", e);
        } finally {
            pool.shutdownNow();
        }
        store.dropShow(show);
    }

    /** Every user's request: one seat (user i goes for seat i mod S) or a group at a random seat. */
    private static List<ClaimRequest> requests(RaceOptions options, ShowId show) {
        List<String> numbers = ShowIds.numbers(options.seats());
        List<ClaimRequest> requests = new ArrayList<>(options.users());
        java.util.Random random = new java.util.Random(42); // the same groups every run, so runs compare
        for (int caller = 0; caller < options.users(); caller++) {
            if (options.group() == 1) {
                requests.add(ClaimRequest.book(show, UserId.of("user-" + caller),
                        List.of(numbers.get(caller % numbers.size()))));
            } else {
                int from = random.nextInt(numbers.size() - options.group() + 1);
                requests.add(ClaimRequest.book(show, UserId.of("family-" + caller),
                        numbers.subList(from, from + options.group())));
            }
        }
        return requests;
    }

    /** The users: submit, then poll like a browser until final; what each was told, and when. */
    private static final class Users {
        private final List<ClaimRequest> requests;
        private final List<SharedLine> fronts;
        private final AtomicReferenceArray<Ticket> tickets;
        private final AtomicReferenceArray<TicketStatus> seen;
        private final Histogram submitMicros = new ConcurrentHistogram(3);
        private final Histogram finalMicros = new ConcurrentHistogram(3);
        private final AtomicLong firstSubmit = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong lastFinal = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong lastAccepted = new AtomicLong(Long.MIN_VALUE);
        private final LongAdder accepted = new LongAdder();
        private final LongAdder busy = new LongAdder();
        private final LongAdder polls = new LongAdder();
        private final BooleanSupplier workersAlive;
        private final AtomicBoolean abandoned = new AtomicBoolean();

        Users(List<ClaimRequest> requests, List<SharedLine> fronts, BooleanSupplier workersAlive) {
            this.requests = requests;
            this.fronts = fronts;
            this.workersAlive = workersAlive;
            this.tickets = new AtomicReferenceArray<>(requests.size());
            this.seen = new AtomicReferenceArray<>(requests.size());
        }

        Answer call(int caller) {
            SharedLine front = fronts.get(caller % fronts.size());
            long start = System.nanoTime();
            firstSubmit.accumulateAndGet(start, Math::min);
            long deadline = start + TICKET_DEADLINE.toNanos();
            Ticket ticket = null;
            try {
                while (ticket == null) {
                    long attempt = System.nanoTime();
                    SubmitResult result = front.submit(requests.get(caller));
                    submitMicros.recordValue(Math.max(1, (System.nanoTime() - attempt) / 1000));
                    if (result instanceof SubmitResult.Accepted acceptedResult) {
                        ticket = acceptedResult.ticket();
                        accepted.increment();
                        lastAccepted.accumulateAndGet(System.nanoTime(), Math::max);
                    } else {
                        busy.increment(); // a browser would say "busy, retrying" and come back after the hint
                        if (System.nanoTime() > deadline) {
                            return Answer.UNANSWERED;
                        }
                        Thread.sleep(Math.min(1000, ((SubmitResult.Busy) result).retryAfter().toMillis()));
                    }
                }
                tickets.set(caller, ticket);
                for (int poll = 1; ; poll++) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(50, 101));
                    // a browser's poll reaches any instance behind the load balancer
                    TicketStatus status = fronts.get((caller + poll) % fronts.size()).status(ticket);
                    polls.increment();
                    if (status.isFinal()) {
                        long now = System.nanoTime();
                        lastFinal.accumulateAndGet(now, Math::max);
                        finalMicros.recordValue(Math.max(1, (now - start) / 1000));
                        seen.set(caller, status);
                        return answer(status);
                    }
                    if (System.nanoTime() > deadline) {
                        return Answer.UNANSWERED;
                    }
                    if (!workersAlive.getAsBoolean()) {
                        // nobody will decide it: waiting out the deadline would only delay the report
                        abandoned.set(true);
                        return Answer.UNANSWERED;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Answer.UNANSWERED;
            }
        }

        private static Answer answer(TicketStatus status) {
            if (status instanceof TicketStatus.Booked) {
                return Answer.WON;
            }
            if (status instanceof TicketStatus.Refused refused && refused.reason() == TicketStatus.Reason.TAKEN) {
                return Answer.LOST;
            }
            return Answer.OTHER; // refused for no such seat, or failed: nothing was claimed
        }

        /**
         * The message each user is owed, by address: one per ticket seen final, of its outcome's kind
         * ("booked", "sorry, taken", ...); a user whose ticket was never seen final is not checked.
         */
        Map<String, String> owedMail() {
            Map<String, String> owed = new HashMap<>();
            for (int i = 0; i < requests.size(); i++) {
                TicketStatus status = seen.get(i);
                if (status == null) {
                    continue;
                }
                String kind;
                if (status instanceof TicketStatus.Booked) {
                    kind = MailCheck.label(Notice.Kind.BOOKED, null);
                } else if (status instanceof TicketStatus.Refused refused) {
                    kind = MailCheck.label(Notice.Kind.REFUSED, refused.reason().name());
                } else {
                    kind = MailCheck.label(Notice.Kind.FAILED, null);
                }
                owed.put(MailServer.addressOf(requests.get(i).user().value()), kind);
            }
            return owed;
        }

        /** The calls as the integrity check needs them: claimed under the reference of their ticket. */
        List<Call> calls() {
            List<Call> calls = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                ClaimRequest request = requests.get(i);
                Ticket ticket = tickets.get(i);
                calls.add(ticket == null ? new Call(request.seats(), request.user(), null)
                        : new Call(request.seats(), request.user(), SharedLine.referenceFor(ticket)));
            }
            return calls;
        }

        /** Checks the tickets against the requests, and reads every final status again from every instance. */
        TicketCheck check(List<Answer> answers) {
            TicketCheck.Builder check = new TicketCheck.Builder();
            for (int i = 0; i < requests.size(); i++) {
                TicketStatus status = seen.get(i);
                Ticket ticket = tickets.get(i);
                if (status == null) {
                    continue;
                }
                ClaimRequest request = requests.get(i);
                if (status instanceof TicketStatus.Booked booked) {
                    ClaimResult.Claimed claim = booked.claim();
                    check.booked();
                    if (!claim.owner().equals(request.user()) || !claim.reference().equals(SharedLine.referenceFor(ticket))
                            || !claim.seats().equals(request.seats())) {
                        check.mismatch(request.user() + "'s ticket " + ticket + " says Booked " + claim.seats() + " for "
                                + claim.owner() + " under " + claim.reference());
                    }
                } else if (status instanceof TicketStatus.Refused refused) {
                    check.refused(refused.reason());
                } else if (status instanceof TicketStatus.Failed failed) {
                    check.failed(failed.why());
                }
                // every instance must answer what the user saw, whichever showed it first
                for (int instance = 0; instance < fronts.size(); instance++) {
                    TicketStatus again;
                    try {
                        again = fronts.get(instance).status(ticket);
                    } catch (RuntimeException e) {
                        check.unreadable(ticket + " on instance " + instance + ": " + e.getMessage());
                        break;
                    }
                    if (!again.equals(status)) {
                        check.changed(request.user() + "'s ticket " + ticket + " was seen " + status + ", then instance "
                                + instance + " said " + again);
                        break;
                    }
                }
            }
            return check.build(answers.size());
        }
    }

    /** The workers: threads in this JVM, or worker processes; started before the gate, stopped after. */
    private static final class Workers implements AutoCloseable {
        private final LineWorkers local;
        private final List<WorkerProcess> processes;
        private final Server h2Server;
        private final boolean ready;
        private boolean failed;

        private Workers(LineWorkers local, List<WorkerProcess> processes, Server h2Server, boolean ready) {
            this.local = local;
            this.processes = processes;
            this.h2Server = h2Server;
            this.ready = ready;
        }

        /**
         * Starts the workers on {@code repository}; with {@code notify}, they write the notices of the
         * requests they refuse or fail to the store's outbox (worker processes: on theirs, the same table).
         */
        static Workers start(Store store, SeatRepository repository, boolean notify, RaceOptions options,
                             BrokerLine line, PrintStream out) {
            if (options.workerProcesses() == 0) {
                LineWorkers.Builder builder = LineWorkers.builder(line.connect(), repository)
                        .threads(options.workers())
                        .workerName("race-" + ProcessHandle.current().pid());
                LineWorkers local = (notify ? builder.notices(store.outbox()) : builder).build().start();
                out.printf("  workers      : %d thread%s in this JVM%n", options.workers(),
                        options.workers() == 1 ? "" : "s");
                return new Workers(local, List.of(), null, true);
            }
            Server h2Server = null;
            String jdbcUrl = options.jdbcUrl();
            if (options.backend().equals("h2")) {
                try {
                    // loopback only (no -tcpAllowOthers); the workers reach this JVM's in-memory database
                    h2Server = Server.createTcpServer("-tcpPort", "0").start();
                } catch (SQLException e) {
                    throw new IllegalStateException("could not serve H2 to the worker processes: " + e.getMessage(), e);
                }
                jdbcUrl = "jdbc:h2:tcp://127.0.0.1:" + h2Server.getPort() + "/mem:" + RaceDemo.H2_NAME;
            }
            List<WorkerProcess> processes = new ArrayList<>();
            int k = options.workerProcesses();
            for (int p = 0; p < k; p++) {
                int threads = options.workers() / k + (p < options.workers() % k ? 1 : 0);
                List<String> args = new ArrayList<>(List.of("--queue", options.queue().optionName(),
                        "--line", line.name(), "--partitions", Integer.toString(line.partitions()),
                        "--capacity", Long.toString(line.capacity()), "--jdbc-url", jdbcUrl,
                        "--table", RaceDemo.TABLE, "--threads", Integer.toString(threads), "--name", "race-w" + p));
                if (line.url() != null) {
                    args.addAll(List.of("--queue-url", line.url()));
                }
                if (options.dbUser() != null) {
                    args.addAll(List.of("--db-user", options.dbUser()));
                }
                if (options.dbPassword() != null) {
                    args.addAll(List.of("--db-password", options.dbPassword()));
                }
                if (notify) {
                    args.add("--notify");
                }
                processes.add(WorkerProcess.start(args));
            }
            boolean ready = true;
            List<String> readiness = new ArrayList<>();
            for (WorkerProcess process : processes) {
                boolean up;
                try {
                    up = process.awaitReady(READY_TIMEOUT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    up = false;
                }
                if (up) {
                    readiness.add(String.format(Locale.ROOT, "%.1f s", process.readyAfter().toNanos() / 1e9));
                } else {
                    ready = false;
                    out.println("  workers      : " + process + " did not start; its log:");
                    process.log().lines().limit(40).forEach(logLine -> out.println("                 " + logLine));
                }
            }
            if (ready) {
                out.printf("  workers      : %d threads in %d worker process%s, ready after %s (JVM start to ready)%n",
                        options.workers(), k, k == 1 ? "" : "es", String.join(", ", readiness));
            }
            return new Workers(null, processes, h2Server, ready);
        }

        boolean ready() {
            return ready;
        }

        /** Whether any worker still runs: always, in this JVM; any worker process alive, otherwise. */
        boolean anyAlive() {
            return local != null || processes.stream().anyMatch(WorkerProcess::isAlive);
        }

        boolean failed() {
            return failed;
        }

        /** Stops the workers gracefully; a worker process that does not exit cleanly is reported. */
        void stop(PrintStream out) {
            if (local != null) {
                local.close();
                out.println("  worker stats : " + local.stats());
            }
            for (WorkerProcess process : processes) {
                int status;
                try {
                    status = process.stop(STOP_TIMEOUT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = -1;
                }
                String stats = process.log().lines().filter(l -> l.startsWith("booking-line-worker: stopping, "))
                        .map(l -> l.substring("booking-line-worker: stopping, ".length())).findFirst().orElse("?");
                out.printf("  worker %-6d: %s, exit status %d%n", process.pid(), stats, status);
                if (status != 0) {
                    failed = true;
                    process.log().lines().limit(40).forEach(logLine -> out.println("                 " + logLine));
                }
            }
        }

        @Override
        public void close() {
            if (local != null) {
                local.close();
            }
            processes.forEach(WorkerProcess::close);
            if (h2Server != null) {
                h2Server.stop();
            }
        }
    }

    private static void report(RaceOptions options, Round round, Users users, Integrity integrity,
                               TicketCheck tickets, ErrorTally errors, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "  submits      : %d accepted, %d answered busy (retried after the hint); the last"
                + " accepted %.1f ms after the first submit%n", users.accepted.sum(), users.busy.sum(),
                users.lastAccepted.get() == Long.MIN_VALUE ? Double.NaN
                        : (users.lastAccepted.get() - users.firstSubmit.get()) / 1e6);
        out.printf("  outcomes     : %d booked, %d refused, %d failed (as the users saw them)%n", tickets.booked(),
                tickets.refused(), tickets.failed());
        if (users.lastFinal.get() == Long.MIN_VALUE) {
            out.println("  spinner      : no ticket was seen final");
        } else {
            out.printf(Locale.ROOT, "  spinner      : %.1f ms from the first submit to the last ticket seen final%n",
                    (users.lastFinal.get() - users.firstSubmit.get()) / 1e6);
        }
        out.printf("  submit       : %s (SharedLine.submit, until the broker holds it durably)%n",
                percentiles(users.submitMicros));
        out.printf("  until final  : %s, from each user's submit to seeing its ticket final (polls every 50-100 ms;"
                + " %d polls in all)%n", percentiles(users.finalMicros), users.polls.sum());
        out.printf("  errors       : %d%n", errors.total() + round.unanswered());
        for (Map.Entry<String, Long> error : errors.samples().entrySet()) {
            out.printf("                 %d x %s%n", error.getValue(), BrokerUnreachableException.masked(error.getKey()));
        }
        if (round.unanswered() > 0) {
            out.printf("                 %d x no final status within %d s%s%n", round.unanswered(),
                    TICKET_DEADLINE.toSeconds(), users.abandoned.get() ? ", or given up when every worker process had"
                            + " exited" : "");
        }
        tickets.failures().forEach((why, count) -> out.printf("                 %d x ticket failed: %s%n", count, why));
        if (options.group() == 1) {
            out.printf("  winners      : %d%n", integrity.won());
            out.printf("  losers       : %d (told \"sorry, taken\")%s%n", tickets.refusedTaken(),
                    integrity.otherAnswers() > 0 ? ", plus " + integrity.otherAnswers() + " other answers" : "");
        } else {
            out.printf("  groups won   : %d (%d seats booked of %d)%n", integrity.won(), integrity.takenSeats(),
                    options.seats());
            out.printf("  groups lost  : %d (told which seats were unavailable; nothing of theirs was kept)%n",
                    tickets.refusedTaken());
        }
        if (!integrity.brokenPromises().isEmpty()) {
            out.println("  integrity    : FAILED");
            integrity.brokenPromises().forEach(problem -> out.println("                 " + problem));
            integrity.examples().forEach(example -> out.println("                 " + example));
        } else {
            out.printf("  integrity    : OK (every seat has at most one owner; all %d wins are stored under their"
                    + " ticket's reference; %d seats booked)%n", integrity.won(), integrity.takenSeats());
        }
        if (!tickets.brokenPromises().isEmpty()) {
            out.println("  tickets      : FAILED");
            tickets.brokenPromises().forEach(problem -> out.println("                 " + problem));
            tickets.examples().forEach(example -> out.println("                 " + example));
        } else {
            out.printf("  tickets      : OK (every winner's ticket says Booked for its owner, the other %d say"
                    + " Refused; all %d final statuses read again from both instances are unchanged)%n",
                    tickets.refused(), tickets.finals());
        }
        out.printf(Locale.ROOT, "  total time   : %.1f ms from the gate opening to the last answer%n",
                round.wallNanos() / 1e6);
    }

    private static String percentiles(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(99) / 1e3, micros.getMaxValue() / 1e3);
    }
}

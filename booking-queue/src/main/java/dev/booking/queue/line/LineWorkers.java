package dev.booking.queue.line;

import dev.booking.core.BookingException;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.OrderedClaims;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The workers of a shared line: threads that take the line's partitions in order and decide every
 * request with the conditional update of a {@link SeatRepository}, then settle its ticket once.
 * Run them embedded in a service or in a process of their own, any number of them on any number of
 * machines; the broker gives each partition to one of them at a time.
 *
 * <pre>{@code
 * LineWorkers workers = LineWorkers.builder(transport, seats).threads(4).build().start();
 * // ... on shutdown: finishes the batch in hand and hands the partitions over
 * workers.close();
 * }</pre>
 *
 * <p>Each thread opens its own {@link LineConsumer} and repeats: poll a batch of one partition;
 * acknowledge at once the requests whose tickets are already final (redeliveries); settle
 * {@link TicketStatus.Failed} and dead-letter those that do not decode, or that the broker has
 * delivered more than {@link Builder#maxAttempts maxAttempts} times; mark the rest processing and
 * decide them in the line's order, under the reference {@linkplain SharedLine#referenceFor derived
 * from each ticket}; {@linkplain TicketLedger#settle settle} the outcomes durably; with
 * {@linkplain Builder#notices notices} on, write the notice of every standing refusal and failure;
 * and only then acknowledge them. A repository that implements {@link OrderedClaims} decides a whole batch in one
 * transaction; any other gets one {@link SeatRepository#claim claim} per request, except that a
 * request for a seat which an earlier request of the same batch saw go to another user is refused
 * without a call (the seat was that user's when the request was already in line, and no request
 * between them could have freed it).
 *
 * <p>Guarantees, on any line whose broker keeps the SPI's promises:
 * <ul>
 *   <li><b>Exactly one final outcome per ticket.</b> Delivery is at least once; a request decided
 *   again after a crash is claimed under its ticket's reference, so the store answers its own
 *   earlier claim instead of claiming twice; and the ledger keeps the first outcome settled, so
 *   every instance reports that one for good. A refusal is settled (durably, by the ledger's rules)
 *   before anybody can see it.</li>
 *   <li><b>Order.</b> The requests of a partition (of a show) are decided one after another in the
 *   order the line accepted them: the first accepted request for a free seat gets it. Partitions
 *   proceed in parallel on different threads.</li>
 *   <li><b>Failover.</b> When a worker dies (thread, process or machine), the broker gives its
 *   partitions to another consumer within its documented takeover time, with the requests not yet
 *   acknowledged at the head and their attempt counted up; they are decided again in the same
 *   order, and those already settled are only acknowledged. A graceful {@link #close()} hands the
 *   partitions over at once.</li>
 *   <li><b>Failures.</b> A store outage ({@link BookingException}) is waited out: the same requests
 *   are retried with exponential back-off from 50 ms to 2 s, never dead-lettered, and the partition
 *   is kept. A broker outage (a poll, settle or acknowledge that throws) is waited out the same way.
 *   Any other exception deciding one request counts an attempt for that request; once it has had
 *   {@code maxAttempts}, its ticket is settled {@link TicketStatus.Failed} and it goes to the
 *   dead-letter place, and the partition moves on.</li>
 *   <li><b>Notices</b> (with {@link Builder#notices}). Every ticket that ends refused or failed has
 *   exactly one notice in the outbox, for the outcome the ledger holds: it is written after the
 *   ticket settles and before its request is acknowledged, under an id derived from the ticket, so
 *   a worker that dies in between leaves the request to be redelivered, and the redelivery, finding
 *   the ticket final, writes the same notice again, which the outbox ignores.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #start()} starts {@code threads} daemon threads named
 * {@code booking-line-<workerName>-<n>}, whose consumers are named {@code <workerName>-<n>};
 * {@link #close()} stops them gracefully. Thread-safety: all methods may be called from any thread.
 */
public final class LineWorkers implements AutoCloseable {

    /** Default {@link Builder#threads}: 1. */
    public static final int DEFAULT_THREADS = 1;
    /** Default {@link Builder#batchSize}: 128 requests. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Default {@link Builder#pollWait}: 100 ms. */
    public static final Duration DEFAULT_POLL_WAIT = Duration.ofMillis(100);
    /** Default {@link Builder#maxAttempts}: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The largest batch: as many requests as one {@link OrderedClaims} transaction takes. */
    public static final int MAX_BATCH_SIZE = OrderedClaims.MAX_BATCH;

    private static final Logger LOG = LoggerFactory.getLogger(LineWorkers.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** How long {@link #close()} waits for a thread to finish its batch before interrupting it. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** A refusal's or failure's notice id is this and the ticket id (URL-safe base64, allowed in a notice id). */
    private static final String NOTICE_PREFIX = "ticket-";

    private final LineTransport transport;
    private final SeatRepository seats;
    private final OrderedClaims ordered;
    private final int threadCount;
    private final int batchSize;
    private final Duration pollWait;
    private final int maxAttempts;
    private final String workerName;
    /** Where refusals and failures are told, or {@code null} when notices are off. */
    private final OutboxStore notices;
    private final Clock clock = Clock.systemUTC();

    private final Object lifecycle = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private boolean started;
    private boolean closed;
    private volatile boolean closing;
    private final CountDownLatch stopping = new CountDownLatch(1);

    private final Object statsLock = new Object();
    private long booked;
    private long refused;
    private long failed;
    private long deadLettered;
    private long unaddressed;

    private LineWorkers(Builder builder) {
        this.transport = builder.transport;
        this.seats = builder.seats;
        this.ordered = builder.seats instanceof OrderedClaims capable ? capable : null;
        this.threadCount = builder.threads;
        this.batchSize = builder.batchSize;
        this.pollWait = builder.pollWait;
        this.maxAttempts = builder.maxAttempts;
        this.workerName = builder.workerName != null ? builder.workerName : defaultWorkerName();
        this.notices = builder.notices;
    }

    /**
     * Starts configuring workers that take requests from {@code transport} and decide them on
     * {@code seats}.
     *
     * @param transport the line; these workers open their consumers on it but do not close it
     * @param seats     the store every request is decided on; if it implements {@link OrderedClaims},
     *                  batches are decided in one transaction each
     * @return a builder with the defaults
     * @throws IllegalArgumentException naming {@code transport} or {@code seats} if missing
     */
    public static Builder builder(LineTransport transport, SeatRepository seats) {
        return new Builder(Arguments.requirePresent("transport", transport), Arguments.requirePresent("seats", seats),
                DEFAULT_THREADS, DEFAULT_BATCH_SIZE, DEFAULT_POLL_WAIT, DEFAULT_MAX_ATTEMPTS, null, null);
    }

    /**
     * Starts the threads.
     *
     * @return this
     * @throws IllegalStateException if already started or closed
     */
    public LineWorkers start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("line workers " + workerName + " are closed");
            }
            if (started) {
                throw new IllegalStateException("line workers " + workerName + " are already started");
            }
            started = true;
            for (int i = 0; i < threadCount; i++) {
                String id = workerName + "-" + i;
                Thread thread = new Thread(new Worker(id)::run, "booking-line-" + id);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
        }
        LOG.info("line workers {} started on {}: {} threads, batches of {}{}{}", workerName, transport.name(),
                threadCount, batchSize, ordered != null ? ", one transaction per batch" : "",
                notices != null ? ", notices on" : "");
        return this;
    }

    /** The name the consumers of these workers are named after. */
    public String workerName() {
        return workerName;
    }

    /** A consistent snapshot of the counters. */
    public LineWorkerStats stats() {
        synchronized (statsLock) {
            return new LineWorkerStats(booked + refused + failed, booked, refused, failed, deadLettered, unaddressed);
        }
    }

    /**
     * Stops gracefully: every thread finishes the batch in hand (settles and acknowledges what it
     * decided; during an outage it stops retrying, and what it had not decided is redelivered to
     * the next consumer), then closes its consumer, which hands its partitions over. Waits up to
     * 30 seconds for each thread, then interrupts it. The transport is left open. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing = true;
        stopping.countDown();
        for (Thread thread : threads) {
            try {
                thread.join(CLOSE_WAIT.toMillis());
                if (thread.isAlive()) {
                    LOG.warn("{} did not finish its batch in {}; interrupting it", thread.getName(), CLOSE_WAIT);
                    thread.interrupt();
                    thread.join(TimeUnit.SECONDS.toMillis(5));
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.info("line workers {} closed: {}", workerName, stats());
    }

    @Override
    public String toString() {
        return "LineWorkers[" + workerName + " on " + transport.name() + "]";
    }

    private static String defaultWorkerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception unknown) {
            host = "host";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "_");
        // a random suffix: a restarted container often has the same host name and pid (1)
        String suffix = Integer.toHexString(0x10000 | new SecureRandom().nextInt(0x10000)).substring(1);
        return host + "-" + ProcessHandle.current().pid() + "-" + suffix;
    }

    private static TicketStatus statusOf(ClaimResult result) {
        if (result instanceof ClaimResult.Claimed claimed) {
            return new TicketStatus.Booked(claimed);
        } else if (result instanceof ClaimResult.Unavailable) {
            return new TicketStatus.Refused(TicketStatus.Reason.TAKEN);
        } else if (result instanceof ClaimResult.NoSuchSeats) {
            return new TicketStatus.Refused(TicketStatus.Reason.NO_SUCH_SEAT);
        } else {
            return new TicketStatus.Failed("reference in use");
        }
    }

    /** One request of a batch on its way to an outcome. */
    private static final class Pending {
        final Delivery delivery;
        final ClaimRequest request;
        /** Attempts used, counting the broker's deliveries and this worker's own retries. */
        int attempts;
        /** Whether the store may already have seen this request, so that only the store can answer it. */
        boolean tried;
        TicketStatus outcome;
        String deadLetterWhy;

        Pending(Delivery delivery, ClaimRequest request) {
            this.delivery = delivery;
            this.request = request;
            this.attempts = delivery.attempt();
            this.tried = delivery.attempt() > 1;
        }

        Ticket ticket() {
            return delivery.ticket();
        }
    }

    /**
     * What a batch has learnt of a seat: its owner (from a claim that got it), or that it was
     * unavailable to some user (from a refusal), so it belongs to someone else than that user.
     */
    private record Known(UserId owner, UserId refused) {
        boolean heldAgainst(UserId user) {
            return owner != null ? !owner.equals(user) : !refused.equals(user);
        }
    }

    /** Thrown inside a worker when it must stop deciding because {@link #close()} was called. */
    private static final class Closing extends Exception {
        private static final long serialVersionUID = 1L;

        Closing() {
            super(null, null, false, false);
        }
    }

    /** One thread's loop and its consumer. */
    private final class Worker {
        private final String id;
        private final TicketLedger ledger = transport.ledger();
        private Duration backoff = MIN_BACKOFF;
        private boolean troubled;

        Worker(String id) {
            this.id = id;
        }

        void run() {
            LineConsumer consumer = null;
            try {
                while (!closing) {
                    if (consumer == null) {
                        try {
                            consumer = transport.openConsumer(id);
                        } catch (RuntimeException e) {
                            trouble("could not open a consumer", e);
                            pause();
                            continue;
                        }
                    }
                    List<Delivery> batch;
                    try {
                        batch = consumer.poll(batchSize, pollWait);
                    } catch (RuntimeException e) {
                        trouble("could not poll the line", e);
                        pause();
                        continue;
                    }
                    recovered();
                    if (batch.isEmpty()) {
                        continue;
                    }
                    try {
                        handle(consumer, batch);
                    } catch (Closing stop) {
                        break;
                    } catch (RuntimeException bug) {
                        // the batch is not acknowledged; a fresh consumer gets it again, one attempt higher
                        LOG.error("{}: unexpected failure handling a batch of partition {}; reopening the consumer",
                                id, batch.get(0).partition(), bug);
                        closeQuietly(consumer);
                        consumer = null;
                        pauseQuietly();
                    }
                }
            } catch (Closing stop) {
                // closing while backing off
            } finally {
                if (consumer != null) {
                    closeQuietly(consumer);
                }
            }
        }

        private void handle(LineConsumer consumer, List<Delivery> batch) throws Closing {
            int partition = batch.get(0).partition();
            List<Ticket> tickets = batch.stream().map(Delivery::ticket).toList();
            Map<Ticket, TicketStatus> known = retrying("read the ledger", () -> ledger.statuses(tickets));

            List<Delivery> alreadyFinal = new ArrayList<>();
            List<Delivery> repeats = new ArrayList<>();
            List<Pending> pending = new ArrayList<>();
            Set<Ticket> seen = new HashSet<>();
            for (Delivery delivery : batch) {
                TicketStatus status = known.get(delivery.ticket());
                if (status != null && status.isFinal()) {
                    alreadyFinal.add(delivery);
                } else if (!seen.add(delivery.ticket())) {
                    repeats.add(delivery); // the same ticket twice in a batch: acknowledged once the first is settled
                } else {
                    pending.add(admit(delivery));
                }
            }
            if (!alreadyFinal.isEmpty()) {
                if (notices != null) {
                    // a redelivery: the worker before may have died between settling and telling
                    Map<Ticket, ClaimRequest> requests = new LinkedHashMap<>();
                    for (Delivery delivery : alreadyFinal) {
                        if (!(known.get(delivery.ticket()) instanceof TicketStatus.Booked)) {
                            requests.put(delivery.ticket(), requestOf(delivery));
                        }
                    }
                    tell(requests, known);
                }
                retrying("acknowledge", () -> {
                    consumer.acknowledge(alreadyFinal);
                    return null;
                });
            }
            List<Ticket> toDecide = pending.stream().filter(p -> p.outcome == null).map(Pending::ticket).toList();
            if (!toDecide.isEmpty()) {
                try {
                    ledger.processing(toDecide);
                } catch (RuntimeException e) {
                    LOG.debug("{}: could not mark {} tickets processing; deciding anyway", id, toDecide.size(), e);
                }
            }
            decide(consumer, partition, pending);
            if (!repeats.isEmpty()) {
                retrying("acknowledge", () -> {
                    consumer.acknowledge(repeats);
                    return null;
                });
            }
        }

        /** Decodes a delivery; one that cannot be decided at all gets its failed outcome at once. */
        private Pending admit(Delivery delivery) {
            ClaimRequest request = null;
            String poison = null;
            try {
                request = decode(delivery);
                if (request == null) {
                    poison = "its envelope names another ticket";
                }
            } catch (IllegalArgumentException malformed) {
                poison = "it could not be read: " + malformed.getMessage();
            }
            Pending pending = new Pending(delivery, request);
            if (poison != null) {
                pending.outcome = new TicketStatus.Failed("the request could not be read");
                pending.deadLetterWhy = poison;
            } else if (delivery.attempt() > maxAttempts) {
                pending.outcome = new TicketStatus.Failed("the request was not decided in " + maxAttempts + " attempts");
                pending.deadLetterWhy = "delivered " + delivery.attempt() + " times, more than " + maxAttempts;
            }
            return pending;
        }

        /**
         * The request a delivery carries, under its ticket's reference whatever the envelope says
         * (redeliveries must find their own claim); {@code null} if the envelope names another ticket.
         *
         * @throws IllegalArgumentException if the payload is not an envelope
         */
        private ClaimRequest decode(Delivery delivery) {
            Envelope envelope = Envelope.decode(delivery.payload());
            if (!envelope.ticket().equals(delivery.ticket())) {
                return null;
            }
            return envelope.request().withReference(SharedLine.referenceFor(delivery.ticket()));
        }

        /** The request of a delivery, or {@code null} if it cannot be read (it names no user then). */
        private ClaimRequest requestOf(Delivery delivery) {
            try {
                return decode(delivery);
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }

        /**
         * Writes the notice of every ticket of {@code requests} that stands refused or failed in
         * {@code standing}, waiting out an outbox that fails: the caller acknowledges only after.
         * A ticket whose request is {@code null} (unreadable) is skipped, logged and counted.
         */
        private void tell(Map<Ticket, ClaimRequest> requests, Map<Ticket, TicketStatus> standing) throws Closing {
            List<Notice> told = new ArrayList<>();
            for (Map.Entry<Ticket, ClaimRequest> entry : requests.entrySet()) {
                Ticket ticket = entry.getKey();
                TicketStatus status = standing.get(ticket);
                Notice.Kind kind;
                String detail;
                if (status instanceof TicketStatus.Refused refusal) {
                    kind = Notice.Kind.REFUSED;
                    detail = refusal.reason().name();
                } else if (status instanceof TicketStatus.Failed failure) {
                    kind = Notice.Kind.FAILED;
                    detail = failure.why();
                } else {
                    continue; // booked: the repository wrote its notice with the claim
                }
                ClaimRequest request = entry.getValue();
                if (request == null) {
                    LOG.warn("{}: ticket {} ended {}, but its request could not be read: no notice can be addressed",
                            id, ticket, status);
                    synchronized (statsLock) {
                        unaddressed++;
                    }
                    continue;
                }
                told.add(new Notice(NOTICE_PREFIX + ticket.id(), kind, request.user(), SharedLine.referenceFor(ticket),
                        request.seats(), null, detail, clock.instant()));
            }
            if (!told.isEmpty()) {
                // appendIfAbsent: notices written before a failure are found again, not repeated
                retrying("write notices", () -> {
                    told.forEach(notices::appendIfAbsent);
                    return null;
                });
            }
        }

        /**
         * Decides {@code pending} in order; settles and acknowledges what is decided whenever the
         * store fails, then waits and goes on with the rest, so that outcomes reached are not held
         * back by an outage.
         */
        private void decide(LineConsumer consumer, int partition, List<Pending> pending) throws Closing {
            Map<SeatId, Known> memory = new HashMap<>();
            int flushed = 0;
            int next = 0;
            while (next < pending.size()) {
                if (pending.get(next).outcome != null) {
                    next++;
                    continue;
                }
                try {
                    if (ordered != null) {
                        next = decideInOneTransaction(pending, next, memory);
                    } else {
                        decideOne(pending.get(next), memory);
                        next++;
                    }
                    backoff = MIN_BACKOFF;
                } catch (BookingException outage) {
                    LOG.warn("{}: the store failed ({}); retrying partition {} from request {} of {}",
                            id, outage.getMessage(), partition, next + 1, pending.size());
                    flush(consumer, partition, pending.subList(flushed, next));
                    flushed = next;
                    pause();
                } catch (Closing stop) {
                    // keep what was decided; the rest goes back to the line with the consumer
                    flush(consumer, partition, pending.subList(flushed, next));
                    throw stop;
                }
            }
            flush(consumer, partition, pending.subList(flushed, pending.size()));
        }

        /** Decides one request with one claim, or none when the batch already knows its seat is taken. */
        private void decideOne(Pending pending, Map<SeatId, Known> memory) throws Closing {
            if (!pending.tried) {
                List<SeatId> takenByOthers = new ArrayList<>();
                for (SeatId seat : pending.request.seats()) {
                    Known known = memory.get(seat);
                    if (known != null && known.heldAgainst(pending.request.user())) {
                        takenByOthers.add(seat);
                    }
                }
                if (!takenByOthers.isEmpty()) {
                    pending.outcome = statusOf(new ClaimResult.Unavailable(takenByOthers));
                    return;
                }
            }
            while (true) {
                pending.tried = true;
                ClaimResult result;
                try {
                    result = seats.claim(pending.request);
                } catch (BookingException outage) {
                    throw outage;
                } catch (RuntimeException e) {
                    if (pending.attempts >= maxAttempts) {
                        LOG.warn("{}: giving up ticket {} after {} attempts", id, pending.ticket(), pending.attempts, e);
                        pending.outcome = new TicketStatus.Failed("the request was not decided in " + maxAttempts + " attempts");
                        pending.deadLetterWhy = "failed " + pending.attempts + " attempts, last: " + e;
                        return;
                    }
                    pending.attempts++;
                    LOG.debug("{}: deciding ticket {} failed; attempt {} of {} next", id, pending.ticket(),
                            pending.attempts, maxAttempts, e);
                    pause();
                    continue;
                }
                learn(memory, pending.request, result);
                pending.outcome = statusOf(result);
                return;
            }
        }

        /** Decides the undecided requests from {@code from} on in one {@link OrderedClaims} call. */
        private int decideInOneTransaction(List<Pending> pending, int from, Map<SeatId, Known> memory) throws Closing {
            List<Pending> chunk = new ArrayList<>();
            for (int i = from; i < pending.size() && chunk.size() < OrderedClaims.MAX_BATCH; i++) {
                Pending p = pending.get(i);
                if (p.outcome == null) {
                    chunk.add(p);
                }
            }
            // the store may see them now: from here on only the store answers them, never the batch's memory
            chunk.forEach(p -> p.tried = true);
            List<ClaimResult> results;
            try {
                results = ordered.claimInOrder(chunk.stream().map(p -> p.request).toList());
                if (results == null || results.size() != chunk.size()) {
                    throw new IllegalStateException("claimInOrder answered " + (results == null ? "null" : results.size())
                            + " results for " + chunk.size() + " requests");
                }
            } catch (BookingException outage) {
                throw outage; // nothing of the batch was written: retried whole
            } catch (RuntimeException e) {
                // find the request at fault: decide them one by one, each with its own attempts
                LOG.warn("{}: deciding {} requests in one transaction failed; deciding them one by one", id, chunk.size(), e);
                for (Pending p : chunk) {
                    decideOne(p, memory);
                }
                return pending.indexOf(chunk.get(chunk.size() - 1)) + 1;
            }
            for (int i = 0; i < chunk.size(); i++) {
                chunk.get(i).outcome = statusOf(results.get(i));
            }
            return pending.indexOf(chunk.get(chunk.size() - 1)) + 1;
        }

        /** Records what a store answer says about its seats' owners, for the rest of the batch. */
        private void learn(Map<SeatId, Known> memory, ClaimRequest request, ClaimResult result) {
            if (result instanceof ClaimResult.Claimed claimed) {
                for (SeatId seat : claimed.seats()) {
                    memory.put(seat, new Known(claimed.owner(), null));
                }
            } else if (result instanceof ClaimResult.Unavailable unavailable) {
                for (SeatId seat : unavailable.seats()) {
                    memory.putIfAbsent(seat, new Known(null, request.user()));
                }
            }
        }

        /**
         * Settles the outcomes of {@code decided} (durably, set-once), then acknowledges them and
         * moves the failed ones to the dead-letter place.
         */
        private void flush(LineConsumer consumer, int partition, List<Pending> decided) throws Closing {
            if (decided.isEmpty()) {
                return;
            }
            Map<Ticket, TicketStatus> outcomes = new LinkedHashMap<>();
            for (Pending p : decided) {
                outcomes.put(p.ticket(), p.outcome);
            }
            Map<Ticket, TicketStatus> standing = retrying("settle", () -> ledger.settle(partition, outcomes));
            count(decided, standing);
            if (notices != null) {
                // for the outcome that stands, which may be another worker's: that is what every poll reports
                Map<Ticket, TicketStatus> holds = new HashMap<>(outcomes);
                holds.putAll(standing);
                Map<Ticket, ClaimRequest> requests = new LinkedHashMap<>();
                for (Pending p : decided) {
                    requests.put(p.ticket(), p.request);
                }
                tell(requests, holds);
            }
            List<Delivery> acknowledged = decided.stream().filter(p -> p.deadLetterWhy == null).map(p -> p.delivery).toList();
            if (!acknowledged.isEmpty()) {
                retrying("acknowledge", () -> {
                    consumer.acknowledge(acknowledged);
                    return null;
                });
            }
            for (Pending p : decided) {
                if (p.deadLetterWhy != null) {
                    retrying("dead-letter", () -> {
                        consumer.deadLetter(p.delivery, p.deadLetterWhy);
                        return null;
                    });
                }
            }
        }

        private void count(List<Pending> decided, Map<Ticket, TicketStatus> standing) {
            synchronized (statsLock) {
                for (Pending p : decided) {
                    TicketStatus stands = standing.get(p.ticket());
                    if (stands != null && !stands.equals(p.outcome)) {
                        continue; // another worker's outcome stood: not counted here
                    }
                    if (p.outcome instanceof TicketStatus.Booked) {
                        booked++;
                    } else if (p.outcome instanceof TicketStatus.Refused) {
                        refused++;
                    } else {
                        failed++;
                    }
                    if (p.deadLetterWhy != null) {
                        deadLettered++;
                    }
                }
            }
        }

        /** Calls the broker until it answers, backing off while it fails; gives up when closing. */
        private <T> T retrying(String what, Supplier<T> call) throws Closing {
            while (true) {
                try {
                    T answer = call.get();
                    recovered();
                    return answer;
                } catch (RuntimeException e) {
                    trouble("could not " + what, e);
                    pause();
                }
            }
        }

        private void trouble(String what, RuntimeException e) {
            if (!troubled) {
                troubled = true;
                LOG.warn("{}: {}; backing off and retrying", id, what, e);
            } else {
                LOG.debug("{}: {} again", id, what, e);
            }
        }

        private void recovered() {
            if (troubled) {
                troubled = false;
                backoff = MIN_BACKOFF;
                LOG.info("{}: the line answers again", id);
            }
        }

        /** Waits the current back-off and doubles it; throws when closing. */
        private void pause() throws Closing {
            if (closing) {
                throw new Closing();
            }
            try {
                if (stopping.await(backoff.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new Closing();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new Closing();
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        }

        private void pauseQuietly() {
            try {
                pause();
            } catch (Closing ignored) {
                // the loop sees closing
            }
        }

        private void closeQuietly(LineConsumer consumer) {
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the consumer failed", id, e);
            }
        }
    }

    /**
     * The immutable configuration of {@link LineWorkers}; every setter returns a new builder, and
     * invalid values raise {@link IllegalArgumentException} naming the setting.
     */
    public static final class Builder {
        private final LineTransport transport;
        private final SeatRepository seats;
        private final int threads;
        private final int batchSize;
        private final Duration pollWait;
        private final int maxAttempts;
        private final String workerName;
        private final OutboxStore notices;

        private Builder(LineTransport transport, SeatRepository seats, int threads, int batchSize, Duration pollWait,
                        int maxAttempts, String workerName, OutboxStore notices) {
            this.transport = transport;
            this.seats = seats;
            this.threads = threads;
            this.batchSize = batchSize;
            this.pollWait = pollWait;
            this.maxAttempts = maxAttempts;
            this.workerName = workerName;
            this.notices = notices;
        }

        /**
         * How many worker threads, each with its own consumer; default {@value LineWorkers#DEFAULT_THREADS}.
         * More threads than partitions leave some idle, ready to take over.
         *
         * @param threads 1 to 256
         * @return a new builder
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be from 1 to 256, was " + threads);
            }
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName, notices);
        }

        /**
         * The most requests taken and decided together; default {@value LineWorkers#DEFAULT_BATCH_SIZE}.
         *
         * @param batchSize 1 to {@value LineWorkers#MAX_BATCH_SIZE}
         * @return a new builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be from 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
            }
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName, notices);
        }

        /**
         * How long a poll waits for requests when the line is empty; default 100 ms. Bounds how
         * long {@link LineWorkers#close()} waits for an idle thread.
         *
         * @param pollWait from 1 ms to 30 s
         * @return a new builder
         */
        public Builder pollWait(Duration pollWait) {
            Arguments.requirePresent("pollWait", pollWait);
            if (pollWait.compareTo(Duration.ofMillis(1)) < 0 || pollWait.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalArgumentException("pollWait must be from 1 ms to 30 s, was " + pollWait);
            }
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName, notices);
        }

        /**
         * How many attempts a request gets (deliveries by the broker and retries here after an
         * unexpected exception, together) before its ticket is settled failed and it is
         * dead-lettered; default {@value LineWorkers#DEFAULT_MAX_ATTEMPTS}. Store outages
         * ({@link BookingException}) do not count.
         *
         * @param maxAttempts 1 to 100
         * @return a new builder
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be from 1 to 100, was " + maxAttempts);
            }
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName, notices);
        }

        /**
         * The prefix of the workers' names in the broker, {@code <workerName>-<thread>}; unique per
         * {@code LineWorkers} on the line. Default: host name, process id and 4 random hex digits.
         *
         * @param workerName 1 to 64 letters, digits, {@code . _ -}
         * @return a new builder
         */
        public Builder workerName(String workerName) {
            Arguments.requirePresent("workerName", workerName);
            if (!workerName.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("workerName must be 1 to 64 letters, digits, '.', '_' or '-', was "
                        + workerName);
            }
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName, notices);
        }

        /**
         * Tells every queued request that changes no seat how it ended: once its ticket has settled
         * {@link TicketStatus.Refused refused} or {@link TicketStatus.Failed failed}, a
         * {@link Notice} of kind {@link Notice.Kind#REFUSED REFUSED} (detail {@code TAKEN} or
         * {@code NO_SUCH_SEAT}) or {@link Notice.Kind#FAILED FAILED} (detail: the operator's
         * explanation) goes to {@code notices} with {@link OutboxStore#appendIfAbsent}, for the
         * request's user, under its ticket's reference, with its seats, and id
         * {@code ticket-<ticket id>}. It is written for the outcome the ledger holds (which may be
         * another worker's), after the ticket settles and before the request is acknowledged; a
         * failure to write it is waited out like a store outage, and the request is not acknowledged
         * without it. A request that could not be read names no user: no notice can be addressed for
         * it; it is logged and counted in {@link LineWorkerStats#unaddressed()}. Default: no notices.
         *
         * <p>Bookings (and holds) are not written here: the seat repository writes them in the same
         * transaction as the claim. Give these workers a repository built with this same outbox,
         * else the users whose requests are booked hear nothing.
         *
         * @param notices the outbox the workers' repository writes to
         * @return a new builder
         */
        public Builder notices(OutboxStore notices) {
            return new Builder(transport, seats, threads, batchSize, pollWait, maxAttempts, workerName,
                    Arguments.requirePresent("notices", notices));
        }

        /** Workers with this configuration, not yet started. */
        public LineWorkers build() {
            return new LineWorkers(this);
        }
    }
}

package dev.booking.core.outbox;

import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.core.spi.Arguments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers the records of an outbox: claims due records under a lease, hands each to a
 * {@link NoticeDelivery}, and marks it sent, due again later with backoff, or dead. Any number of
 * relays, in any number of processes, may run on one outbox at once.
 *
 * <p>Guarantee: every record is delivered at least once, unless it goes dead (visible through
 * {@link OutboxStore#list} and logged at WARN). A record is delivered twice only if a relay dies, or
 * loses its lease, after the receiver accepted it and before the relay marked it sent; the repeat
 * carries the same {@link Notice#id()}.
 *
 * <p>The duplicate window, plainly: the receiver accepts a notice, and the relay dies (or the store
 * is unreachable) before it records {@code SENT}. The record stays claimed until its lease ends
 * ({@link Builder#lease}, default 60 s); then a relay claims it again and delivers it once more,
 * with the same id. A delivery slower than the lease opens the same window, which is why the lease
 * must outlast a batch's deliveries.
 *
 * <p>Each attempt: {@link DeliveryResult.Delivered} marks the record sent; {@link DeliveryResult.RetryLater}
 * (or an exception from the delivery) makes it due again after a wait that doubles per attempt from
 * the backoff's first wait up to its cap, each wait drawn between half and all of that, until its
 * {@link Builder#maxAttempts attempts} run out and it goes dead; {@link DeliveryResult.Rejected}
 * makes it dead at once. Every record that goes dead is logged at WARN with its id, kind and error
 * (never its recipient). A mark refused by the store means another relay claimed the record after
 * this one's lease ended: counted as a lost lease and logged at WARN. Sent and dead records older
 * than the retention are purged about once a minute, and on every {@link #runOnce()}.
 *
 * <p>Thread-safety: safe to share; {@link #start()} and {@link #close()} may be called from any thread.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final AtomicInteger RELAYS = new AtomicInteger();
    /** Records purged per store call, and calls per state in one purge: a backlog is worked off over several purges. */
    private static final int PURGE_BATCH = 500;
    private static final int PURGE_CALLS = 20;
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    /** Errors are cut to this length before they are stored. */
    static final int MAX_ERROR_LENGTH = Notice.MAX_DETAIL_LENGTH;

    private final OutboxStore store;
    private final NoticeDelivery delivery;
    private final int threads;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration retention;
    private final String name;
    private final Clock clock;

    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder dead = new LongAdder();
    private final LongAdder lostLeases = new LongAdder();
    private final LongAdder purged = new LongAdder();

    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Thread> workers = new ArrayList<>();
    /** When the threads last purged, in the clock's epoch millis; one thread purges at a time. */
    private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);
    private final AtomicBoolean purging = new AtomicBoolean();

    private OutboxRelay(Builder builder) {
        this.store = builder.store;
        this.delivery = builder.delivery;
        this.threads = builder.threads;
        this.batchSize = builder.batchSize;
        this.pollInterval = builder.pollInterval;
        this.lease = builder.lease;
        this.maxAttempts = builder.maxAttempts;
        this.firstBackoff = builder.firstBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.retention = builder.retention;
        this.name = builder.relayName != null ? builder.relayName : defaultName();
        this.clock = builder.clock;
    }

    /**
     * Starts configuring a relay over {@code store} delivering through {@code delivery}.
     *
     * @throws IllegalArgumentException naming {@code store} or {@code delivery} if it is null
     */
    public static Builder builder(OutboxStore store, NoticeDelivery delivery) {
        return new Builder(Arguments.requirePresent("store", store), Arguments.requirePresent("delivery", delivery));
    }

    /**
     * Starts the relay's threads; at most once.
     *
     * @throws IllegalStateException if it was started or closed before
     */
    public OutboxRelay start() {
        if (stopping.getCount() == 0 || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("relay " + name + " was already started or closed");
        }
        synchronized (workers) {
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(this::work, "outbox-relay-" + name + "-" + i);
                worker.setDaemon(true);
                workers.add(worker);
            }
            workers.forEach(Thread::start);
        }
        return this;
    }

    /**
     * One pass on the calling thread, without {@link #start()}: claims one batch of due records,
     * delivers them, marks them, and purges what the retention allows.
     *
     * @return how many records were delivered
     * @throws RuntimeException what the store throws when claiming or purging (a failed mark is logged
     *                          and leaves the record to be claimed again when its lease ends)
     */
    public int runOnce() {
        int sent = pass();
        purge();
        return sent;
    }

    /** What the relay has done so far. */
    public OutboxRelayStats stats() {
        return new OutboxRelayStats(delivered.sum(), retried.sum(), dead.sum(), lostLeases.sum(), purged.sum());
    }

    /** This relay's name, as its leases and log lines carry it. */
    public String name() {
        return name;
    }

    /**
     * Stops the threads, waiting for the batches under way to be delivered and marked; leases held
     * end by themselves. Idempotent.
     */
    @Override
    public void close() {
        stopping.countDown();
        List<Thread> toJoin;
        synchronized (workers) {
            toJoin = List.copyOf(workers);
        }
        boolean interrupted = false;
        for (Thread worker : toJoin) {
            if (worker == Thread.currentThread()) {
                continue;   // closed from a delivery: that thread stops after its batch
            }
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;   // keep waiting: close promises the batches are done
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A worker thread: passes until closed, waiting a poll interval after a pass that found nothing. */
    private void work() {
        while (stopping.getCount() > 0) {
            int claimed;
            try {
                claimed = passCounted();
                if (due(PURGE_EVERY) && purging.compareAndSet(false, true)) {
                    try {
                        purge();
                    } finally {
                        purging.set(false);
                    }
                }
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                LOG.warn("outbox relay {} could not reach its store; trying again in {}", name, pollInterval, e);
                claimed = 0;
            }
            if (claimed == 0) {
                try {
                    stopping.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean due(Duration every) {
        long now = clock.millis();
        long last = lastPurge.get();
        return (last == Long.MIN_VALUE || now - last >= every.toMillis()) && lastPurge.compareAndSet(last, now);
    }

    /** One batch; returns how many records were delivered. */
    private int pass() {
        return deliverBatch()[1];
    }

    /** One batch; returns how many records were claimed. */
    private int passCounted() {
        return deliverBatch()[0];
    }

    /** Claims one batch and settles each record; returns {claimed, delivered}. */
    private int[] deliverBatch() {
        Instant now = clock.instant();
        List<OutboxRecord> batch = store.claimDue(name, batchSize, now, now.plus(lease));
        int sent = 0;
        for (OutboxRecord record : batch) {
            if (settle(record)) {
                sent++;
            }
        }
        return new int[] {batch.size(), sent};
    }

    /** Delivers one claimed record and marks what came of it; returns whether it was delivered and marked sent. */
    private boolean settle(OutboxRecord record) {
        DeliveryResult result = attempt(record.notice());
        Notice notice = record.notice();
        try {
            if (result instanceof DeliveryResult.Delivered) {
                if (marked(store.markSent(notice.id(), name, clock.instant()), notice)) {
                    delivered.increment();
                    return true;
                }
            } else if (result instanceof DeliveryResult.RetryLater later) {
                String error = error(later.reason());
                if (record.attempts() >= maxAttempts) {
                    goDead(notice, error + " (after " + record.attempts() + " attempts)");
                } else {
                    Instant next = clock.instant().plus(backoff(record.attempts(), firstBackoff, maxBackoff,
                            ThreadLocalRandom.current().nextDouble()));
                    if (marked(store.markRetry(notice.id(), name, next, error), notice)) {
                        retried.increment();
                        LOG.debug("outbox record {} ({}) failed attempt {}: {}; next at {}", notice.id(),
                                notice.kind(), record.attempts(), error, next);
                    }
                }
            } else {
                goDead(notice, error(((DeliveryResult.Rejected) result).reason()));
            }
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            LOG.warn("outbox relay {} could not mark record {} ({}); it is claimed again when its lease ends",
                    name, notice.id(), notice.kind(), e);
        }
        return false;
    }

    /** The delivery's answer; an exception or a missing answer counts as {@link DeliveryResult.RetryLater}. */
    private DeliveryResult attempt(Notice notice) {
        try {
            DeliveryResult result = delivery.deliver(notice);
            return result != null ? result : new DeliveryResult.RetryLater("the delivery answered nothing");
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            String message = e.getMessage();
            return new DeliveryResult.RetryLater(e.getClass().getName() + (message == null ? "" : ": " + message));
        }
    }

    private void goDead(Notice notice, String error) {
        if (marked(store.markDead(notice.id(), name, error), notice)) {
            dead.increment();
            LOG.warn("outbox record {} ({}) is dead: {}", notice.id(), notice.kind(), error);
        }
    }

    private boolean marked(boolean marked, Notice notice) {
        if (!marked) {
            lostLeases.increment();
            LOG.warn("outbox relay {} lost its lease on record {} ({}) before marking it: another relay owns it now",
                    name, notice.id(), notice.kind());
        }
        return marked;
    }

    /** Purges sent and dead records older than the retention. */
    private void purge() {
        Instant before = clock.instant().minus(retention);
        for (OutboxState state : List.of(OutboxState.SENT, OutboxState.DEAD)) {
            for (int call = 0; call < PURGE_CALLS; call++) {
                int gone = store.purge(state, before, PURGE_BATCH);
                purged.add(gone);
                if (gone < PURGE_BATCH) {
                    break;
                }
            }
        }
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: {@code first} doubled per attempt after
     * the first, capped at {@code max}, and then drawn between half and all of that by {@code random}
     * (in [0, 1)), so that records failing together do not come back together, while each wait is
     * still at least as long as the undrawn wait before it.
     */
    static Duration backoff(int attempts, Duration first, Duration max, double random) {
        Duration wait = first;
        for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
            wait = wait.compareTo(max.dividedBy(2)) >= 0 ? max : wait.multipliedBy(2);
        }
        if (wait.compareTo(max) > 0) {
            wait = max;
        }
        long nanos = wait.toNanos();
        return Duration.ofNanos(nanos - (long) (nanos / 2 * random));
    }

    private static String error(String reason) {
        return reason.length() <= MAX_ERROR_LENGTH ? reason : reason.substring(0, MAX_ERROR_LENGTH);
    }

    /** The host name, the process id and a counter: unique among the relays of one outbox. */
    private static String defaultName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "_");
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + RELAYS.incrementAndGet();
    }

    /**
     * The settings of an {@link OutboxRelay}. Immutable: each setter validates (an
     * {@link IllegalArgumentException} naming the setting) and returns a new builder.
     *
     * <p>Thread-safety: immutable and safe to share.
     */
    public static final class Builder {

        /** The longest relay name. */
        public static final int MAX_NAME_LENGTH = 100;

        private final OutboxStore store;
        private final NoticeDelivery delivery;
        private int threads = 1;
        private int batchSize = 50;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration lease = Duration.ofSeconds(60);
        private int maxAttempts = 10;
        private Duration firstBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(10);
        private Duration retention = Duration.ofDays(7);
        private String relayName;
        private Clock clock = Clock.systemUTC();

        private Builder(OutboxStore store, NoticeDelivery delivery) {
            this.store = store;
            this.delivery = delivery;
        }

        private Builder copy() {
            Builder copy = new Builder(store, delivery);
            copy.threads = threads;
            copy.batchSize = batchSize;
            copy.pollInterval = pollInterval;
            copy.lease = lease;
            copy.maxAttempts = maxAttempts;
            copy.firstBackoff = firstBackoff;
            copy.maxBackoff = maxBackoff;
            copy.retention = retention;
            copy.relayName = relayName;
            copy.clock = clock;
            return copy;
        }

        /** Delivery threads, default 1. */
        public Builder threads(int threads) {
            Builder copy = copy();
            copy.threads = atLeastOne("threads", threads);
            return copy;
        }

        /** Records claimed per pass, default 50. */
        public Builder batchSize(int batchSize) {
            Builder copy = copy();
            copy.batchSize = atLeastOne("batchSize", batchSize);
            return copy;
        }

        /** The wait between passes that found nothing due, default 200 ms. */
        public Builder pollInterval(Duration pollInterval) {
            Builder copy = copy();
            copy.pollInterval = positive("pollInterval", pollInterval);
            return copy;
        }

        /** How long a claim lasts, default 60 s: longer than one batch's deliveries take. */
        public Builder lease(Duration lease) {
            Builder copy = copy();
            copy.lease = positive("lease", lease);
            return copy;
        }

        /** Attempts before a record goes dead, default 10. */
        public Builder maxAttempts(int maxAttempts) {
            Builder copy = copy();
            copy.maxAttempts = atLeastOne("maxAttempts", maxAttempts);
            return copy;
        }

        /**
         * The first wait after a failed attempt, doubled per attempt up to {@code max}, jittered; default
         * 1 s to 10 min.
         *
         * @throws IllegalArgumentException naming {@code first} or {@code max} if missing or not positive,
         *                                  or {@code max} if shorter than {@code first}
         */
        public Builder backoff(Duration first, Duration max) {
            positive("first", first);
            positive("max", max);
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("max must not be shorter than first (" + first + "), was " + max);
            }
            Builder copy = copy();
            copy.firstBackoff = first;
            copy.maxBackoff = max;
            return copy;
        }

        /** How long sent and dead records are kept before they are purged, default 7 days. */
        public Builder retention(Duration retention) {
            Builder copy = copy();
            copy.retention = positive("retention", retention);
            return copy;
        }

        /**
         * This relay's name in leases and logs, default host name and process id plus a counter. Two
         * relays running at once must not share a name: their leases would be one.
         *
         * @throws IllegalArgumentException naming {@code relayName} if blank, longer than
         *                                  {@value #MAX_NAME_LENGTH} or holding a control character
         */
        public Builder relayName(String relayName) {
            Arguments.requirePresent("relayName", relayName);
            if (relayName.isBlank() || relayName.length() > MAX_NAME_LENGTH
                    || relayName.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("relayName must be 1 to " + MAX_NAME_LENGTH
                        + " characters, not blank, without control characters");
            }
            Builder copy = copy();
            copy.relayName = relayName;
            return copy;
        }

        /** The clock, default UTC system clock. */
        public Builder clock(Clock clock) {
            Builder copy = copy();
            copy.clock = Arguments.requirePresent("clock", clock);
            return copy;
        }

        /** Builds the relay, not started. */
        public OutboxRelay build() {
            return new OutboxRelay(this);
        }

        private static int atLeastOne(String field, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(field + " must be at least 1, was " + value);
            }
            return value;
        }

        private static Duration positive(String field, Duration value) {
            Arguments.requirePresent(field, value);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + value);
            }
            return value;
        }
    }
}

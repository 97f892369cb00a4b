package dev.booking.queue.line.memory;

import dev.booking.core.BookingException;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.LineBacklog;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A shared line kept in this JVM's memory: the reference implementation of the broker SPI and the
 * line of unit tests. It keeps every promise of {@link LineTransport}, {@link LineConsumer} and
 * {@link TicketLedger} except durability: what it holds dies with the JVM.
 *
 * <pre>{@code
 * InMemoryLine line = InMemoryLine.builder().name("shows").partitions(4).capacity(10_000).build();
 * InMemoryLine otherInstance = line.connect();          // a second "service instance" on the same line
 * SharedLine front = SharedLine.builder(line).build();
 * LineWorkers workers = LineWorkers.builder(otherInstance, seats).threads(2).build().start();
 * }</pre>
 *
 * <p>What it does, as a broker would:
 * <ul>
 *   <li>Partitions: each holds its requests in acceptance order. A partition is held by at most
 *   one open consumer at a time, across all views; a consumer takes free partitions while it holds
 *   fewer than its fair share ({@code ceil(partitions / open consumers)}) and hands back, between
 *   batches, those beyond its share, so that new consumers get work.</li>
 *   <li>Redelivery: when a consumer is closed, or its view {@linkplain #crash() crashes}, its
 *   deliveries not acknowledged go back to the head of their partitions, in order, with
 *   {@link Delivery#attempt()} one higher, for the next consumer. Takeover is immediate: the next
 *   {@link LineConsumer#poll poll} of another consumer takes the partition.</li>
 *   <li>Capacity: a partition counts as undecided every request appended and not yet acknowledged
 *   (or dead-lettered); at {@link Builder#capacity capacity} {@link #append} answers
 *   {@link AppendResult.Full} and nothing is appended.</li>
 *   <li>Ledger: queued (partition and sequence number) on append, processing, then one final
 *   status set once. A queued ticket's position is its sequence number less the partition's count
 *   of decided tickets; its estimated wait divides that by the partition's pace, an exponentially
 *   weighted moving average of decisions per second (100 per second is assumed until one is
 *   measured).</li>
 *   <li>Retention: a settled ticket and an idempotency key's binding are forgotten
 *   {@link Builder#retention retention} after they were settled or bound (the ledger then answers
 *   {@link TicketStatus.Unknown}), so that memory stays bounded by the traffic of one retention
 *   period plus each partition's capacity.</li>
 * </ul>
 *
 * <p>Views: {@link #connect()} returns another {@code InMemoryLine} on the same state, standing
 * for another service instance or worker process. Each view has its own consumers; closing a view
 * closes its consumers (a graceful handover) and leaves the line to the other views.
 *
 * <p>Thread-safety: every method of a view, its consumers and its ledger may be called from any
 * thread; one lock per line guards the state, and {@code poll} waits on it without holding it.
 */
public final class InMemoryLine implements LineTransport {

    /** Default {@link Builder#name}. */
    public static final String DEFAULT_NAME = "line";
    /** Default {@link Builder#partitions}: 4. */
    public static final int DEFAULT_PARTITIONS = 4;
    /** The most partitions a line may have. */
    public static final int MAX_PARTITIONS = 1_024;
    /** Default {@link Builder#capacity}: 10,000 undecided requests per partition. */
    public static final long DEFAULT_CAPACITY = 10_000;
    /** Default {@link Builder#retention}: 1 hour. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    /** How many dead letters are kept for {@link #deadLetters()}; the oldest go first. */
    public static final int MAX_DEAD_LETTERS = 10_000;

    private final State state;
    private final Ledger ledger = new Ledger();
    /** Consumers opened through this view that are still open; guarded by the state's lock. */
    private final Set<MemoryConsumer> consumers = new HashSet<>();
    private boolean crashed;
    private boolean closed;

    private InMemoryLine(State state) {
        this.state = state;
    }

    /** Starts configuring a new, empty line. */
    public static Builder builder() {
        return new Builder(DEFAULT_NAME, DEFAULT_PARTITIONS, DEFAULT_CAPACITY, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /**
     * Another view on this same line, as a second service instance or worker process would open
     * its own connection to the broker: it shares the partitions and the ledger, and has consumers
     * of its own.
     *
     * @return a new open view
     */
    public InMemoryLine connect() {
        return new InMemoryLine(state);
    }

    /**
     * Test hook: this view dies without closing anything, as a process killed with {@code kill -9}.
     * Its consumers lose their partitions at once, with their unacknowledged deliveries, which the
     * next consumer receives with a higher attempt; every later call through this view, its
     * consumers or its ledger throws {@link BookingException} ({@link BookingException.Failure#CONNECTION}),
     * so a worker still running on it can neither acknowledge nor settle anything more.
     */
    public void crash() {
        state.lock.lock();
        try {
            crashed = true;
            for (MemoryConsumer consumer : new ArrayList<>(consumers)) {
                consumer.release();
            }
            state.changed.signalAll();
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * Test hook: appends {@code payload} as the request of {@code ticket}, whatever it holds, and
     * records the ticket as queued; lets a test put a poison message (bytes that do not decode) in
     * the line. Capacity applies as to {@link #append}.
     *
     * @param partition the partition
     * @param ticket    the ticket the message names
     * @param payload   the raw bytes
     * @return whether it was appended
     */
    public AppendResult appendRaw(int partition, Ticket ticket, byte[] payload) {
        checkPartition(partition);
        Arguments.requirePresent("ticket", ticket);
        Arguments.requirePresent("payload", payload);
        return appendBytes(partition, ticket, payload.clone());
    }

    /** What was moved to the dead-letter place, oldest first (at most {@value #MAX_DEAD_LETTERS}). */
    public List<DeadLetter> deadLetters() {
        state.lock.lock();
        try {
            return List.copyOf(state.deadLetters);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * How many undecided requests {@code partition} holds: appended and neither acknowledged nor
     * dead-lettered.
     *
     * @param partition the partition
     * @return its depth, at most the capacity
     */
    public long depth(int partition) {
        checkPartition(partition);
        state.lock.lock();
        try {
            return state.parts[partition].depth();
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * The worker id of the consumer holding {@code partition} now, or empty if none does.
     *
     * @param partition the partition
     * @return the holder's worker id
     */
    public Optional<String> holderOf(int partition) {
        checkPartition(partition);
        state.lock.lock();
        try {
            MemoryConsumer holder = state.parts[partition].holder;
            return holder == null ? Optional.empty() : Optional.of(holder.workerId);
        } finally {
            state.lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Exact: the partition's {@link #depth depth} (queued and delivered, not yet acknowledged or
     * dead-lettered) and the age, by the line's clock, of the oldest of them, read under the line's lock.
     */
    @Override
    public Optional<LineBacklog> backlog(int partition) {
        checkPartition(partition);
        state.lock.lock();
        try {
            checkUsable();
            Partition part = state.parts[partition];
            Instant oldest = part.oldestAppendedAt();
            Duration age = oldest == null ? Duration.ZERO : Duration.between(oldest, state.clock.instant());
            return Optional.of(LineBacklog.of(partition, part.depth(), age.isNegative() ? Duration.ZERO : age));
        } finally {
            state.lock.unlock();
        }
    }

    /** The most undecided requests each partition holds. */
    public long capacity() {
        return state.capacity;
    }

    /** How long settled tickets and idempotency keys are remembered. */
    public Duration retention() {
        return state.retention;
    }

    @Override
    public String name() {
        return state.name;
    }

    @Override
    public int partitions() {
        return state.partitions;
    }

    @Override
    public AppendResult append(int partition, Envelope envelope) {
        checkPartition(partition);
        Arguments.requirePresent("envelope", envelope);
        return appendBytes(partition, envelope.ticket(), envelope.encode());
    }

    @Override
    public LineConsumer openConsumer(String workerId) {
        Arguments.requirePresent("workerId", workerId);
        if (workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        state.lock.lock();
        try {
            checkUsable();
            MemoryConsumer consumer = new MemoryConsumer(workerId);
            consumers.add(consumer);
            state.open.add(consumer);
            return consumer;
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public TicketLedger ledger() {
        return ledger;
    }

    /** Closes this view's consumers, handing their partitions over; other views go on. Idempotent. */
    @Override
    public void close() {
        state.lock.lock();
        try {
            if (!crashed) {
                for (MemoryConsumer consumer : new ArrayList<>(consumers)) {
                    consumer.release();
                }
            }
            closed = true;
            state.changed.signalAll();
        } finally {
            state.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryLine[" + state.name + ", " + state.partitions + " partitions]";
    }

    private AppendResult appendBytes(int partition, Ticket ticket, byte[] payload) {
        state.lock.lock();
        try {
            checkUsable();
            state.forgetExpired();
            Partition part = state.parts[partition];
            long depth = part.depth();
            if (depth >= state.capacity) {
                return new AppendResult.Full(depth);
            }
            long sequence = part.nextSequence++;
            part.ready.addLast(new Message(partition, sequence, ticket, payload, 1, state.clock.instant()));
            // a ticket appended twice (two racing submits with one key) keeps its first place
            state.tickets.putIfAbsent(ticket, new TicketEntry(partition, sequence));
            state.changed.signalAll();
            return new AppendResult.Appended();
        } finally {
            state.lock.unlock();
        }
    }

    private void checkPartition(int partition) {
        if (partition < 0 || partition >= state.partitions) {
            throw new IllegalArgumentException("partition must be from 0 to " + (state.partitions - 1)
                    + ", was " + partition);
        }
    }

    /** Called with the lock held. */
    private void checkUsable() {
        if (crashed) {
            throw new BookingException(BookingException.Failure.CONNECTION,
                    "in-memory line " + state.name + ": this view has crashed");
        }
        if (closed) {
            throw new IllegalStateException("in-memory line " + state.name + ": this view is closed");
        }
    }

    /**
     * A request moved to the dead-letter place.
     *
     * @param partition the partition it came from
     * @param ticket    its ticket
     * @param payload   its bytes, as appended
     * @param attempt   the delivery attempt that gave it up
     * @param why       why it was given up
     */
    public record DeadLetter(int partition, Ticket ticket, byte[] payload, int attempt, String why) {
        /** Rejects missing parts. */
        public DeadLetter {
            Arguments.requirePresent("ticket", ticket);
            Arguments.requirePresent("payload", payload);
            Arguments.requirePresent("why", why);
        }
    }

    /**
     * The immutable configuration of a new line; every setter returns a new builder, and invalid
     * values raise {@link IllegalArgumentException} naming the setting.
     */
    public static final class Builder {
        private final String name;
        private final int partitions;
        private final long capacity;
        private final Duration retention;
        private final Clock clock;

        private Builder(String name, int partitions, long capacity, Duration retention, Clock clock) {
            this.name = name;
            this.partitions = partitions;
            this.capacity = capacity;
            this.retention = retention;
            this.clock = clock;
        }

        /**
         * The line's name; default {@value InMemoryLine#DEFAULT_NAME}.
         *
         * @param name not blank
         * @return a new builder
         */
        public Builder name(String name) {
            Arguments.requirePresent("name", name);
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            return new Builder(name, partitions, capacity, retention, clock);
        }

        /**
         * How many partitions; default {@value InMemoryLine#DEFAULT_PARTITIONS}.
         *
         * @param partitions 1 to {@value InMemoryLine#MAX_PARTITIONS}
         * @return a new builder
         */
        public Builder partitions(int partitions) {
            if (partitions < 1 || partitions > MAX_PARTITIONS) {
                throw new IllegalArgumentException("partitions must be from 1 to " + MAX_PARTITIONS + ", was " + partitions);
            }
            return new Builder(name, partitions, capacity, retention, clock);
        }

        /**
         * The most undecided requests each partition holds; default {@value InMemoryLine#DEFAULT_CAPACITY}.
         *
         * @param capacity at least 1
         * @return a new builder
         */
        public Builder capacity(long capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            return new Builder(name, partitions, capacity, retention, clock);
        }

        /**
         * How long a settled ticket and an idempotency key's binding are remembered; default 1 hour.
         *
         * @param retention positive
         * @return a new builder
         */
        public Builder retention(Duration retention) {
            Arguments.requirePresent("retention", retention);
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be positive, was " + retention);
            }
            return new Builder(name, partitions, capacity, retention, clock);
        }

        /**
         * The clock for retention and pace; default UTC system time. Tests substitute one they move.
         *
         * @param clock the clock
         * @return a new builder
         */
        public Builder clock(Clock clock) {
            return new Builder(name, partitions, capacity, retention, Arguments.requirePresent("clock", clock));
        }

        /** A new, empty line; {@link InMemoryLine#connect()} opens more views on it. */
        public InMemoryLine build() {
            return new InMemoryLine(new State(name, partitions, capacity, retention, clock));
        }
    }

    /** One consumer, used by one worker thread; its state is guarded by the line's lock. */
    private final class MemoryConsumer implements LineConsumer {
        private final String workerId;
        private final List<Partition> held = new ArrayList<>();
        private boolean open = true;
        private int next;

        MemoryConsumer(String workerId) {
            this.workerId = workerId;
        }

        @Override
        public List<Delivery> poll(int max, Duration wait) {
            if (max < 1) {
                throw new IllegalArgumentException("max must be at least 1, was " + max);
            }
            Arguments.requirePresent("wait", wait);
            if (wait.isNegative()) {
                throw new IllegalArgumentException("wait must not be negative, was " + wait);
            }
            long remaining = wait.toNanos();
            state.lock.lock();
            try {
                while (true) {
                    checkOpen();
                    rebalance();
                    List<Delivery> batch = take(max);
                    if (!batch.isEmpty() || remaining <= 0) {
                        return batch;
                    }
                    try {
                        remaining = state.changed.awaitNanos(remaining);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return List.of();
                    }
                }
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public void acknowledge(List<Delivery> decided) {
            Arguments.requirePresent("decided", decided);
            state.lock.lock();
            try {
                checkOpen();
                for (Delivery delivery : decided) {
                    remove(delivery);
                }
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public void deadLetter(Delivery delivery, String why) {
            Arguments.requirePresent("delivery", delivery);
            Arguments.requirePresent("why", why);
            state.lock.lock();
            try {
                checkOpen();
                Message message = remove(delivery);
                if (message != null) {
                    if (state.deadLetters.size() >= MAX_DEAD_LETTERS) {
                        state.deadLetters.removeFirst();
                    }
                    state.deadLetters.addLast(new DeadLetter(message.partition, message.ticket, message.payload,
                            delivery.attempt(), why));
                }
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public void close() {
            state.lock.lock();
            try {
                if (open && !crashed) {
                    release();
                }
                open = false;
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public String toString() {
            return "InMemoryLine consumer " + workerId;
        }

        /** Lock held. A closed or crashed consumer cannot be used; a crashed one says so as a broker outage. */
        private void checkOpen() {
            checkUsable();
            if (!open) {
                throw new IllegalStateException("consumer " + workerId + " is closed");
            }
        }

        /**
         * Lock held. Removes an acknowledged delivery, if this consumer still holds it; a stale
         * one (its partition was handed over since) is ignored: it is redelivered to the holder,
         * which finds its ticket settled.
         */
        private Message remove(Delivery delivery) {
            if (!(delivery.receipt() instanceof Message message)) {
                throw new IllegalArgumentException("delivery must come from this line's poll");
            }
            Partition part = state.parts[message.partition];
            if (part.holder != this || part.inflight.get(message.sequence) != message) {
                return null;
            }
            part.inflight.remove(message.sequence);
            return message;
        }

        /** Lock held. Takes free partitions up to the fair share, hands back idle ones beyond it. */
        private void rebalance() {
            int share = (state.partitions + state.open.size() - 1) / state.open.size();
            for (Iterator<Partition> it = held.iterator(); it.hasNext() && held.size() > share; ) {
                Partition part = it.next();
                if (part.inflight.isEmpty()) {
                    part.holder = null;
                    it.remove();
                    state.changed.signalAll();
                }
            }
            for (Partition part : state.parts) {
                if (held.size() >= share) {
                    break;
                }
                if (part.holder == null) {
                    part.holder = this;
                    held.add(part);
                }
            }
        }

        /** Lock held. Up to {@code max} ready requests of one held partition, taken in turn. */
        private List<Delivery> take(int max) {
            for (int i = 0; i < held.size(); i++) {
                Partition part = held.get((next + i) % held.size());
                if (part.ready.isEmpty()) {
                    continue;
                }
                next = (next + i + 1) % held.size();
                List<Delivery> batch = new ArrayList<>(Math.min(max, part.ready.size()));
                while (batch.size() < max && !part.ready.isEmpty()) {
                    Message message = part.ready.removeFirst();
                    part.inflight.put(message.sequence, message);
                    batch.add(new Delivery(message.partition, message.ticket, message.payload.clone(),
                            message.attempt, message));
                }
                return batch;
            }
            return List.of();
        }

        /**
         * Lock held. Gives up every held partition; unacknowledged deliveries go back to the head,
         * in order, one attempt higher.
         */
        private void release() {
            for (Partition part : held) {
                List<Message> unacknowledged = new ArrayList<>(part.inflight.values());
                part.inflight.clear();
                for (int i = unacknowledged.size() - 1; i >= 0; i--) {
                    part.ready.addFirst(unacknowledged.get(i).redelivered());
                }
                part.holder = null;
            }
            held.clear();
            open = false;
            consumers.remove(this);
            state.open.remove(this);
            state.changed.signalAll();
        }
    }

    /** This view's window on the shared ledger. */
    private final class Ledger implements TicketLedger {

        @Override
        public Ticket bind(String idempotencyKey, Ticket candidate) {
            Arguments.requirePresent("idempotencyKey", idempotencyKey);
            Arguments.requirePresent("candidate", candidate);
            state.lock.lock();
            try {
                checkUsable();
                state.forgetExpired();
                Binding binding = state.keys.get(idempotencyKey);
                if (binding == null) {
                    binding = new Binding(candidate, state.clock.instant().plus(state.retention));
                    state.keys.put(idempotencyKey, binding);
                    state.expiries.addLast(new Expiry(binding.expiresAt, idempotencyKey, null));
                }
                return binding.ticket;
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public void processing(Collection<Ticket> tickets) {
            Arguments.requirePresent("tickets", tickets);
            state.lock.lock();
            try {
                checkUsable();
                for (Ticket ticket : tickets) {
                    TicketEntry entry = state.tickets.get(ticket);
                    if (entry != null && entry.outcome == null) {
                        entry.processing = true;
                    }
                }
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public Map<Ticket, TicketStatus> settle(int partition, Map<Ticket, TicketStatus> outcomes) {
            checkPartition(partition);
            Arguments.requirePresent("outcomes", outcomes);
            for (Map.Entry<Ticket, TicketStatus> outcome : outcomes.entrySet()) {
                if (outcome.getKey() == null || outcome.getValue() == null || !outcome.getValue().isFinal()) {
                    throw new IllegalArgumentException("outcomes must map tickets to final statuses, had "
                            + outcome.getKey() + " -> " + outcome.getValue());
                }
            }
            state.lock.lock();
            try {
                checkUsable();
                Instant now = state.clock.instant();
                Instant forgetAt = now.plus(state.retention);
                Map<Ticket, TicketStatus> standing = new LinkedHashMap<>();
                int decided = 0;
                for (Map.Entry<Ticket, TicketStatus> outcome : outcomes.entrySet()) {
                    TicketEntry entry = state.tickets.get(outcome.getKey());
                    if (entry != null && entry.outcome != null) {
                        standing.put(outcome.getKey(), entry.outcome);
                        continue;
                    }
                    if (entry == null) {
                        // settled after it was forgotten, or never queued here: remembered all the same
                        entry = new TicketEntry(partition, -1);
                        state.tickets.put(outcome.getKey(), entry);
                    } else {
                        decided++;
                    }
                    entry.outcome = outcome.getValue();
                    entry.forgetAt = forgetAt;
                    state.expiries.addLast(new Expiry(forgetAt, null, outcome.getKey()));
                    standing.put(outcome.getKey(), outcome.getValue());
                }
                state.parts[partition].decided(decided, now);
                return standing;
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public TicketStatus status(Ticket ticket) {
            Arguments.requirePresent("ticket", ticket);
            state.lock.lock();
            try {
                checkUsable();
                state.forgetExpired();
                return state.statusOf(ticket);
            } finally {
                state.lock.unlock();
            }
        }

        @Override
        public Map<Ticket, TicketStatus> statuses(Collection<Ticket> tickets) {
            Arguments.requirePresent("tickets", tickets);
            state.lock.lock();
            try {
                checkUsable();
                state.forgetExpired();
                Map<Ticket, TicketStatus> answers = new LinkedHashMap<>();
                for (Ticket ticket : tickets) {
                    answers.put(ticket, state.statusOf(Arguments.requirePresent("tickets", ticket)));
                }
                return answers;
            } finally {
                state.lock.unlock();
            }
        }
    }

    /** Everything the views of one line share; guarded by {@link #lock}. */
    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        /** Signalled on every append and every partition handed back, for waiting polls. */
        final Condition changed = lock.newCondition();
        final String name;
        final int partitions;
        final long capacity;
        final Duration retention;
        final Clock clock;
        final Partition[] parts;
        final Set<MemoryConsumer> open = new HashSet<>();
        final Map<Ticket, TicketEntry> tickets = new HashMap<>();
        final Map<String, Binding> keys = new HashMap<>();
        /** Settlements and bindings in the order they were made, hence (nearly) of their expiry. */
        final ArrayDeque<Expiry> expiries = new ArrayDeque<>();
        final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();

        State(String name, int partitions, long capacity, Duration retention, Clock clock) {
            this.name = name;
            this.partitions = partitions;
            this.capacity = capacity;
            this.retention = retention;
            this.clock = clock;
            this.parts = new Partition[partitions];
            for (int i = 0; i < partitions; i++) {
                parts[i] = new Partition();
            }
        }

        /** Lock held. Forgets settled tickets and key bindings past retention. */
        void forgetExpired() {
            Instant now = clock.instant();
            while (!expiries.isEmpty() && !expiries.peekFirst().at.isAfter(now)) {
                Expiry expiry = expiries.removeFirst();
                if (expiry.key != null) {
                    Binding binding = keys.get(expiry.key);
                    if (binding != null && binding.expiresAt.equals(expiry.at)) {
                        keys.remove(expiry.key);
                    }
                } else {
                    TicketEntry entry = tickets.get(expiry.ticket);
                    if (entry != null && expiry.at.equals(entry.forgetAt)) {
                        tickets.remove(expiry.ticket);
                    }
                }
            }
        }

        /** Lock held. */
        TicketStatus statusOf(Ticket ticket) {
            TicketEntry entry = tickets.get(ticket);
            if (entry == null) {
                return new TicketStatus.Unknown();
            }
            if (entry.outcome != null) {
                return entry.outcome;
            }
            if (entry.processing) {
                return new TicketStatus.Processing();
            }
            Partition part = parts[entry.partition];
            long position = Math.max(0, entry.sequence - part.decided);
            double pace = part.pace > 0 ? part.pace : Partition.ASSUMED_PACE;
            long waitNanos = (long) Math.min(Long.MAX_VALUE / 2.0, (position + 1) / pace * 1e9);
            return new TicketStatus.Queued(position, Duration.ofNanos(waitNanos));
        }
    }

    /** One partition; guarded by the line's lock. */
    private static final class Partition {
        /** Decisions per second assumed until a pace is measured. */
        static final double ASSUMED_PACE = 100;
        /** A pace sample spans at least this long, so that one batch does not read as a burst rate. */
        static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
        /** A sample longer than this spans idle time, which is not the workers' pace: it is dropped. */
        static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
        /** The weight of the newest sample in the moving average. */
        static final double WEIGHT = 0.3;

        final ArrayDeque<Message> ready = new ArrayDeque<>();
        final TreeMap<Long, Message> inflight = new TreeMap<>();
        MemoryConsumer holder;
        long nextSequence;
        long decided;
        double pace;
        Instant sampleStart;
        long sampleCount;

        long depth() {
            return ready.size() + inflight.size();
        }

        /** When the oldest undecided request was appended, or null if there is none. */
        Instant oldestAppendedAt() {
            Instant oldest = null;
            if (!ready.isEmpty()) {
                oldest = ready.peekFirst().appendedAt();
            }
            if (!inflight.isEmpty()) {
                Instant inFlight = inflight.firstEntry().getValue().appendedAt();
                oldest = oldest == null || inFlight.isBefore(oldest) ? inFlight : oldest;
            }
            return oldest;
        }

        void decided(int count, Instant now) {
            if (count == 0) {
                return;
            }
            decided += count;
            if (sampleStart == null) {
                sampleStart = now;
                return; // the first settlement opens a sample; its own count is the previous interval's
            }
            sampleCount += count;
            long elapsed = Duration.between(sampleStart, now).toNanos();
            if (elapsed > IDLE_NANOS) {
                sampleStart = now;
                sampleCount = 0;
            } else if (elapsed >= SAMPLE_NANOS) {
                double rate = sampleCount * 1e9 / elapsed;
                pace = pace == 0 ? rate : WEIGHT * rate + (1 - WEIGHT) * pace;
                sampleStart = now;
                sampleCount = 0;
            }
        }
    }

    /** One appended request, as stored; a redelivery is a copy with a higher attempt. */
    private record Message(int partition, long sequence, Ticket ticket, byte[] payload, int attempt, Instant appendedAt) {
        Message redelivered() {
            return new Message(partition, sequence, ticket, payload, attempt + 1, appendedAt);
        }
    }

    /** The ledger's record of one ticket; guarded by the line's lock. */
    private static final class TicketEntry {
        final int partition;
        final long sequence;
        boolean processing;
        TicketStatus outcome;
        Instant forgetAt;

        TicketEntry(int partition, long sequence) {
            this.partition = partition;
            this.sequence = sequence;
        }
    }

    private record Binding(Ticket ticket, Instant expiresAt) {
    }

    /** When to forget a key's binding ({@code key} set) or a settled ticket ({@code ticket} set). */
    private record Expiry(Instant at, String key, Ticket ticket) {
    }
}

package dev.booking.queue.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.booking.core.BookingException;
import dev.booking.core.spi.Arguments;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.StatusCodec;
import dev.booking.queue.line.spi.TicketLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ticket ledger kept in a RabbitMQ stream: every write is a {@link LedgerRecord} published with
 * a confirm; every instance tails the stream from its first retained record into a local map, in
 * the stream's one order, so all instances agree on which settlement of a ticket (and which
 * binding of a key) came first. A writer that needs the standing answer (settle, bind) waits until
 * its own tail has read its record; an append's queued record needs only its confirm (see
 * {@link #publishQueued}). A final status is read from memory; anything else
 * only after a sync (a marker read back), so that no instance answers older than another has.
 */
final class StreamLedger implements TicketLedger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamLedger.class);
    private static final String OFFSET_HEADER = "x-stream-offset";
    private static final long SWEEP_EVERY_MILLIS = 5_000;
    private static final int PREFETCH = 2000;
    private static final int ACK_EVERY = 50;
    /** Assumed time per decision until a partition has shown its pace. */
    private static final double DEFAULT_MILLIS_PER_DECISION = 5.0;

    private final String stream;
    private final ConfirmPublisher publisher;
    private final Duration timeout;
    private final long retentionMillis;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    // the applied state, guarded by this
    private final Map<Ticket, Entry> tickets = new HashMap<>();
    private final Map<String, Bound> keys = new HashMap<>();
    private final long[] queuedCount;
    private final long[] settledCount;
    private final double[] millisPerDecision;
    private final long[] lastSettleAt;
    /** Appends of this instance whose queued record the tail has not read yet, per partition. */
    private final long[] reserved;
    private final Map<String, Integer> reservations = new HashMap<>();
    private long lastOffset = -1;
    private final Object syncLock = new Object();
    private boolean syncing;
    private CompletableFuture<Void> nextSync;
    private long lastSweep;

    private final Connection connection;
    /** Replaced when the broker cancels the consumer; closed with the ledger. */
    private volatile Channel tail;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean resubscribing = new java.util.concurrent.atomic.AtomicBoolean();

    StreamLedger(Connection connection, String stream, int partitions, ConfirmPublisher publisher,
                 Duration timeout, Duration retention) throws IOException {
        this.connection = connection;
        this.stream = stream;
        this.publisher = publisher;
        this.timeout = timeout;
        this.retentionMillis = retention.toMillis();
        this.queuedCount = new long[partitions];
        this.settledCount = new long[partitions];
        this.millisPerDecision = new double[partitions];
        this.lastSettleAt = new long[partitions];
        this.reserved = new long[partitions];
        java.util.Arrays.fill(millisPerDecision, DEFAULT_MILLIS_PER_DECISION);
        this.tail = connection.createChannel();
        tail.basicQos(PREFETCH); // a stream consumer needs a prefetch; acks give the credit back
        // After a connection recovery the consumer is registered again from the first offset: the
        // records already applied are skipped by their offset, so replay changes nothing.
        tail.basicConsume(stream, false, Map.of(OFFSET_HEADER, "first"), new Tail(tail));
        // read everything retained before answering anybody
        write(new LedgerRecord.Marker(System.currentTimeMillis()), true);
    }

    /**
     * Reserves room for one append to {@code partition}: refused when the undecided requests this
     * instance knows of plus its appends in flight reach {@code capacity}. A reservation is released
     * when the tail reads its queued record (from then on the queued count holds it) or by
     * {@link #release}, whichever comes first.
     *
     * @return the id for the queued record, or null if there is no room
     */
    synchronized String reserve(int partition, long capacity) {
        if (pending(partition) + reserved[partition] >= capacity) {
            return null;
        }
        String id = UUID.randomUUID().toString();
        reservations.put(id, partition);
        reserved[partition]++;
        return id;
    }

    /** What admission counts against capacity in {@code partition}: undecided plus reserved. */
    synchronized long admitted(int partition) {
        return pending(partition) + reserved[partition];
    }

    /** Releases a reservation (idempotent). */
    synchronized void release(String id) {
        Integer partition = reservations.remove(id);
        if (partition != null) {
            reserved[partition]--;
        }
    }

    /**
     * Publishes the queued record of a reservation without waiting: the future says whether the
     * stream confirmed it. No read-back: once confirmed, the record has its place in the stream, and
     * every status that is not final first reads a marker published after the call began (see
     * {@link #status}), which the stream places after this record; so any instance asked after the
     * append answered finds the ticket. Admission does not need it read either: the reservation
     * stands until the tail has counted the record.
     */
    CompletableFuture<Boolean> publishQueued(String id, Ticket ticket, int partition) {
        return publisher.publishAsync(stream, properties(id),
                LedgerRecord.encode(new LedgerRecord.Queued(System.currentTimeMillis(), ticket, partition)));
    }

    /**
     * Takes back one queued record of {@code ticket}, confirmed; tried again (the connection may be
     * recovering) until the confirm timeout has passed.
     *
     * @throws BookingException if it could not be written in that time
     */
    void withdraw(Ticket ticket, int partition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                write(new LedgerRecord.Withdrawn(System.currentTimeMillis(), ticket, partition), false);
                return;
            } catch (BookingException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.debug("ledger {}: withdrawing {} failed, trying again: {}", stream, ticket, e.getMessage());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BookingException(BookingException.Failure.CONNECTION, "interrupted withdrawing a ledger record", e);
            }
        }
    }

    private static AMQP.BasicProperties properties(String id) {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).messageId(id).build();
    }

    @Override
    public Ticket bind(String idempotencyKey, Ticket candidate) {
        Arguments.requirePresent("idempotencyKey", idempotencyKey);
        Arguments.requirePresent("candidate", candidate);
        synchronized (this) {
            Bound bound = keys.get(idempotencyKey);
            if (bound != null) {
                return bound.ticket;
            }
        }
        write(new LedgerRecord.Bind(System.currentTimeMillis(), idempotencyKey, candidate), true);
        synchronized (this) {
            Bound bound = keys.get(idempotencyKey);
            return bound == null ? candidate : bound.ticket;
        }
    }

    @Override
    public void processing(Collection<Ticket> processing) {
        Arguments.requirePresent("tickets", processing);
        if (processing.isEmpty()) {
            return;
        }
        write(new LedgerRecord.Processing(System.currentTimeMillis(), List.copyOf(processing)), true);
    }

    @Override
    public Map<Ticket, TicketStatus> settle(int partition, Map<Ticket, TicketStatus> outcomes) {
        if (partition < 0 || partition >= queuedCount.length) {
            throw new IllegalArgumentException("partition must be from 0 to " + (queuedCount.length - 1) + ", was " + partition);
        }
        Arguments.requirePresent("outcomes", outcomes);
        List<Ticket> ids = new ArrayList<>(outcomes.size());
        List<byte[]> stored = new ArrayList<>(outcomes.size());
        outcomes.forEach((ticket, status) -> {
            Arguments.requirePresent("ticket", ticket);
            ids.add(ticket);
            stored.add(StatusCodec.encode(status)); // rejects a status that is not final
        });
        if (ids.isEmpty()) {
            return Map.of();
        }
        write(new LedgerRecord.Settled(System.currentTimeMillis(), partition, ids, stored), true);
        Map<Ticket, TicketStatus> standing = new LinkedHashMap<>();
        synchronized (this) {
            for (Ticket ticket : ids) {
                Entry entry = tickets.get(ticket);
                standing.put(ticket, entry != null && entry.outcome != null ? entry.outcome : outcomes.get(ticket));
            }
        }
        return standing;
    }

    @Override
    public TicketStatus status(Ticket ticket) {
        Arguments.requirePresent("ticket", ticket);
        synchronized (this) {
            TicketStatus local = statusOf(ticket);
            if (local.isFinal()) {
                return local; // a final status never changes: no need to look further
            }
        }
        // Not final here: another instance may already have shown it final. Read the stream up to
        // a point after this call began, so that no instance ever answers older than one already has.
        sync();
        synchronized (this) {
            return statusOf(ticket);
        }
    }

    @Override
    public Map<Ticket, TicketStatus> statuses(Collection<Ticket> wanted) {
        Arguments.requirePresent("tickets", wanted);
        boolean allFinal;
        synchronized (this) {
            allFinal = wanted.stream().allMatch(ticket -> statusOf(ticket).isFinal());
        }
        if (!allFinal) {
            sync();
        }
        Map<Ticket, TicketStatus> answer = new LinkedHashMap<>();
        synchronized (this) {
            for (Ticket ticket : wanted) {
                answer.put(ticket, statusOf(ticket));
            }
        }
        return answer;
    }

    /** Undecided requests of {@code partition} as this instance knows them: queued minus settled. */
    synchronized long pending(int partition) {
        return Math.max(0, queuedCount[partition] - settledCount[partition]);
    }

    /**
     * Returns once this instance's tail has read a marker published after the call began. Callers
     * that arrive while a marker is on its way share the next one, so a crowd of polls costs one
     * marker per round trip, not one each.
     */
    private void sync() {
        CompletableFuture<Void> mine;
        boolean lead;
        synchronized (syncLock) {
            if (!syncing) {
                syncing = true;
                lead = true;
                mine = new CompletableFuture<>();
            } else {
                lead = false;
                if (nextSync == null) {
                    nextSync = new CompletableFuture<>();
                }
                mine = nextSync;
            }
        }
        if (lead) {
            lead(mine);
            return;
        }
        try {
            mine.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new BookingException(BookingException.Failure.TIMEOUT, "the ledger stream " + stream + " was not read in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingException(BookingException.Failure.CONNECTION, "interrupted reading the ledger stream", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BookingException booking ? booking
                    : new BookingException(BookingException.Failure.UNEXPECTED, "ledger sync failed", e.getCause());
        }
    }

    private void lead(CompletableFuture<Void> first) {
        CompletableFuture<Void> current = first;
        while (true) {
            try {
                write(new LedgerRecord.Marker(System.currentTimeMillis()), true);
                current.complete(null);
            } catch (RuntimeException e) {
                current.completeExceptionally(e);
                CompletableFuture<Void> waiting;
                synchronized (syncLock) {
                    waiting = nextSync;
                    nextSync = null;
                    syncing = false;
                }
                if (waiting != null) {
                    waiting.completeExceptionally(e);
                }
                if (current == first) {
                    throw e;
                }
                return;
            }
            synchronized (syncLock) {
                if (nextSync == null) {
                    syncing = false;
                    return;
                }
                current = nextSync;
                nextSync = null;
            }
        }
    }

    /** How many tickets the local map holds (for tests of its bound). */
    synchronized int size() {
        return tickets.size() + keys.size();
    }

    private TicketStatus statusOf(Ticket ticket) {
        Entry entry = tickets.get(ticket);
        if (entry == null) {
            return new TicketStatus.Unknown();
        }
        if (entry.outcome != null) {
            return entry.outcome;
        }
        if (entry.processing || entry.sequence < 0) {
            return new TicketStatus.Processing();
        }
        int partition = entry.partition;
        long pending = Math.max(0, queuedCount[partition] - settledCount[partition]);
        // decided in order, so what was queued before it and is not yet settled is roughly seq - settled
        long position = Math.max(0, Math.min(entry.sequence - settledCount[partition], pending - 1));
        long waitMillis = Math.round((position + 1) * millisPerDecision[partition]);
        return new TicketStatus.Queued(position, Duration.ofMillis(waitMillis));
    }

    private void write(LedgerRecord record, boolean readBack) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<Void> read = readBack ? new CompletableFuture<>() : null;
        if (readBack) {
            waiting.put(id, read);
        }
        try {
            if (!publisher.publish(stream, properties(id), LedgerRecord.encode(record))) {
                throw new BookingException(BookingException.Failure.CONNECTION,
                        "RabbitMQ refused a record of the ledger stream " + stream);
            }
            if (readBack) {
                read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new BookingException(BookingException.Failure.TIMEOUT,
                    "the ledger stream " + stream + " was not read back within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BookingException(BookingException.Failure.CONNECTION, "interrupted reading the ledger stream", e);
        } catch (ExecutionException e) {
            throw new BookingException(BookingException.Failure.UNEXPECTED, "ledger tail failed", e.getCause());
        } finally {
            if (readBack) {
                waiting.remove(id);
            }
        }
    }

    private synchronized void apply(long offset, LedgerRecord record, String id) {
        if (offset <= lastOffset) {
            return; // replayed after a recovery: already applied
        }
        lastOffset = offset;
        if (record instanceof LedgerRecord.Queued queued) {
            if (id != null) {
                release(id); // counted in queuedCount from now on
            }
            Entry entry = tickets.computeIfAbsent(queued.ticket(), t -> new Entry());
            if (validPartition(queued.partition())) {
                entry.copies++;
                if (entry.sequence < 0) {
                    entry.partition = queued.partition();
                    entry.sequence = queuedCount[queued.partition()]++;
                    entry.since = queued.at();
                }
            }
        } else if (record instanceof LedgerRecord.Withdrawn withdrawn) {
            Entry entry = tickets.get(withdrawn.ticket());
            // Only the last copy of an undecided ticket goes; a retried append that did reach the
            // queue keeps it. Counted as settled, so that queued minus settled stays the undecided.
            if (entry != null && entry.copies > 0 && --entry.copies == 0 && entry.outcome == null && !entry.processing
                    && entry.partition == withdrawn.partition() && entry.sequence >= 0) {
                tickets.remove(withdrawn.ticket());
                settledCount[entry.partition]++;
            }
        } else if (record instanceof LedgerRecord.Processing processing) {
            for (Ticket ticket : processing.tickets()) {
                Entry entry = tickets.computeIfAbsent(ticket, t -> new Entry());
                entry.processing = true;
                if (entry.since == 0) {
                    entry.since = processing.at();
                }
            }
        } else if (record instanceof LedgerRecord.Settled settled) {
            applySettled(settled);
        } else if (record instanceof LedgerRecord.Bind bind) {
            keys.putIfAbsent(bind.key(), new Bound(bind.ticket(), bind.at()));
        }
        long now = System.currentTimeMillis();
        if (now - lastSweep > SWEEP_EVERY_MILLIS) {
            sweep(now);
            lastSweep = now;
        }
    }

    private void applySettled(LedgerRecord.Settled settled) {
        int partition = settled.partition();
        if (!validPartition(partition)) {
            return;
        }
        int decided = 0;
        for (int i = 0; i < settled.tickets().size(); i++) {
            Entry entry = tickets.computeIfAbsent(settled.tickets().get(i), t -> new Entry());
            if (entry.outcome != null) {
                continue; // the first settlement in stream order stands
            }
            try {
                entry.outcome = StatusCodec.decode(settled.statuses().get(i));
            } catch (IllegalArgumentException e) {
                LOG.warn("ledger {}: unreadable status for ticket {} skipped: {}", stream, settled.tickets().get(i), e.getMessage());
                continue;
            }
            entry.settledAt = settled.at();
            settledCount[partition]++;
            decided++;
        }
        if (decided > 0) {
            long gap = settled.at() - lastSettleAt[partition];
            if (lastSettleAt[partition] > 0 && gap >= 0 && gap < 60_000) {
                millisPerDecision[partition] = 0.8 * millisPerDecision[partition] + 0.2 * ((double) gap / decided);
            }
            lastSettleAt[partition] = settled.at();
        }
    }

    private boolean validPartition(int partition) {
        return partition >= 0 && partition < queuedCount.length;
    }

    /** Forgets final tickets and bindings older than the retention: that bounds the map. */
    private void sweep(long now) {
        long horizon = now - retentionMillis;
        for (Iterator<Entry> it = tickets.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.outcome != null ? entry.settledAt < horizon : entry.since != 0 && entry.since < horizon - retentionMillis) {
                it.remove();
            }
        }
        keys.values().removeIf(bound -> bound.at < horizon);
    }

    @Override
    public void close() {
        closed = true;
        try {
            tail.abort();
        } catch (IOException | RuntimeException ignored) {
            // the connection is going away anyway
        }
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the line was closed")));
    }

    /** Starts {@link #subscribeAgain()} on a thread of its own, unless one runs already. */
    private void resubscribe(String why) {
        if (closed || !resubscribing.compareAndSet(false, true)) {
            return;
        }
        LOG.warn("ledger {}: {}; subscribing again", stream, why);
        Thread again = new Thread(() -> {
            try {
                subscribeAgain();
            } finally {
                resubscribing.set(false);
            }
        }, "booking-ledger-resubscribe");
        again.setDaemon(true);
        again.start();
    }

    /**
     * Subscribes the tail again on a new channel, from the record after the last one applied, a
     * second apart until the stream answers (while it elects a new leader, a subscription fails and
     * closes its channel).
     */
    private void subscribeAgain() {
        while (!closed) {
            Channel channel = null;
            try {
                channel = connection.createChannel();
                if (channel == null) {
                    throw new IOException("no free channel number");
                }
                channel.basicQos(PREFETCH);
                long next;
                synchronized (this) {
                    next = lastOffset + 1;
                }
                channel.basicConsume(stream, false, Map.of(OFFSET_HEADER, next), new Tail(channel));
                Channel old = tail;
                tail = channel;
                try {
                    old.abort();
                } catch (IOException | RuntimeException ignored) {
                    // gone already
                }
                LOG.info("ledger {}: subscribed again from offset {}", stream, next);
                return;
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    try {
                        channel.abort();
                    } catch (IOException | RuntimeException ignored) {
                        // the failed subscription closed it
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** What this instance knows of one ticket. */
    private static final class Entry {
        int partition = -1;
        long sequence = -1;
        /** Queued records not withdrawn. */
        int copies;
        boolean processing;
        TicketStatus outcome;
        long since;
        long settledAt;
    }

    /** The ticket a key was first bound to, and when. */
    private record Bound(Ticket ticket, long at) {
    }

    /** Applies the stream's records in order, on the connection's dispatch thread for this channel. */
    private final class Tail extends DefaultConsumer {

        Tail(Channel channel) {
            super(channel);
        }

        /**
         * Should the broker cancel the subscription (as it may when the stream member it reads from
         * goes away), the channel stays open, so connection recovery never notices, and without a
         * new subscription the ledger would stop reading (every non-final read timing out).
         */
        @Override
        public void handleCancel(String consumerTag) {
            if (closed) {
                return;
            }
            resubscribe("the broker cancelled the subscription (a stream member went away)");
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            Object offsetHeader = properties.getHeaders() == null ? null : properties.getHeaders().get(OFFSET_HEADER);
            if (offsetHeader instanceof Number offset) {
                try {
                    apply(offset.longValue(), LedgerRecord.decode(body), properties.getMessageId());
                } catch (IllegalArgumentException e) {
                    LOG.warn("ledger {}: record at offset {} skipped: {}", stream, offset, e.getMessage());
                }
            } else {
                LOG.warn("ledger {}: a delivery without {} skipped", stream, OFFSET_HEADER);
            }
            String id = properties.getMessageId();
            if (id != null) {
                CompletableFuture<Void> waiter = waiting.get(id);
                if (waiter != null) {
                    waiter.complete(null);
                }
            }
            try {
                // a stream's acks only give credit back: one for many saves a frame per record,
                // and what stays unacknowledged (under ACK_EVERY) is far below the prefetch
                if (envelope.getDeliveryTag() % ACK_EVERY == 0) {
                    getChannel().basicAck(envelope.getDeliveryTag(), true);
                }
            } catch (AlreadyClosedException closing) {
                // closed or recovering: the recovered consumer reads again from the start and skips what it has
            }
        }
    }
}

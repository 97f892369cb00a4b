package dev.booking.tck.line;

import dev.booking.core.BookingException;
import dev.booking.queue.line.LineBacklog;
import dev.booking.queue.line.Ticket;
import dev.booking.queue.line.TicketStatus;
import dev.booking.queue.line.spi.Delivery;
import dev.booking.queue.line.spi.Envelope;
import dev.booking.queue.line.spi.LineConsumer;
import dev.booking.queue.line.spi.LineTransport;
import dev.booking.queue.line.spi.TicketLedger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kit's own small in-memory line, one lock for everything: the base of the deliberately broken
 * lines the {@code KitCatchesBrokenLines*} tests run the rules against. Each {@link Flaw} breaks
 * one promise of the SPI; with none it is a correct line.
 */
final class KitLine {

    /** One broken promise. */
    enum Flaw {
        /** {@code settle} overwrites a final status instead of keeping the first. */
        SETTLE_OVERWRITES,
        /** A poll hands a partition's requests newest first. */
        REORDERS_WITHIN_A_PARTITION,
        /** A consumer that dies loses its unacknowledged deliveries instead of handing them on. */
        DROPS_UNACKED_ON_CRASH,
        /** An append past capacity answers appended and keeps nothing. */
        DROPS_PAST_CAPACITY_SILENTLY,
        /** An append past capacity is appended anyway: no backpressure. */
        ACCEPTS_ABOVE_CAPACITY,
        /** A restart loses the requests not yet delivered: a broker without persistence. */
        FORGETS_THE_LINE_ON_RESTART,
        /** The backlog counts every request ever appended: it never falls when requests are decided. */
        BACKLOG_NEVER_FALLS
    }

    /** Lines by name, as a broker keeps them; it can drop its connections and go down for a while. */
    static final class Broker {
        private final Map<String, KitLine> lines = new ConcurrentHashMap<>();
        private final Set<Flaw> flaws;
        private volatile boolean down;

        Broker(Set<Flaw> flaws) {
            this.flaws = flaws;
        }

        LineTransport open(String name, int partitions, long capacity) {
            return lines.computeIfAbsent(name, n -> new KitLine(n, partitions, capacity, flaws, this)).new Transport();
        }

        /** Every consumer loses its partitions as if its connection broke; its next call throws. */
        void dropConnections() {
            for (KitLine line : lines.values()) {
                synchronized (line) {
                    for (Consumer consumer : new ArrayList<>(line.live)) {
                        line.release(consumer, true);
                        consumer.dropped = true; // its next call fails; then it is reconnected, as a client would
                        line.live.add(consumer);
                    }
                }
            }
        }

        /** Every call fails for {@code downFor}, then the broker is back with everything it held. */
        void restart(Duration downFor) {
            down = true;
            if (flaws.contains(Flaw.FORGETS_THE_LINE_ON_RESTART)) {
                for (KitLine line : lines.values()) {
                    synchronized (line) {
                        for (Partition part : line.parts) {
                            part.ready.clear();
                        }
                    }
                }
            }
            try {
                Thread.sleep(downFor.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                down = false;
            }
        }
    }

    private final String name;
    private final long capacity;
    private final Set<Flaw> flaws;
    private final Partition[] parts;
    private final Map<Ticket, TicketStatus> finals = new HashMap<>();
    private final Set<Ticket> processing = new HashSet<>();
    private final Map<Ticket, Integer> partitionOf = new HashMap<>();
    private final Map<String, Ticket> keys = new HashMap<>();
    private final Set<Consumer> live = new HashSet<>();
    private long sequence;

    private final Broker broker;

    private KitLine(String name, int partitions, long capacity, Set<Flaw> flaws, Broker broker) {
        this.broker = broker;
        this.name = name;
        this.capacity = capacity;
        this.flaws = flaws;
        this.parts = new Partition[partitions];
        for (int i = 0; i < partitions; i++) {
            parts[i] = new Partition();
        }
    }

    private static final class Entry {
        final long seq;
        final Ticket ticket;
        final byte[] payload;
        int attempt = 1;

        Entry(long seq, Ticket ticket, byte[] payload) {
            this.seq = seq;
            this.ticket = ticket;
            this.payload = payload;
        }
    }

    private static final class Partition {
        final Deque<Entry> ready = new ArrayDeque<>();
        final List<Entry> inFlight = new ArrayList<>();
        Consumer holder;
        long decided;
        long appended;

        long depth() {
            return ready.size() + inFlight.size();
        }
    }

    /** Gives up {@code consumer}'s partitions; its unacknowledged deliveries go back to the front. */
    private void release(Consumer consumer, boolean crashed) {
        for (Partition part : parts) {
            if (part.holder == consumer) {
                part.holder = null;
                List<Entry> back = new ArrayList<>(part.inFlight);
                part.inFlight.clear();
                if (!(crashed && flaws.contains(Flaw.DROPS_UNACKED_ON_CRASH))) {
                    Collections.reverse(back);
                    for (Entry entry : back) {
                        entry.attempt++;
                        part.ready.addFirst(entry);
                    }
                }
            }
        }
        live.remove(consumer);
        notifyAll();
    }

    /** One instance's connection. */
    final class Transport implements LineTransport {
        private final Set<Consumer> consumers = new HashSet<>();
        private boolean closed;
        private final Ledger ledger = new Ledger(this);

        @Override
        public String name() {
            return name;
        }

        @Override
        public int partitions() {
            return parts.length;
        }

        @Override
        public AppendResult append(int partition, Envelope envelope) {
            synchronized (KitLine.this) {
                requireOpen();
                Partition part = parts[partition];
                if (part.depth() >= capacity && !flaws.contains(Flaw.ACCEPTS_ABOVE_CAPACITY)) {
                    if (flaws.contains(Flaw.DROPS_PAST_CAPACITY_SILENTLY)) {
                        return new AppendResult.Appended();
                    }
                    return new AppendResult.Full(part.depth());
                }
                part.ready.addLast(new Entry(sequence++, envelope.ticket(), envelope.encode()));
                part.appended++;
                partitionOf.put(envelope.ticket(), partition);
                KitLine.this.notifyAll();
                return new AppendResult.Appended();
            }
        }

        /** The partition's depth (its age unknown), or with the flaw every request it ever took. */
        @Override
        public Optional<LineBacklog> backlog(int partition) {
            synchronized (KitLine.this) {
                requireOpen();
                Partition part = parts[partition];
                long waiting = flaws.contains(Flaw.BACKLOG_NEVER_FALLS) ? part.appended : part.depth();
                return Optional.of(LineBacklog.ageUnknown(partition, waiting));
            }
        }

        @Override
        public LineConsumer openConsumer(String workerId) {
            synchronized (KitLine.this) {
                requireOpen();
                Consumer consumer = new Consumer(this);
                consumers.add(consumer);
                live.add(consumer);
                return consumer;
            }
        }

        @Override
        public TicketLedger ledger() {
            return ledger;
        }

        /** Closing is abrupt here, as a process that dies: consumers lose their partitions as if crashed. */
        @Override
        public void close() {
            synchronized (KitLine.this) {
                closed = true;
                for (Consumer consumer : consumers) {
                    consumer.closed = true;
                    release(consumer, true);
                }
                consumers.clear();
            }
        }

        void requireOpen() {
            if (broker.down) {
                throw new BookingException(BookingException.Failure.CONNECTION, "the broker is restarting");
            }
            if (closed) {
                throw new BookingException(BookingException.Failure.CONNECTION, "the connection is closed");
            }
        }
    }

    private final class Consumer implements LineConsumer {
        private final Transport transport;
        boolean closed;
        boolean dropped;
        private int next;

        /** Fails the first call after a dropped connection, as a client that notices and reconnects. */
        private void noticeDrop() {
            if (dropped) {
                dropped = false;
                throw new BookingException(BookingException.Failure.CONNECTION, "the connection was reset");
            }
        }

        Consumer(Transport transport) {
            this.transport = transport;
        }

        @Override
        public List<Delivery> poll(int max, Duration wait) {
            long giveUp = System.nanoTime() + wait.toNanos();
            synchronized (KitLine.this) {
                while (true) {
                    if (closed) {
                        throw new BookingException(BookingException.Failure.CONNECTION, "the consumer is closed");
                    }
                    transport.requireOpen();
                    noticeDrop();
                    int share = (parts.length + live.size() - 1) / Math.max(1, live.size());
                    int held = 0;
                    for (Partition part : parts) {
                        if (part.holder == this) {
                            held++;
                        }
                    }
                    for (Partition part : parts) {
                        if (part.holder == this && held > share && part.inFlight.isEmpty()) {
                            part.holder = null; // a fair share each, so blocked workers do not hold every show
                            held--;
                        }
                    }
                    for (Partition part : parts) {
                        if (part.holder == null && held < share) {
                            part.holder = this;
                            held++;
                        }
                    }
                    for (int i = 0; i < parts.length; i++) {
                        int p = (next + i) % parts.length;
                        Partition part = parts[p];
                        if (part.holder == this && !part.ready.isEmpty()) {
                            next = p + 1;
                            List<Delivery> batch = new ArrayList<>();
                            while (batch.size() < max && !part.ready.isEmpty()) {
                                Entry entry = part.ready.pollFirst();
                                part.inFlight.add(entry);
                                batch.add(new Delivery(p, entry.ticket, entry.payload, entry.attempt, entry));
                            }
                            if (flaws.contains(Flaw.REORDERS_WITHIN_A_PARTITION)) {
                                Collections.reverse(batch);
                            }
                            return batch;
                        }
                    }
                    long left = giveUp - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    try {
                        KitLine.this.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return List.of();
                    }
                }
            }
        }

        @Override
        public void acknowledge(List<Delivery> decided) {
            synchronized (KitLine.this) {
                transport.requireOpen();
                noticeDrop();
                for (Delivery delivery : decided) {
                    Partition part = parts[delivery.partition()];
                    if (part.inFlight.remove((Entry) delivery.receipt())) {
                        part.decided++;
                    }
                }
                KitLine.this.notifyAll();
            }
        }

        @Override
        public void deadLetter(Delivery delivery, String why) {
            acknowledge(List.of(delivery));
        }

        @Override
        public void close() {
            synchronized (KitLine.this) {
                if (!closed) {
                    closed = true;
                    transport.consumers.remove(this);
                    release(this, false);
                }
            }
        }
    }

    private final class Ledger implements TicketLedger {
        private final Transport transport;

        Ledger(Transport transport) {
            this.transport = transport;
        }

        @Override
        public Ticket bind(String idempotencyKey, Ticket candidate) {
            synchronized (KitLine.this) {
                transport.requireOpen();
                return keys.computeIfAbsent(idempotencyKey, k -> candidate);
            }
        }

        @Override
        public void processing(Collection<Ticket> tickets) {
            synchronized (KitLine.this) {
                transport.requireOpen();
                tickets.stream().filter(t -> !finals.containsKey(t)).forEach(processing::add);
            }
        }

        @Override
        public Map<Ticket, TicketStatus> settle(int partition, Map<Ticket, TicketStatus> outcomes) {
            synchronized (KitLine.this) {
                transport.requireOpen();
                Map<Ticket, TicketStatus> standing = new LinkedHashMap<>();
                outcomes.forEach((ticket, status) -> {
                    if (flaws.contains(Flaw.SETTLE_OVERWRITES)) {
                        finals.put(ticket, status);
                    } else {
                        finals.putIfAbsent(ticket, status);
                    }
                    processing.remove(ticket);
                    standing.put(ticket, finals.get(ticket));
                });
                return standing;
            }
        }

        @Override
        public TicketStatus status(Ticket ticket) {
            synchronized (KitLine.this) {
                transport.requireOpen();
                TicketStatus status = finals.get(ticket);
                if (status != null) {
                    return status;
                }
                if (processing.contains(ticket)) {
                    return new TicketStatus.Processing();
                }
                Integer partition = partitionOf.get(ticket);
                if (partition == null) {
                    return new TicketStatus.Unknown();
                }
                long ahead = 0;
                for (Entry entry : parts[partition].ready) {
                    if (entry.ticket.equals(ticket)) {
                        return new TicketStatus.Queued(ahead, Duration.ofMillis(ahead));
                    }
                    ahead++;
                }
                // delivered but not marked processing yet, or lost by a broken line: still waiting
                return new TicketStatus.Queued(0, Duration.ZERO);
            }
        }

        @Override
        public Map<Ticket, TicketStatus> statuses(Collection<Ticket> tickets) {
            Map<Ticket, TicketStatus> all = new LinkedHashMap<>();
            tickets.forEach(ticket -> all.put(ticket, status(ticket)));
            return all;
        }
    }
}

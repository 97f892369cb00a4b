package dev.booking.core.memory;

import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;
import dev.booking.core.spi.Arguments;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An outbox in memory, for tests and prototypes, and the reference the outbox kit compares other
 * stores with. An {@link InMemorySeatRepository} built with it ({@link InMemorySeatRepository.Builder#outbox})
 * appends each change's notices under its own lock, so no reader sees a change without its notices.
 * Every operation runs under one lock. Nothing survives the JVM.
 *
 * <p>Thread-safety: safe to share between any number of threads.
 */
public final class InMemoryOutbox implements OutboxStore {

    /** Oldest first: by creation, then by arrival (the map keeps arrival order and the sort is stable). */
    private static final Comparator<Stored> OLDEST_FIRST = Comparator.comparing(s -> s.record().notice().createdAt());

    private final Map<String, Stored> records = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;

    /** An outbox whose new records are due by the system UTC clock. */
    public InMemoryOutbox() {
        this(Clock.systemUTC());
    }

    /**
     * An outbox whose new and requeued records are due at {@code clock}'s instant.
     *
     * @throws IllegalArgumentException naming {@code clock} if it is null
     */
    public InMemoryOutbox(Clock clock) {
        this.clock = Arguments.requirePresent("clock", clock);
    }

    @Override
    public boolean appendIfAbsent(Notice notice) {
        Arguments.requirePresent("notice", notice);
        lock.lock();
        try {
            return append(notice);
        } finally {
            lock.unlock();
        }
    }

    /** Appends the notices of one change; called by the repository under its lock, so the change and they are one step. */
    void appendAll(List<Notice> notices) {
        lock.lock();
        try {
            notices.forEach(this::append);
        } finally {
            lock.unlock();
        }
    }

    private boolean append(Notice notice) {
        if (records.containsKey(notice.id())) {
            return false;
        }
        records.put(notice.id(), new Stored(new OutboxRecord(notice, OutboxState.PENDING, 0, clock.instant(), null, null),
                null, null));
        return true;
    }

    @Override
    public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
        Arguments.requirePresent("relay", relay);
        positive("limit", limit);
        Arguments.requirePresent("now", now);
        Arguments.requirePresent("leaseUntil", leaseUntil);
        lock.lock();
        try {
            List<Stored> due = oldestFirst(stored -> stored.record().state() == OutboxState.PENDING
                    && !stored.record().nextAttemptAt().isAfter(now)
                    && (stored.leaseUntil() == null || !stored.leaseUntil().isAfter(now)))
                    .limit(limit).toList();
            return due.stream().map(stored -> {
                OutboxRecord was = stored.record();
                OutboxRecord claimed = new OutboxRecord(was.notice(), was.state(), was.attempts() + 1,
                        was.nextAttemptAt(), was.lastError(), null);
                records.put(claimed.id(), new Stored(claimed, relay, leaseUntil));
                return claimed;
            }).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean markSent(String id, String relay, Instant at) {
        Arguments.requirePresent("at", at);
        return mark(id, relay, was -> new OutboxRecord(was.notice(), OutboxState.SENT, was.attempts(),
                was.nextAttemptAt(), was.lastError(), at));
    }

    @Override
    public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
        Arguments.requirePresent("nextAttemptAt", nextAttemptAt);
        return mark(id, relay, was -> new OutboxRecord(was.notice(), OutboxState.PENDING, was.attempts(),
                nextAttemptAt, error, null));
    }

    @Override
    public boolean markDead(String id, String relay, String error) {
        return mark(id, relay, was -> new OutboxRecord(was.notice(), OutboxState.DEAD, was.attempts(),
                was.nextAttemptAt(), error, null));
    }

    /**
     * Replaces the pending record with {@code change} of it, ending the lease, if {@code relay} made
     * its last claim. A lease that ended counts as long as nobody claimed the record since: marking
     * it then is harmless, and marking it sent spares the receiver a repeat.
     */
    private boolean mark(String id, String relay, UnaryOperator<OutboxRecord> change) {
        Arguments.requirePresent("id", id);
        Arguments.requirePresent("relay", relay);
        lock.lock();
        try {
            Stored stored = records.get(id);
            if (stored == null || stored.record().state() != OutboxState.PENDING
                    || !relay.equals(stored.leaseOwner())) {
                return false;
            }
            records.put(id, new Stored(change.apply(stored.record()), null, null));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean requeue(String id) {
        Arguments.requirePresent("id", id);
        lock.lock();
        try {
            Stored stored = records.get(id);
            if (stored == null || stored.record().state() != OutboxState.DEAD) {
                return false;
            }
            OutboxRecord was = stored.record();
            records.put(id, new Stored(new OutboxRecord(was.notice(), OutboxState.PENDING, 0, clock.instant(),
                    was.lastError(), null), null, null));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int purge(OutboxState state, Instant before, int limit) {
        Arguments.requirePresent("state", state);
        if (state == OutboxState.PENDING) {
            throw new IllegalArgumentException("state must be SENT or DEAD: pending records are never purged");
        }
        Arguments.requirePresent("before", before);
        positive("limit", limit);
        lock.lock();
        try {
            List<String> old = oldestFirst(stored -> stored.record().state() == state
                    && stored.record().notice().createdAt().isBefore(before))
                    .limit(limit).map(stored -> stored.record().id()).toList();
            old.forEach(records::remove);
            return old.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<OutboxRecord> find(String id) {
        Arguments.requirePresent("id", id);
        lock.lock();
        try {
            return Optional.ofNullable(records.get(id)).map(Stored::record);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxRecord> list(OutboxState state, int limit) {
        Arguments.requirePresent("state", state);
        positive("limit", limit);
        lock.lock();
        try {
            return oldestFirst(stored -> stored.record().state() == state).limit(limit).map(Stored::record).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long count(OutboxState state) {
        Arguments.requirePresent("state", state);
        lock.lock();
        try {
            return records.values().stream().filter(stored -> stored.record().state() == state).count();
        } finally {
            lock.unlock();
        }
    }

    /** The records matching {@code filter}, oldest first. Call under the lock. */
    private Stream<Stored> oldestFirst(Predicate<Stored> filter) {
        return records.values().stream().filter(filter).sorted(OLDEST_FIRST);
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }

    /** A record and its lease: the relay holding it and until when ({@code null} when free). */
    private record Stored(OutboxRecord record, String leaseOwner, Instant leaseUntil) {
    }
}

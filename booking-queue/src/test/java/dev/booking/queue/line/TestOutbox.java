package dev.booking.queue.line;

import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of an outbox the workers use (appending, reading back), with a count of append calls per
 * id, so a test can tell a notice written again (and ignored) from one never written again. The
 * relay's primitives are not needed here and throw.
 */
final class TestOutbox implements OutboxStore {

    private final Map<String, OutboxRecord> records = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> appends = new ConcurrentHashMap<>();

    @Override
    public boolean appendIfAbsent(Notice notice) {
        appends.computeIfAbsent(notice.id(), id -> new AtomicInteger()).incrementAndGet();
        return records.putIfAbsent(notice.id(),
                new OutboxRecord(notice, OutboxState.PENDING, 0, notice.createdAt(), null, null)) == null;
    }

    /** How many times {@code id} was offered to {@link #appendIfAbsent}. */
    int appendsOf(String id) {
        AtomicInteger count = appends.get(id);
        return count == null ? 0 : count.get();
    }

    /** Every notice held, oldest first. */
    List<Notice> notices() {
        return records.values().stream().map(OutboxRecord::notice)
                .sorted(Comparator.comparing(Notice::createdAt)).toList();
    }

    @Override
    public Optional<OutboxRecord> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<OutboxRecord> list(OutboxState state, int limit) {
        return records.values().stream().filter(r -> r.state() == state)
                .sorted(Comparator.comparing(r -> r.notice().createdAt())).limit(limit).toList();
    }

    @Override
    public long count(OutboxState state) {
        return records.values().stream().filter(r -> r.state() == state).count();
    }

    @Override
    public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
        throw new UnsupportedOperationException("not a relay's outbox");
    }

    @Override
    public boolean markSent(String id, String relay, Instant at) {
        throw new UnsupportedOperationException("not a relay's outbox");
    }

    @Override
    public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
        throw new UnsupportedOperationException("not a relay's outbox");
    }

    @Override
    public boolean markDead(String id, String relay, String error) {
        throw new UnsupportedOperationException("not a relay's outbox");
    }

    @Override
    public boolean requeue(String id) {
        throw new UnsupportedOperationException("not a relay's outbox");
    }

    @Override
    public int purge(OutboxState state, Instant before, int limit) {
        throw new UnsupportedOperationException("not a relay's outbox");
    }
}

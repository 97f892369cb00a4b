package dev.booking.tck.outbox;

import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hands every call to another outbox; the deliberately broken outboxes override what they break. */
abstract class ForwardingOutboxStore implements OutboxStore {

    final OutboxStore delegate;

    ForwardingOutboxStore(OutboxStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean appendIfAbsent(Notice notice) {
        return delegate.appendIfAbsent(notice);
    }

    @Override
    public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
        return delegate.claimDue(relay, limit, now, leaseUntil);
    }

    @Override
    public boolean markSent(String id, String relay, Instant at) {
        return delegate.markSent(id, relay, at);
    }

    @Override
    public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
        return delegate.markRetry(id, relay, nextAttemptAt, error);
    }

    @Override
    public boolean markDead(String id, String relay, String error) {
        return delegate.markDead(id, relay, error);
    }

    @Override
    public boolean requeue(String id) {
        return delegate.requeue(id);
    }

    @Override
    public int purge(OutboxState state, Instant before, int limit) {
        return delegate.purge(state, before, limit);
    }

    @Override
    public Optional<OutboxRecord> find(String id) {
        return delegate.find(id);
    }

    @Override
    public List<OutboxRecord> list(OutboxState state, int limit) {
        return delegate.list(state, limit);
    }

    @Override
    public long count(OutboxState state) {
        return delegate.count(state);
    }
}

package dev.booking.tck.outbox;

import dev.booking.tck.ForwardingSeatRepository;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;
import dev.booking.core.outbox.Notice;
import dev.booking.core.outbox.OutboxRecord;
import dev.booking.core.outbox.OutboxState;
import dev.booking.core.outbox.spi.OutboxStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Outboxes and repositories that each break one promise of the outbox kit. */
final class BrokenOutboxes {

    private BrokenOutboxes() {
    }

    /** Shows only the records {@code visible} lets through, as if the others had never been written or were deleted. */
    static class Hiding extends ForwardingOutboxStore {
        private final Predicate<OutboxRecord> visible;

        Hiding(OutboxStore delegate, Predicate<OutboxRecord> visible) {
            super(delegate);
            this.visible = visible;
        }

        @Override
        public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
            return delegate.claimDue(relay, limit, now, leaseUntil).stream().filter(visible).toList();
        }

        @Override
        public Optional<OutboxRecord> find(String id) {
            return delegate.find(id).filter(visible);
        }

        @Override
        public List<OutboxRecord> list(OutboxState state, int limit) {
            return delegate.list(state, limit).stream().filter(visible).toList();
        }

        @Override
        public long count(OutboxState state) {
            return delegate.list(state, Integer.MAX_VALUE).stream().filter(visible).count();
        }
    }

    /** The notices of one kind are lost. */
    static OutboxStore losing(OutboxStore delegate, Notice.Kind kind) {
        return new Hiding(delegate, record -> record.notice().kind() != kind);
    }

    /** Appends after a separate check, so that racing appends of one id all answer true. */
    static class CheckThenAppend extends ForwardingOutboxStore {
        CheckThenAppend(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public boolean appendIfAbsent(Notice notice) {
            boolean absent = delegate.find(notice.id()).isEmpty();
            pause();
            if (absent) {
                delegate.appendIfAbsent(notice);
            }
            return absent;
        }
    }

    /** Claims every due pending record, leased to another relay or not. */
    static class ClaimIgnoresLeases extends ForwardingOutboxStore {
        ClaimIgnoresLeases(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
            List<OutboxRecord> claimed = new ArrayList<>(delegate.claimDue(relay, limit, now, leaseUntil));
            Set<String> ids = ConcurrentHashMap.newKeySet();
            claimed.forEach(record -> ids.add(record.id()));
            for (OutboxRecord record : delegate.list(OutboxState.PENDING, Integer.MAX_VALUE)) {
                if (claimed.size() < limit && !record.nextAttemptAt().isAfter(now) && ids.add(record.id())) {
                    claimed.add(record);
                }
            }
            return claimed;
        }
    }

    /** Marks a record for whoever asks, as long as somebody holds its lease. */
    static class MarkIgnoresOwner extends ForwardingOutboxStore {
        private final Map<String, String> holders = new ConcurrentHashMap<>();

        MarkIgnoresOwner(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public List<OutboxRecord> claimDue(String relay, int limit, Instant now, Instant leaseUntil) {
            List<OutboxRecord> claimed = delegate.claimDue(relay, limit, now, leaseUntil);
            claimed.forEach(record -> holders.put(record.id(), relay));
            return claimed;
        }

        @Override
        public boolean markSent(String id, String relay, Instant at) {
            return delegate.markSent(id, holders.getOrDefault(id, relay), at);
        }

        @Override
        public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
            return delegate.markRetry(id, holders.getOrDefault(id, relay), nextAttemptAt, error);
        }

        @Override
        public boolean markDead(String id, String relay, String error) {
            return delegate.markDead(id, holders.getOrDefault(id, relay), error);
        }
    }

    /** A record to retry is due again at once, whatever wait it was given. */
    static class RetryAtOnce extends ForwardingOutboxStore {
        RetryAtOnce(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public boolean markRetry(String id, String relay, Instant nextAttemptAt, String error) {
            return delegate.markRetry(id, relay, Instant.EPOCH, error);
        }
    }

    /** A dead record keeps no error. */
    static class DeadWithoutError extends ForwardingOutboxStore {
        DeadWithoutError(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public boolean markDead(String id, String relay, String error) {
            return delegate.markDead(id, relay, "dead");
        }
    }

    /** Requeue answers true and does nothing. */
    static class RequeueDoesNothing extends ForwardingOutboxStore {
        RequeueDoesNothing(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public boolean requeue(String id) {
            return delegate.find(id).isPresent();
        }
    }

    /** Purges old pending records along with the state asked for (the kit sees them no more). */
    static OutboxStore purgeDeletesPending(OutboxStore delegate) {
        Set<String> purged = ConcurrentHashMap.newKeySet();
        return new Hiding(delegate, record -> !purged.contains(record.id())) {
            @Override
            public int purge(OutboxState state, Instant before, int limit) {
                int gone = delegate.purge(state, before, limit);
                for (OutboxRecord record : delegate.list(OutboxState.PENDING, Integer.MAX_VALUE)) {
                    if (record.notice().createdAt().isBefore(before)) {
                        purged.add(record.id());
                    }
                }
                return gone;
            }
        };
    }

    /** Purges everything old in one call, whatever the limit. */
    static class PurgeIgnoresLimit extends ForwardingOutboxStore {
        PurgeIgnoresLimit(OutboxStore delegate) {
            super(delegate);
        }

        @Override
        public int purge(OutboxState state, Instant before, int limit) {
            int purged = 0;
            int gone;
            while ((gone = delegate.purge(state, before, limit)) > 0) {
                purged += gone;
            }
            return purged;
        }
    }

    /** Writes a refusal for a caller who lost, though nothing changed. */
    static class WritesForLosers extends ForwardingSeatRepository {
        private final OutboxStore outbox;

        WritesForLosers(SeatRepository delegate, OutboxStore outbox) {
            super(delegate);
            this.outbox = outbox;
        }

        @Override
        public BookingResult tryBook(SeatId seat, UserId user) {
            BookingResult result = delegate.tryBook(seat, user);
            if (result instanceof BookingResult.Taken) {
                outbox.appendIfAbsent(new Notice(Notice.randomId(), Notice.Kind.REFUSED, user,
                        BookingReference.generate(), List.of(seat), null, "TAKEN", Instant.now()));
            }
            return result;
        }
    }

    /** Writes the notice of a claim before knowing whether it won, and leaves it there when it lost. */
    static class TellsBeforeDeciding extends ForwardingSeatRepository {
        private final OutboxStore outbox;

        TellsBeforeDeciding(SeatRepository delegate, OutboxStore outbox) {
            super(delegate);
            this.outbox = outbox;
        }

        @Override
        public ClaimResult claim(ClaimRequest request) {
            ClaimResult result = delegate.claim(request);
            if (result instanceof ClaimResult.Unavailable) {
                outbox.appendIfAbsent(new Notice(Notice.randomId(), request.isHold() ? Notice.Kind.HELD : Notice.Kind.BOOKED,
                        request.user(), request.reference(), request.seats(),
                        request.holdDuration().map(Instant.now()::plus).orElse(null), null, Instant.now()));
            }
            return result;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

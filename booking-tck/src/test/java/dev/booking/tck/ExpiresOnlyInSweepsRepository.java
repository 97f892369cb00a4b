package dev.booking.tck;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.memory.InMemorySeatRepository;

/**
 * Deliberately wrong: a lapsed hold that a booking or claim takes over ends silently; only the sweep
 * tells {@code EXPIRED}, as a store does whose conditional write accepts "empty or lapsed" without
 * reporting what it replaced. Everything else is right. Used only to show that rule 24 catches it.
 */
final class ExpiresOnlyInSweepsRepository extends ForwardingSeatRepository {

    private final ThreadLocal<Boolean> sweeping;

    ExpiresOnlyInSweepsRepository(BookingListener listener) {
        this(listener, ThreadLocal.withInitial(() -> false));
    }

    private ExpiresOnlyInSweepsRepository(BookingListener listener, ThreadLocal<Boolean> sweeping) {
        // the in-memory store tells on the calling thread, so the thread says who is telling
        super(InMemorySeatRepository.builder().listener(event -> {
            if (event.type() != BookingEvent.Type.EXPIRED || sweeping.get()) {
                listener.onEvent(event);
            }
        }).build());
        this.sweeping = sweeping;
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        sweeping.set(true);
        try {
            return delegate.sweepExpiredHolds(limit);
        } finally {
            sweeping.set(false);
        }
    }
}

package dev.booking.tck;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Deliberately wrong: a taker tells {@code EXPIRED} for the lapsed hold it replaced, and the next
 * sweep tells it again, as a sweep does that selected the hold before the taker replaced it and then
 * clears the seat without checking it is still that hold. Everything else is right. Used only to
 * show that rule 24 catches it.
 */
final class ExpiresTwiceRepository extends ForwardingSeatRepository {

    private final BookingListener listener;
    private final ThreadLocal<Boolean> sweeping;
    private final Queue<BookingEvent> takenOver;

    ExpiresTwiceRepository(BookingListener listener) {
        this(listener, ThreadLocal.withInitial(() -> false), new ConcurrentLinkedQueue<>());
    }

    private ExpiresTwiceRepository(BookingListener listener, ThreadLocal<Boolean> sweeping,
                                   Queue<BookingEvent> takenOver) {
        super(InMemorySeatRepository.builder().listener(event -> {
            if (event.type() == BookingEvent.Type.EXPIRED && !sweeping.get()) {
                takenOver.add(event);
            }
            listener.onEvent(event);
        }).build());
        this.listener = listener;
        this.sweeping = sweeping;
        this.takenOver = takenOver;
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        sweeping.set(true);
        try {
            int cleared = delegate.sweepExpiredHolds(limit);
            List<BookingEvent> stale = new ArrayList<>();
            for (BookingEvent event = takenOver.poll(); event != null; event = takenOver.poll()) {
                stale.add(event);
            }
            stale.forEach(listener::onEvent);
            return cleared;
        } finally {
            sweeping.set(false);
        }
    }
}

package dev.booking.tck;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.memory.InMemorySeatRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deliberately wrong: tells the listener about a claim before making it, as code does that
 * publishes inside the transaction. The events themselves are exactly right. Used only to show that
 * the kit catches it.
 */
final class TellsBeforeCommitRepository extends ForwardingSeatRepository {

    private final BookingListener listener;
    private final Clock clock;
    private final Set<BookingReference> toldEarly;

    TellsBeforeCommitRepository(BookingListener listener) {
        this(listener, Clock.fixed(Instant.now(), ZoneOffset.UTC), ConcurrentHashMap.newKeySet());
    }

    private TellsBeforeCommitRepository(BookingListener listener, Clock clock, Set<BookingReference> toldEarly) {
        super(InMemorySeatRepository.builder().clock(clock).listener(event -> {
            boolean claimEvent = event.type() == BookingEvent.Type.HELD || event.type() == BookingEvent.Type.BOOKED;
            if (!(claimEvent && toldEarly.contains(event.reference()))) {
                listener.onEvent(event);
            }
        }).build());
        this.listener = listener;
        this.clock = clock;
        this.toldEarly = toldEarly;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        toldEarly.add(request.reference());
        listener.onEvent(new BookingEvent(request.isHold() ? BookingEvent.Type.HELD : BookingEvent.Type.BOOKED,
                request.reference(), request.user(), request.seats(),
                request.holdDuration().map(clock.instant()::plus).orElse(null)));
        return delegate.claim(request);
    }
}

package dev.booking.tck;

import dev.booking.core.BookingEvent;
import dev.booking.core.BookingListener;
import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.spi.ClaimIdentity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The base of the stores that keep reference bindings (rule 23) their own, deliberately wrong, way.
 * The in-memory store underneath binds correctly, so it is kept from ever seeing two claims under
 * one reference: each claim reaches it under the reference plus a fingerprint of the claim's
 * identity, and every answer, seat and event is translated back. A subclass decides whether a claim
 * may go ahead, and when it forgets a binding. Used only to show that the kit catches the mistakes.
 */
abstract class OwnBindingsRepository extends ForwardingSeatRepository {

    private static final String SEPARATOR = "~~";

    /** The bindings as the subclass keeps them. */
    final Map<BookingReference, ClaimIdentity> bindings = new ConcurrentHashMap<>();
    /** The reference the delegate knows for each reference of the caller, by its latest claim. */
    private final Map<BookingReference, BookingReference> inner = new ConcurrentHashMap<>();

    OwnBindingsRepository(BookingListener listener) {
        super(InMemorySeatRepository.builder().listener(event -> listener.onEvent(new BookingEvent(event.type(),
                outer(event.reference()), event.owner(), event.seats(), event.holdExpiresAt()))).build());
    }

    /** Claims in the delegate under a reference of the claim's own; remembers it if the claim succeeds. */
    final ClaimResult claimUnbound(ClaimRequest request) {
        BookingReference reference = BookingReference.of(request.reference().value() + SEPARATOR
                + ClaimIdentity.of(request).digest().substring(0, 16));
        ClaimResult result = delegate.claim(request.withReference(reference));
        if (result instanceof ClaimResult.Claimed claimed) {
            inner.put(request.reference(), reference);
            return new ClaimResult.Claimed(request.reference(), claimed.owner(), claimed.seats(), claimed.status(),
                    claimed.holdExpiresAt());
        }
        return result instanceof ClaimResult.ReferenceInUse ? new ClaimResult.ReferenceInUse(request.reference()) : result;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        BookingResult result = delegate.tryBook(seat, user);
        return result instanceof BookingResult.AlreadyYours yours
                ? new BookingResult.AlreadyYours(yours.seat(), yours.owner(), outer(yours.reference())) : result;
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        ConfirmResult result = delegate.confirm(inner.getOrDefault(reference, reference), user);
        if (result instanceof ConfirmResult.Confirmed confirmed) {
            return new ConfirmResult.Confirmed(reference, confirmed.owner(), confirmed.seats());
        }
        return result instanceof ConfirmResult.Lapsed ? new ConfirmResult.Lapsed(reference) : new ConfirmResult.NotYours(reference);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return outer(delegate.release(inner.getOrDefault(reference, reference), user));
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return outer(delegate.release(seat, user));
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return delegate.findSeat(seat).map(OwnBindingsRepository::outer);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return delegate.listSeats(show).stream().map(OwnBindingsRepository::outer).toList();
    }

    private static ReleaseResult outer(ReleaseResult result) {
        return result instanceof ReleaseResult.Released released
                ? new ReleaseResult.Released(outer(released.reference()), released.owner(), released.seats()) : result;
    }

    private static SeatState outer(SeatState state) {
        return state.reference() == null ? state : new SeatState(state.seat(), state.status(), state.owner(),
                outer(state.reference()), state.holdExpiresAt(), state.version());
    }

    private static BookingReference outer(BookingReference reference) {
        int end = reference.value().lastIndexOf(SEPARATOR);
        return end < 0 ? reference : BookingReference.of(reference.value().substring(0, end));
    }
}

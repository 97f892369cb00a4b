package dev.booking.tck;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.ClaimRequest;
import dev.booking.core.ClaimResult;
import dev.booking.core.ConfirmResult;
import dev.booking.core.ReleaseResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Hands every call to another repository; the deliberately broken repositories override what they break. */
public abstract class ForwardingSeatRepository implements SeatRepository {

    /** The repository every call goes to unless a subclass overrides it. */
    protected final SeatRepository delegate;

    /** Forwards to {@code delegate}. */
    protected ForwardingSeatRepository(SeatRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return delegate.tryBook(seat, user);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        delegate.addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return delegate.findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return delegate.listSeats(show);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return delegate.claim(request);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return delegate.confirm(reference, user);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return delegate.release(reference, user);
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return delegate.release(seat, user);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return delegate.sweepExpiredHolds(limit);
    }
}

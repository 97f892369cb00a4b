package dev.booking.queue.line;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A store that counts its {@code claim} calls and lets a test fail one before it reaches the real
 * store (the hook throws), so that a failed call has changed nothing.
 */
class CountingSeatRepository implements SeatRepository {

    private final SeatRepository store;
    private final AtomicInteger claims = new AtomicInteger();
    private volatile Consumer<ClaimRequest> beforeClaim = request -> { };

    CountingSeatRepository(SeatRepository store) {
        this.store = store;
    }

    /** How many times {@code claim} was called (including failed calls). */
    int claimCalls() {
        return claims.get();
    }

    /** Runs before every claim; throwing from it fails the claim without touching the store. */
    void beforeClaim(Consumer<ClaimRequest> hook) {
        this.beforeClaim = hook;
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        claims.incrementAndGet();
        beforeClaim.accept(request);
        return store.claim(request);
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return store.tryBook(seat, user);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        store.addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return store.findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return store.listSeats(show);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return store.confirm(reference, user);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return store.release(reference, user);
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return store.release(seat, user);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return store.sweepExpiredHolds(limit);
    }
}

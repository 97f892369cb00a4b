package dev.booking.bench;

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
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls that reach the store ({@code tryBook}, {@code findSeat} and the lifecycle
 * operations; set-up and listing calls are not counted), so that a waiting room's savings show in
 * the race demo and the benchmark.
 *
 * <p>Thread-safety: safe to share, like the repository it wraps.
 */
public final class CountingSeatRepository implements SeatRepository {

    private final SeatRepository store;
    private final LongAdder calls = new LongAdder();

    /** Wraps {@code store}. */
    public CountingSeatRepository(SeatRepository store) {
        this.store = store;
    }

    /** Counted calls so far. */
    public long calls() {
        return calls.sum();
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        calls.increment();
        return store.tryBook(seat, user);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        store.addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        calls.increment();
        return store.findSeat(seat);
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return store.listSeats(show);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        calls.increment();
        return store.claim(request);
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        calls.increment();
        return store.confirm(reference, user);
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        calls.increment();
        return store.release(reference, user);
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        calls.increment();
        return store.release(seat, user);
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        calls.increment();
        return store.sweepExpiredHolds(limit);
    }
}

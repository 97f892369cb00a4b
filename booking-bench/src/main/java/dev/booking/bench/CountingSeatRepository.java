package dev.booking.bench;

import dev.booking.core.BookingResult;
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
 * Counts the {@code tryBook} and {@code findSeat} calls that reach the store (set-up calls are not
 * counted), so that a waiting room's savings show in the race demo and the benchmark.
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

    /** Calls of tryBook and findSeat so far. */
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
}

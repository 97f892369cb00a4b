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

/** Counts the calls that reach the store during a race, so a waiting room's savings show. */
final class CountingSeatRepository implements SeatRepository {

    private final SeatRepository store;
    private final LongAdder calls = new LongAdder();

    CountingSeatRepository(SeatRepository store) {
        this.store = store;
    }

    /** Calls of tryBook and findSeat so far. */
    long calls() {
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

package dev.booking.queue.waitingroom;

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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A correct store that takes a moment to answer: each call pauses for a random few microseconds
 * after it took effect, as a network round trip would. It changes no answer, only how long the
 * moment lasts between a change and its caller hearing of it, which is where a wrapper that answers
 * from memory can go wrong.
 */
final class PausingSeatRepository implements SeatRepository {

    private final SeatRepository store;

    PausingSeatRepository(SeatRepository store) {
        this.store = store;
    }

    private static <T> T paused(Supplier<T> call) {
        T result = call.get();
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
        return result;
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        return paused(() -> store.tryBook(seat, user));
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return paused(() -> store.claim(request));
    }

    @Override
    public ConfirmResult confirm(BookingReference reference, UserId user) {
        return paused(() -> store.confirm(reference, user));
    }

    @Override
    public ReleaseResult release(BookingReference reference, UserId user) {
        return paused(() -> store.release(reference, user));
    }

    @Override
    public ReleaseResult release(SeatId seat, UserId user) {
        return paused(() -> store.release(seat, user));
    }

    @Override
    public int sweepExpiredHolds(int limit) {
        return paused(() -> store.sweepExpiredHolds(limit));
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        store.addSeats(show, numbers);
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return paused(() -> store.findSeat(seat));
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return paused(() -> store.listSeats(show));
    }
}

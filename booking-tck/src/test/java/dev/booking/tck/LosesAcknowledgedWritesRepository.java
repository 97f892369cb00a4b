package dev.booking.tck;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;
import dev.booking.core.spi.Arguments;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deliberately wrong: claims atomically, acknowledges every win, but loses every other acknowledged
 * booking a moment later, as a store does that acknowledges before the write is durable and then
 * fails over. Used only to show that the kit catches it.
 */
final class LosesAcknowledgedWritesRepository extends ForwardingSeatRepository {

    private final ConcurrentMap<SeatId, SeatState> seats = new ConcurrentHashMap<>();
    private final AtomicLong wins = new AtomicLong();

    /** The lifecycle operations, which no rule of this subject uses, go to a correct repository. */
    LosesAcknowledgedWritesRepository() {
        super(new InMemorySeatRepository());
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        BookingResult[] result = new BookingResult[1];
        seats.computeIfPresent(seat, (id, state) -> {
            if (state.isEmpty()) {
                BookingReference reference = BookingReference.generate();
                result[0] = new BookingResult.Booked(id, user, reference);
                return new SeatState(id, SeatStatus.BOOKED, user, reference, null, state.version() + 1);
            }
            result[0] = user.equals(state.owner()) ? new BookingResult.AlreadyYours(id, user, state.reference()) : new BookingResult.Taken(id);
            return state;
        });
        if (result[0] instanceof BookingResult.Booked && wins.incrementAndGet() % 2 == 0) {
            seats.computeIfPresent(seat, (id, state) -> SeatState.empty(id)); // the acknowledged write is gone
        }
        return result[0] != null ? result[0] : new BookingResult.NoSuchSeat(seat);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        Arguments.seatsToAdd(show, numbers).forEach(seat -> seats.putIfAbsent(seat, SeatState.empty(seat)));
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return Optional.ofNullable(seats.get(Arguments.requirePresent("seat", seat)));
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return seats.values().stream().filter(s -> s.seat().show().equals(show))
                .sorted(Comparator.comparing(s -> s.seat().number())).toList();
    }
}

package dev.booking.core.memory;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.SeatStatus;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.internal.Arguments;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps seats in a concurrent map; the conditional update is an atomic
 * {@link ConcurrentMap#compute} on the seat's entry. Nothing survives the JVM.
 *
 * <p>Thread-safety: safe to share between any number of threads.
 */
public final class InMemorySeatRepository implements SeatRepository {

    private final ConcurrentMap<SeatId, SeatState> seats = new ConcurrentHashMap<>();

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("user", user);
        BookingResult[] result = new BookingResult[1];
        seats.computeIfPresent(seat, (id, state) -> {
            if (state.isEmpty()) {
                result[0] = new BookingResult.Booked(id, user);
                return new SeatState(id, SeatStatus.BOOKED, user, state.version() + 1);
            }
            result[0] = user.equals(state.owner()) ? new BookingResult.AlreadyYours(id, user) : new BookingResult.Taken(id);
            return state;
        });
        return result[0] != null ? result[0] : new BookingResult.NoSuchSeat(seat);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        for (SeatId seat : Arguments.seatsOf(show, numbers)) {
            seats.putIfAbsent(seat, SeatState.empty(seat));
        }
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return Optional.ofNullable(seats.get(Arguments.requirePresent("seat", seat)));
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        Arguments.requirePresent("show", show);
        return seats.values().stream()
                .filter(state -> state.seat().show().equals(show))
                .sorted(Comparator.comparing(state -> state.seat().number()))
                .toList();
    }
}

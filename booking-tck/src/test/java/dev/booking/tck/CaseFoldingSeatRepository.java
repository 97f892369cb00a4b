package dev.booking.tck;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Deliberately wrong: folds seat numbers to lower case, as a table with a case-insensitive
 * collation would, so that "A1" and "a1" become one seat. Used only to show that rule 10 catches it.
 */
final class CaseFoldingSeatRepository extends ForwardingSeatRepository {

    CaseFoldingSeatRepository() {
        super(new InMemorySeatRepository());
    }

    private static SeatId fold(SeatId seat) {
        return seat == null ? null : new SeatId(seat.show(), seat.number().toLowerCase(Locale.ROOT));
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        BookingResult result = delegate.tryBook(fold(seat), user);
        if (result instanceof BookingResult.Booked booked) {
            return new BookingResult.Booked(seat, user, booked.reference());
        }
        if (result instanceof BookingResult.AlreadyYours yours) {
            return new BookingResult.AlreadyYours(seat, user, yours.reference());
        }
        return result instanceof BookingResult.Taken ? new BookingResult.Taken(seat) : new BookingResult.NoSuchSeat(seat);
    }

    @Override
    public void addSeats(ShowId show, Collection<String> numbers) {
        delegate.addSeats(show, numbers.stream().map(n -> n == null ? null : n.toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return delegate.findSeat(fold(seat));
    }

    @Override
    public List<SeatState> listSeats(ShowId show) {
        return delegate.listSeats(show);
    }
}

package dev.booking.tck;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatState;
import dev.booking.core.ShowId;
import dev.booking.core.UserId;
import dev.booking.core.memory.InMemorySeatRepository;

import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deliberately wrong: rewrites seat numbers before storing or looking them up, as a store whose
 * column trims trailing spaces or normalises Unicode would, so that distinct seats become one. Used
 * only to show that rule 10 catches it.
 */
final class RewritesSeatNumbersRepository extends ForwardingSeatRepository {

    private final UnaryOperator<String> rewrite;

    RewritesSeatNumbersRepository(UnaryOperator<String> rewrite) {
        super(new InMemorySeatRepository());
        this.rewrite = rewrite;
    }

    private SeatId rewritten(SeatId seat) {
        return seat == null ? null : new SeatId(seat.show(), rewrite.apply(seat.number()));
    }

    @Override
    public BookingResult tryBook(SeatId seat, UserId user) {
        BookingResult result = delegate.tryBook(rewritten(seat), user);
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
        delegate.addSeats(show, numbers.stream().map(n -> n == null ? null : rewrite.apply(n)).toList());
    }

    @Override
    public Optional<SeatState> findSeat(SeatId seat) {
        return delegate.findSeat(rewritten(seat));
    }
}

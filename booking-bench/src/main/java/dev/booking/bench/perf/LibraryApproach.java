package dev.booking.bench.perf;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.SeatRepository;
import dev.booking.core.UserId;

/**
 * The library itself: {@link SeatRepository#tryBook}.
 *
 * @param name       the variant name
 * @param repository the repository under test
 */
record LibraryApproach(String name, SeatRepository repository) implements Approach {

    @Override
    public Answer book(SeatId seat, UserId user) {
        BookingResult result = repository.tryBook(seat, user);
        if (result instanceof BookingResult.Booked) {
            return Answer.WON;
        }
        // AlreadyYours cannot happen (every caller is a different user per seat) and would not be a win
        return result instanceof BookingResult.Taken || result instanceof BookingResult.AlreadyYours
                ? Answer.LOST : Answer.OTHER;
    }
}

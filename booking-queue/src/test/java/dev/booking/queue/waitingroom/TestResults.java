package dev.booking.queue.waitingroom;

import dev.booking.core.BookingReference;
import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.UserId;

/** Expected results of the steerable repository, whose booking references are derived from the user. */
final class TestResults {

    private TestResults() {
    }

    /** The reference {@link ControllableSeatRepository} gives a booking of {@code user}. */
    static BookingReference reference(UserId user) {
        return BookingReference.of("ref-" + user.value());
    }

    static BookingResult.Booked booked(SeatId seat, UserId user) {
        return new BookingResult.Booked(seat, user, reference(user));
    }

    static BookingResult.AlreadyYours alreadyYours(SeatId seat, UserId user) {
        return new BookingResult.AlreadyYours(seat, user, reference(user));
    }
}

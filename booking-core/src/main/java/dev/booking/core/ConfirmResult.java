package dev.booking.core;

import dev.booking.core.spi.Arguments;

import java.util.List;

/** The answer of {@link SeatRepository#confirm}. When it is not {@link Confirmed}, nothing changed. */
public sealed interface ConfirmResult
        permits ConfirmResult.Confirmed, ConfirmResult.Lapsed, ConfirmResult.NotYours {

    /**
     * Every seat of the group is now booked for the user. Also the answer when the group was
     * booked already, so that repeating a confirmation is safe.
     *
     * @param reference the group's reference
     * @param owner     the user
     * @param seats     the seats, sorted by seat number
     */
    record Confirmed(BookingReference reference, UserId owner, List<SeatId> seats) implements ConfirmResult {
        /** Validates the parts and copies the list. */
        public Confirmed {
            Arguments.requirePresent("reference", reference);
            Arguments.requirePresent("owner", owner);
            seats = Arguments.sortedSeats("seats", seats);
        }
    }

    /**
     * There is no live hold under the reference: it expired (its seats may already belong to
     * someone else), was released, or never existed. Nothing was booked.
     *
     * @param reference the reference
     */
    record Lapsed(BookingReference reference) implements ConfirmResult {
        /** Rejects a missing reference. */
        public Lapsed {
            Arguments.requirePresent("reference", reference);
        }
    }

    /**
     * The reference names another user's hold or booking; nothing changed.
     *
     * @param reference the reference
     */
    record NotYours(BookingReference reference) implements ConfirmResult {
        /** Rejects a missing reference. */
        public NotYours {
            Arguments.requirePresent("reference", reference);
        }
    }
}

package dev.booking.core;

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
            Results.require("reference", reference);
            Results.require("owner", owner);
            seats = Results.seats(seats);
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
            Results.require("reference", reference);
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
            Results.require("reference", reference);
        }
    }
}

package dev.booking.core;

import dev.booking.core.spi.Arguments;

import java.util.List;

/**
 * The answer of {@link SeatRepository#release(BookingReference, UserId)} and
 * {@link SeatRepository#release(SeatId, UserId)}. When it is not {@link Released}, nothing changed.
 */
public sealed interface ReleaseResult
        permits ReleaseResult.Released, ReleaseResult.NotYours, ReleaseResult.NothingToRelease {

    /**
     * The seats are free again, at once.
     *
     * @param reference the reference they were held or booked under
     * @param owner     the user who gave them up
     * @param seats     the seats released, sorted by seat number
     */
    record Released(BookingReference reference, UserId owner, List<SeatId> seats) implements ReleaseResult {
        /** Validates the parts and copies the list. */
        public Released {
            Arguments.requirePresent("reference", reference);
            Arguments.requirePresent("owner", owner);
            seats = Arguments.sortedSeats("seats", seats);
        }
    }

    /** The seat or reference is held or booked by another user; nothing changed. */
    record NotYours() implements ReleaseResult {
    }

    /**
     * Nothing is held or booked there: the seat is free (a hold that expired counts as free), the
     * reference names no live hold or booking, or the seat does not exist. Releasing twice ends here.
     */
    record NothingToRelease() implements ReleaseResult {
    }
}

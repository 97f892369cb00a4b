package dev.booking.core;

import dev.booking.core.spi.Arguments;

import java.time.Instant;
import java.util.List;

/**
 * Something that happened to a group of seats, told to a {@link BookingListener} after it was
 * committed. Answers that changed nothing (a lost race, a repeated request) cause no event.
 *
 * @param type          what happened
 * @param reference     the group's reference
 * @param owner         the user who held, booked, confirmed or released the seats, or whose hold expired
 * @param seats         the seats, sorted by seat number; one seat for {@link Type#EXPIRED}
 * @param holdExpiresAt when the hold expires, for {@link Type#HELD}; else {@code null}
 */
public record BookingEvent(Type type, BookingReference reference, UserId owner, List<SeatId> seats,
                           Instant holdExpiresAt) {

    /** What happened. */
    public enum Type {
        /** Seats were held ({@link SeatRepository#claim} with a hold duration). */
        HELD,
        /** Seats were booked outright ({@link SeatRepository#tryBook}, or {@link SeatRepository#claim} without a hold). */
        BOOKED,
        /** A hold became a booking ({@link SeatRepository#confirm}). */
        CONFIRMED,
        /** The owner gave seats up ({@link SeatRepository#release(BookingReference, UserId)} and its seat form). */
        RELEASED,
        /**
         * A hold expired unconfirmed and has ended: {@link SeatRepository#sweepExpiredHolds} cleared it,
         * or a {@link SeatRepository#tryBook} or {@link SeatRepository#claim} took its seat over (then
         * told just before that change's own event). Exactly one event per seat and hold, whichever
         * ended it; {@code owner} and {@code reference} are the expired hold's.
         */
        EXPIRED
    }

    /** Validates the parts and copies the list. */
    public BookingEvent {
        Arguments.requirePresent("type", type);
        Arguments.requirePresent("reference", reference);
        Arguments.requirePresent("owner", owner);
        seats = Arguments.sortedSeats("seats", seats);
        if ((type == Type.HELD) != (holdExpiresAt != null)) {
            throw new IllegalArgumentException("holdExpiresAt must be present exactly for HELD");
        }
    }
}

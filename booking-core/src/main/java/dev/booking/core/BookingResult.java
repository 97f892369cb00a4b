package dev.booking.core;

import dev.booking.core.spi.Arguments;

/**
 * The answer of {@link SeatRepository#tryBook}. Every outcome of a well-formed request is one of
 * these four; losing a race is {@link Taken}, never an exception.
 *
 * <pre>{@code
 * BookingResult result = seats.tryBook(seat, user);
 * if (result instanceof BookingResult.Booked booked) {
 *     sendConfirmation(booked.owner(), booked.seat());
 * } else if (result instanceof BookingResult.Taken) {
 *     showSorry();
 * }
 * }</pre>
 */
public sealed interface BookingResult
        permits BookingResult.Booked, BookingResult.AlreadyYours, BookingResult.Taken, BookingResult.NoSuchSeat {

    /** The seat the request was for. */
    SeatId seat();

    /** Whether the user now owns the seat ({@link Booked} or {@link AlreadyYours}). */
    default boolean isSuccess() {
        return this instanceof Booked || this instanceof AlreadyYours;
    }

    /**
     * This call won: the seat was empty and now belongs to {@code owner}.
     *
     * @param seat      the seat
     * @param owner     the user it was booked for, as stored
     * @param reference the new booking's reference, for {@link SeatRepository#release(BookingReference, UserId)}
     */
    record Booked(SeatId seat, UserId owner, BookingReference reference) implements BookingResult {
        /** Rejects missing parts. */
        public Booked {
            Arguments.requirePresent("seat", seat);
            Arguments.requirePresent("owner", owner);
            Arguments.requirePresent("reference", reference);
        }
    }

    /**
     * The seat already belonged to the same user (booked, or held and not expired), so nothing
     * changed: repeating a booking (for instance after a timeout whose outcome was unknown) is safe.
     *
     * @param seat      the seat
     * @param owner     the user, who is the stored owner
     * @param reference the reference under which the user owns it
     */
    record AlreadyYours(SeatId seat, UserId owner, BookingReference reference) implements BookingResult {
        /** Rejects missing parts. */
        public AlreadyYours {
            Arguments.requirePresent("seat", seat);
            Arguments.requirePresent("owner", owner);
            Arguments.requirePresent("reference", reference);
        }
    }

    /**
     * Someone else owns the seat (booked, or held and not expired). Who that is stays private.
     *
     * @param seat the seat
     */
    record Taken(SeatId seat) implements BookingResult {
        /** Rejects a missing seat. */
        public Taken {
            Arguments.requirePresent("seat", seat);
        }
    }

    /**
     * The seat does not exist in the repository; nothing was created.
     *
     * @param seat the seat
     */
    record NoSuchSeat(SeatId seat) implements BookingResult {
        /** Rejects a missing seat. */
        public NoSuchSeat {
            Arguments.requirePresent("seat", seat);
        }
    }
}

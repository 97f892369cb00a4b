package dev.booking.tck.history;

import dev.booking.core.SeatId;
import dev.booking.core.UserId;
import dev.booking.core.spi.Arguments;

/**
 * One completed entry of a {@link History}: what was asked, by whom, when, and what came back.
 *
 * @param id       the position in the history, unique
 * @param seat     the seat the operation addressed
 * @param kind     what was asked
 * @param user     the user it was asked for; {@code null} for reads
 * @param observed what came back; {@link Observed#UNKNOWN} when the outcome is ambiguous
 * @param owner    the owner a read returned; {@code null} otherwise
 * @param invoked  when the call started, in {@link System#nanoTime()} units
 * @param returned when the answer arrived; {@link Long#MAX_VALUE} when the outcome is unknown, since
 *                 such an operation may take effect at any later time
 */
public record Operation(int id, SeatId seat, Kind kind, UserId user, Observed observed, UserId owner,
                        long invoked, long returned) {

    /** What was asked of the seat. */
    public enum Kind {
        /** {@code tryBook(seat, user)}. */
        BOOK,
        /** Giving the seat up: {@code release(seat, user)}. */
        RELEASE,
        /** {@code findSeat(seat)}. */
        READ
    }

    /** What came back. */
    public enum Observed {
        /** The seat was empty and now belongs to the user. */
        BOOKED,
        /** The user already owned the seat. */
        ALREADY_YOURS,
        /** Someone else owned the seat. */
        TAKEN,
        /** The seat did not exist. */
        NO_SUCH_SEAT,
        /** The owner gave the seat up; it is empty. */
        RELEASED,
        /** A release by someone who did not own the seat; nothing changed. */
        NOT_YOURS,
        /** A release of a seat nobody owned (or that does not exist); nothing changed. */
        NOTHING_TO_RELEASE,
        /** A read found the seat empty. */
        READ_EMPTY,
        /** A read found the seat owned by {@link Operation#owner()}. */
        READ_OWNED,
        /** A read found no such seat. */
        READ_ABSENT,
        /** The call failed in a way that leaves its effect unknown (it may or may not have happened). */
        UNKNOWN
    }

    /** Checks that the parts agree. */
    public Operation {
        Arguments.requirePresent("seat", seat);
        Arguments.requirePresent("kind", kind);
        Arguments.requirePresent("observed", observed);
        if ((kind == Kind.READ) != (user == null)) {
            throw new IllegalArgumentException("reads have no user; bookings and releases have one");
        }
        if ((observed == Observed.READ_OWNED) != (owner != null)) {
            throw new IllegalArgumentException("owner is present exactly for READ_OWNED");
        }
        if (returned < invoked) {
            throw new IllegalArgumentException("returned before invoked");
        }
    }

    /** Whether the outcome is unknown: such an operation may be left out of a linearization. */
    public boolean isUnknown() {
        return observed == Observed.UNKNOWN;
    }

    /** One readable line, with times relative to {@code origin} in milliseconds. */
    public String describe(long origin) {
        String call = switch (kind) {
            case BOOK -> "tryBook(" + seat + ", " + user + ")";
            case RELEASE -> "release(" + seat + ", " + user + ")";
            case READ -> "findSeat(" + seat + ")";
        };
        String result = observed == Observed.READ_OWNED ? "owned by " + owner : observed.name();
        String end = returned == Long.MAX_VALUE ? "       ?" : String.format("%8.3f", (returned - origin) / 1e6);
        return String.format("#%-5d [%8.3f ms .. %s ms] %s -> %s", id, (invoked - origin) / 1e6, end, call, result);
    }
}

package dev.booking.jdbc.internal;

import dev.booking.core.BookingException;
import dev.booking.core.SeatId;
import dev.booking.core.spi.StoredSeat;

import java.util.Optional;

/**
 * What tryBook's write found out in its one round trip: that it won, or, where the database can say
 * so in the same statement, why it lost. Only {@link Unexplained} costs the loser a second read.
 */
sealed interface BookAttempt {

    /** The write booked the seat for this call. */
    record Won() implements BookAttempt {
    }

    /** The write lost to a live seat of another user: the answer is {@code Taken}, with nothing to read. */
    record TakenByAnother() implements BookAttempt {
    }

    /**
     * The write lost, and the same statement read the seat: empty if it does not exist. The read may
     * predate a change that made the write lose (PostgreSQL's statement snapshot), so a seat seen
     * free is no answer, only a reason to try again.
     *
     * @param seat the seat as the statement saw it
     */
    record Seen(Optional<StoredSeat> seat) implements BookAttempt {

        /** Rejects a missing optional. */
        public Seen {
            if (seat == null) {
                throw new IllegalArgumentException("seat must not be null");
            }
        }
    }

    /** The write lost (or found no row) and cannot say why: a read must tell. */
    record Unexplained() implements BookAttempt {
    }

    /** The answer of a plain conditional UPDATE that updated {@code updated} rows of {@code seat}. */
    static BookAttempt ofUpdateCount(int updated, SeatId seat) {
        if (updated > 1) {
            throw tooManyRows(updated, seat);
        }
        return updated == 1 ? new Won() : new Unexplained();
    }

    /**
     * The answer of a verdict ({@link TryBookStatement.Form#VERDICT_QUERY}): 1 won, 2 taken by another,
     * anything else (3, or 0 for none) unexplained.
     */
    static BookAttempt ofVerdict(long verdict) {
        if (verdict == 1) {
            return new Won();
        }
        return verdict == 2 ? new TakenByAnother() : new Unexplained();
    }

    /** The failure of a claim that changed several rows, which only a table without its primary key allows. */
    static BookingException tooManyRows(int updated, SeatId seat) {
        return new BookingException(BookingException.Failure.UNEXPECTED, "claim updated " + updated + " rows of "
                + seat + "; the table lacks its primary key on (show_id, seat_no)");
    }
}

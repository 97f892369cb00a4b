package dev.booking.demo;

/**
 * What the page is told about one visitor's booking: sent once for the click and again for every
 * poll of its ticket.
 *
 * @param state          where the booking stands
 * @param seat           the seat asked for, or {@code null} on a poll (the page remembers it)
 * @param ticket         the line's ticket to poll while {@link State#PROCESSING}, else {@code null}
 * @param retryAfterMillis for {@link State#BUSY}: when to try again; else 0
 * @param detail         a short explanation for {@link State#FAILED}, else {@code null}
 */
public record DeskAnswer(State state, String seat, String ticket, long retryAfterMillis, String detail) {

    /** Where a booking stands, as the page shows it. */
    public enum State {
        /** In the line: poll the ticket. */
        PROCESSING,
        /** The seat is the visitor's. */
        BOOKED,
        /** Someone else has it. */
        TAKEN,
        /** The line is full: nothing was queued, try again. */
        BUSY,
        /** The request could not be decided; nothing was booked. */
        FAILED,
        /** No such ticket (never issued, or forgotten by the line). */
        UNKNOWN
    }

    /** Rejects a missing state. */
    public DeskAnswer {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
    }

    static DeskAnswer of(State state, String seat) {
        return new DeskAnswer(state, seat, null, 0, null);
    }
}

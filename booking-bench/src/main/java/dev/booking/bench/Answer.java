package dev.booking.bench;

import dev.booking.core.BookingResult;
import dev.booking.core.ClaimResult;

/** What one call came to, reduced to what the integrity check and the reports need. */
public enum Answer {
    /** "The seat (or the whole group) is yours." */
    WON,
    /** "Sorry, taken." */
    LOST,
    /** Any other answer, such as "no such seat": never expected in a race, so it is reported. */
    OTHER,
    /** The call threw: the caller was told nothing, and the store may or may not have kept its claim. */
    FAILED,
    /** The call had not returned when the race stopped waiting for it; like {@link #FAILED}, outcome unknown. */
    UNANSWERED;

    /** A single-seat booking's answer. */
    public static Answer of(BookingResult result) {
        if (result instanceof BookingResult.Booked) {
            return WON;
        }
        // AlreadyYours cannot happen (every caller is another user) and would not be a win
        return result instanceof BookingResult.Taken ? LOST : OTHER;
    }

    /** A group claim's answer. */
    public static Answer of(ClaimResult result) {
        if (result instanceof ClaimResult.Claimed) {
            return WON;
        }
        return result instanceof ClaimResult.Unavailable ? LOST : OTHER;
    }

    /** Whether the caller may have won without being told: its call threw or never returned. */
    public boolean outcomeUnknown() {
        return this == FAILED || this == UNANSWERED;
    }
}

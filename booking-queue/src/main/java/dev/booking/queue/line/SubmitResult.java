package dev.booking.queue.line;

import dev.booking.core.spi.Arguments;

import java.time.Duration;

/** The answer of {@link SharedLine#submit}: accepted with a ticket, or busy. Never an exception for load. */
public sealed interface SubmitResult permits SubmitResult.Accepted, SubmitResult.Busy {

    /**
     * The line has accepted the request durably, by its broker's rules (see the broker module); the
     * ticket will reach exactly one final status.
     *
     * @param ticket    the ticket to poll
     * @param duplicate whether an earlier submit with the same idempotency key had already made this ticket
     */
    record Accepted(Ticket ticket, boolean duplicate) implements SubmitResult {
        /** Rejects a missing ticket. */
        public Accepted {
            Arguments.requirePresent("ticket", ticket);
        }
    }

    /**
     * The line is at capacity: nothing was queued. Ask the user to try again after {@code retryAfter}
     * (an HTTP service answers 503 or 429 with a {@code Retry-After} header).
     *
     * @param retryAfter a hint, from the line's recent pace; positive
     */
    record Busy(Duration retryAfter) implements SubmitResult {
        /** Rejects a missing or non-positive hint. */
        public Busy {
            Arguments.requirePresent("retryAfter", retryAfter);
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
            }
        }
    }
}

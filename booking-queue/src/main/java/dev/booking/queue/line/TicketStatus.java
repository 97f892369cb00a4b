package dev.booking.queue.line;

import dev.booking.core.ClaimResult;
import dev.booking.core.spi.Arguments;

import java.time.Duration;

/**
 * Where a {@link Ticket} stands, as {@link SharedLine#status} reports it from any instance. A ticket
 * moves from {@link Queued} to {@link Processing} to exactly one final status ({@link Booked},
 * {@link Refused} or {@link Failed}); once a final status has been reported, it never changes.
 * A status never names another user: a refusal says the seats were taken, not by whom.
 */
public sealed interface TicketStatus permits TicketStatus.Queued, TicketStatus.Processing, TicketStatus.Booked,
        TicketStatus.Refused, TicketStatus.Failed, TicketStatus.Unknown {

    /** Whether this status is final: it will be answered for this ticket from now on. */
    default boolean isFinal() {
        return this instanceof Booked || this instanceof Refused || this instanceof Failed;
    }

    /**
     * Waiting in line.
     *
     * @param position      how many undecided requests of the same partition are ahead, 0 if next; an estimate
     * @param estimatedWait how long until it is decided, from the partition's recent pace; an estimate
     */
    record Queued(long position, Duration estimatedWait) implements TicketStatus {
        /** Rejects a negative position or wait. */
        public Queued {
            if (position < 0) {
                throw new IllegalArgumentException("position must not be negative, was " + position);
            }
            Arguments.requirePresent("estimatedWait", estimatedWait);
            if (estimatedWait.isNegative()) {
                throw new IllegalArgumentException("estimatedWait must not be negative, was " + estimatedWait);
            }
        }
    }

    /** A worker is deciding it now. */
    record Processing() implements TicketStatus {
    }

    /**
     * Final: the seats are the user's.
     *
     * @param claim the claim as decided, under the reference derived from the ticket
     *              ({@link SharedLine#referenceFor})
     */
    record Booked(ClaimResult.Claimed claim) implements TicketStatus {
        /** Rejects a missing claim. */
        public Booked {
            Arguments.requirePresent("claim", claim);
        }
    }

    /**
     * Final: the request was decided and lost.
     *
     * @param reason why
     */
    record Refused(Reason reason) implements TicketStatus {
        /** Rejects a missing reason. */
        public Refused {
            Arguments.requirePresent("reason", reason);
        }
    }

    /** Why a request was refused. */
    enum Reason {
        /** Some seat belonged to someone else when the request's turn came. */
        TAKEN,
        /** Some seat was never added. */
        NO_SUCH_SEAT
    }

    /**
     * Final: the request could not be decided (it failed its attempts and went to the dead-letter
     * place, or its ticket's reference was already in use). Nothing was claimed for it.
     *
     * @param why a short explanation for an operator; never names another user
     */
    record Failed(String why) implements TicketStatus {
        /** Rejects a missing or blank explanation. */
        public Failed {
            Arguments.requirePresent("why", why);
            if (why.isBlank()) {
                throw new IllegalArgumentException("why must not be blank");
            }
        }
    }

    /**
     * No such ticket: never issued by this line, malformed, or forgotten after the line's retention.
     */
    record Unknown() implements TicketStatus {
    }
}

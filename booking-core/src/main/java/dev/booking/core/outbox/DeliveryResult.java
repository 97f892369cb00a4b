package dev.booking.core.outbox;

import dev.booking.core.spi.Arguments;

/** What one delivery attempt of a {@link Notice} came to. */
public sealed interface DeliveryResult {

    /** The receiver accepted the notice. */
    record Delivered() implements DeliveryResult {
    }

    /**
     * The receiver could not take it now (down, busy, a 4xx answer): the relay tries again later,
     * until the record's attempts run out.
     *
     * @param reason why, for the record and the log
     */
    record RetryLater(String reason) implements DeliveryResult {
        /** Rejects a missing reason. */
        public RetryLater {
            Arguments.requirePresent("reason", reason);
        }
    }

    /**
     * The receiver refused it for good (a 5xx answer, no address for the user): the record goes
     * to {@link OutboxState#DEAD} at once.
     *
     * @param reason why, for the record and the log
     */
    record Rejected(String reason) implements DeliveryResult {
        /** Rejects a missing reason. */
        public Rejected {
            Arguments.requirePresent("reason", reason);
        }
    }

    /** The one {@link Delivered}. */
    DeliveryResult DELIVERED = new Delivered();
}

package dev.booking.core.outbox;

import dev.booking.core.spi.Arguments;

import java.time.Instant;

/**
 * One outbox record as stored: the notice and its delivery so far.
 *
 * @param notice        what to tell
 * @param state         where the record stands
 * @param attempts      deliveries started so far (counted when a relay claims the record)
 * @param nextAttemptAt when a {@link OutboxState#PENDING} record is next due
 * @param lastError     why the last attempt failed, or {@code null}
 * @param sentAt        when it was delivered, for {@link OutboxState#SENT}; else {@code null}
 */
public record OutboxRecord(Notice notice, OutboxState state, int attempts, Instant nextAttemptAt, String lastError,
                           Instant sentAt) {

    /** Validates the parts. */
    public OutboxRecord {
        Arguments.requirePresent("notice", notice);
        Arguments.requirePresent("state", state);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
        }
        Arguments.requirePresent("nextAttemptAt", nextAttemptAt);
        if ((state == OutboxState.SENT) != (sentAt != null)) {
            throw new IllegalArgumentException("sentAt must be present exactly for SENT");
        }
    }

    /** The record's id, the notice's. */
    public String id() {
        return notice.id();
    }
}

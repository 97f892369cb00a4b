package dev.booking.core.outbox;

/** Where an outbox record stands. */
public enum OutboxState {
    /** Waiting for a relay: new, or failed and due again at {@link OutboxRecord#nextAttemptAt}. */
    PENDING,
    /** Delivered; kept until the retention ends, then purged. */
    SENT,
    /**
     * Given up on: the receiver refused it permanently, or it failed its bounded attempts. Kept
     * until the retention ends; {@link dev.booking.core.outbox.spi.OutboxStore#requeue} sends it again.
     */
    DEAD
}

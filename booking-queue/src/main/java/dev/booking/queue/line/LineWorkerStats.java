package dev.booking.queue.line;

/**
 * A snapshot of a {@link LineWorkers}' counters since it was built. They count what these workers
 * settled: a redelivered request whose ticket was already final is acknowledged without deciding
 * and counts nowhere. {@code decided == booked + refused + failed}.
 *
 * @param decided      tickets these workers settled with an outcome
 * @param booked       of them, {@link TicketStatus.Booked}
 * @param refused      of them, {@link TicketStatus.Refused}
 * @param failed       of them, {@link TicketStatus.Failed} (including the dead-lettered ones)
 * @param deadLettered requests moved to the dead-letter place: undecodable, or out of attempts
 * @param unaddressed  refusals and failures whose notice could not be written because their request
 *                     could not be read, so names no user (only with {@link LineWorkers.Builder#notices});
 *                     counted each time such a request is settled or redelivered
 */
public record LineWorkerStats(long decided, long booked, long refused, long failed, long deadLettered,
                              long unaddressed) {

    /** Rejects negative counts. */
    public LineWorkerStats {
        requireNotNegative("decided", decided);
        requireNotNegative("booked", booked);
        requireNotNegative("refused", refused);
        requireNotNegative("failed", failed);
        requireNotNegative("deadLettered", deadLettered);
        requireNotNegative("unaddressed", unaddressed);
    }

    private static void requireNotNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
    }
}

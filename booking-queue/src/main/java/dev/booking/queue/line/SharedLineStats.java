package dev.booking.queue.line;

/**
 * A snapshot of the answers one {@link SharedLine} has given since it was built (one service
 * instance's; every instance counts its own). A submit that throws (invalid arguments, a broker
 * failure) counts nowhere.
 *
 * @param accepted submits answered {@link SubmitResult.Accepted}, duplicates included: a submit
 *                 repeated with an idempotency key that answers the earlier ticket is an accepted
 *                 answer to its caller, so it counts here (it queues nothing more)
 * @param busy     submits answered {@link SubmitResult.Busy}: the line was at capacity
 */
public record SharedLineStats(long accepted, long busy) {

    /** Rejects negative counts. */
    public SharedLineStats {
        if (accepted < 0) {
            throw new IllegalArgumentException("accepted must not be negative, was " + accepted);
        }
        if (busy < 0) {
            throw new IllegalArgumentException("busy must not be negative, was " + busy);
        }
    }
}

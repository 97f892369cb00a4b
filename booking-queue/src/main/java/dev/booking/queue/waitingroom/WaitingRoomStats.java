package dev.booking.queue.waitingroom;

/**
 * A consistent snapshot of a {@link WaitingRoom}'s counters, taken by {@link WaitingRoom#stats()}.
 * The counters count since the room was built; once the room is idle,
 * {@code submitted == served + busy + timedOut + failed + closed + queueDepth}.
 *
 * @param queueDepth      requests admitted and not yet answered (waiting in line or in a repository
 *                        call); never more than the capacity
 * @param callsInFlight   repository calls running now; never more than the number of workers
 * @param submitted       requests submitted with valid arguments
 * @param served          requests answered {@code Served}
 * @param shortCircuited  of the served ones, those answered without a repository call of their own
 * @param repositoryCalls calls made into the repository ({@code tryBook} and {@code findSeat})
 * @param busy            requests refused because the room was full
 * @param timedOut        requests answered {@code TimedOut}
 * @param failed          requests whose own repository call threw
 * @param closed          requests answered {@code Closed}
 */
public record WaitingRoomStats(int queueDepth, int callsInFlight, long submitted, long served, long shortCircuited,
                               long repositoryCalls, long busy, long timedOut, long failed, long closed) {

    /** Rejects negative counts. */
    public WaitingRoomStats {
        requireNotNegative("queueDepth", queueDepth);
        requireNotNegative("callsInFlight", callsInFlight);
        requireNotNegative("submitted", submitted);
        requireNotNegative("served", served);
        requireNotNegative("shortCircuited", shortCircuited);
        requireNotNegative("repositoryCalls", repositoryCalls);
        requireNotNegative("busy", busy);
        requireNotNegative("timedOut", timedOut);
        requireNotNegative("failed", failed);
        requireNotNegative("closed", closed);
        if (shortCircuited > served) {
            throw new IllegalArgumentException("shortCircuited must not exceed served");
        }
    }

    /** Requests that have their final answer: served, busy, timed out, failed or closed. */
    public long answered() {
        return served + busy + timedOut + failed + closed;
    }

    private static void requireNotNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
    }
}

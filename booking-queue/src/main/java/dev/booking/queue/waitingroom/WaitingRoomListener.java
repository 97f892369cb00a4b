package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;

/**
 * Observes a {@link WaitingRoom}, for metrics and logs. Every method has a no-op default, so an
 * implementation overrides only what it records.
 *
 * <p>Calls come from the thread that caused the event (a submitting thread, a worker or the
 * deadline keeper), never while the room holds its lock, and possibly from many threads at once:
 * implementations must be thread-safe and should be quick, because a slow listener slows the
 * worker that calls it. A listener that throws is logged and ignored; it never breaks the room.
 */
public interface WaitingRoomListener {

    /** The listener that does nothing; the default. */
    WaitingRoomListener NONE = new WaitingRoomListener() {
    };

    /**
     * A request joined the line.
     *
     * @param queueDepth how many requests are unanswered in the room now, this one included
     */
    default void admitted(int queueDepth) {
    }

    /** A request was refused because the room was full; it was answered {@code Busy}. */
    default void rejectedBusy() {
    }

    /** A request was answered {@code Closed}: it arrived after shutdown, or was still unanswered when the grace period ended. */
    default void answeredClosed() {
    }

    /**
     * A worker is about to call the repository ({@code tryBook}, or {@code findSeat} to learn the
     * owner of a taken seat).
     *
     * @param seat the seat the call is for
     */
    default void repositoryCall(SeatId seat) {
    }

    /**
     * A request was answered {@code Served}, with or without a repository call of its own.
     *
     * @param waitNanos how long it was in the room, from admission to answer (0 if answered at once)
     * @param result    the booking answer it got
     */
    default void served(long waitNanos, BookingResult result) {
    }

    /**
     * A request was answered without a repository call of its own, from the outcome of another
     * request's call for the same seat or from a remembered owner. {@link #served} follows for it too.
     *
     * @param seat the seat
     */
    default void shortCircuited(SeatId seat) {
    }

    /**
     * A request was answered {@code TimedOut}.
     *
     * @param seat the seat
     */
    default void timedOut(SeatId seat) {
    }

    /**
     * The repository threw on a request's own call; that request's future completed exceptionally.
     *
     * @param seat    the seat
     * @param failure what the repository threw
     */
    default void failed(SeatId seat, Throwable failure) {
    }
}

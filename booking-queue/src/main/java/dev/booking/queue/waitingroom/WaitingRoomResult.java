package dev.booking.queue.waitingroom;

import dev.booking.core.BookingResult;
import dev.booking.core.SeatId;
import dev.booking.core.spi.Arguments;

/**
 * How the {@link WaitingRoom} answered one request. Exactly one of these completes each future
 * that {@link WaitingRoom#submit} returns, unless the repository call for that very request threw,
 * in which case the future completes exceptionally with the repository's exception.
 *
 * <pre>{@code
 * WaitingRoomResult answer = room.submit(seat, user).join();
 * if (answer instanceof WaitingRoomResult.Served served) {
 *     render(served.result());           // Booked, AlreadyYours, Taken or NoSuchSeat
 * } else if (answer instanceof WaitingRoomResult.Busy) {
 *     respond(429);                      // or 503 with Retry-After
 * } else {
 *     respond(503);                      // TimedOut or Closed
 * }
 * }</pre>
 */
public sealed interface WaitingRoomResult
        permits WaitingRoomResult.Served, WaitingRoomResult.Busy, WaitingRoomResult.TimedOut, WaitingRoomResult.Closed {

    /** The seat the request was for. */
    SeatId seat();

    /**
     * The request got a booking answer: either the repository's own answer to this request, or one
     * derived from what the room learned about the seat a moment ago (the owner gets
     * {@link BookingResult.AlreadyYours}, everyone else {@link BookingResult.Taken}). A derived
     * answer is never {@link BookingResult.Booked}: only the repository hands out seats.
     *
     * @param result the booking answer
     */
    record Served(BookingResult result) implements WaitingRoomResult {
        /** Rejects a missing result. */
        public Served {
            Arguments.requirePresent("result", result);
        }

        @Override
        public SeatId seat() {
            return result.seat();
        }
    }

    /**
     * The room was full when the request arrived, so it was refused at once without touching the
     * repository. Nothing was written; trying again later is safe (HTTP 429 or 503).
     *
     * @param seat the seat
     */
    record Busy(SeatId seat) implements WaitingRoomResult {
        /** Rejects a missing seat. */
        public Busy {
            Arguments.requirePresent("seat", seat);
        }
    }

    /**
     * The request was not answered within the room's deadline, or the room shut down while its
     * repository call was running. If that call had started, it may still have committed the booking; repeating the request is safe,
     * because {@code tryBook} is idempotent per user and then answers
     * {@link BookingResult.AlreadyYours}.
     *
     * @param seat the seat
     */
    record TimedOut(SeatId seat) implements WaitingRoomResult {
        /** Rejects a missing seat. */
        public TimedOut {
            Arguments.requirePresent("seat", seat);
        }
    }

    /**
     * The room was shut down before this request's repository call started: either before the
     * request arrived, or while it was still waiting when the shutdown's grace period ended. Nothing
     * was written for it. (A request whose call was running at that moment is answered
     * {@link TimedOut} instead, since that call may still commit.)
     *
     * @param seat the seat
     */
    record Closed(SeatId seat) implements WaitingRoomResult {
        /** Rejects a missing seat. */
        public Closed {
            Arguments.requirePresent("seat", seat);
        }
    }
}

package dev.booking.core;

import java.util.Objects;

/**
 * The one unchecked exception adapters throw when the store itself fails: a connection is lost or
 * unavailable, a statement times out, a transaction is aborted, or the store answers in a way the
 * adapter did not expect. When the store raised an exception, it is attached as the cause; failures
 * decided before the store was reached (a full or closed waiting room) have none.
 *
 * <p>It is never thrown for contention ({@link BookingResult.Taken}) or for invalid input
 * ({@link IllegalArgumentException}).
 *
 * <p>Whether a retry is safe: {@code tryBook} is idempotent per user, so repeating it after any
 * failure answers {@link BookingResult.AlreadyYours} if the first attempt had in fact committed.
 */
public class BookingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of infrastructure failure happened, classified from the store's error codes. */
    public enum Failure {
        /**
         * The store aborted the operation to protect isolation (serialization failure, deadlock,
         * lock wait timeout). Nothing was written; trying again is expected to succeed.
         */
        TRANSIENT_CONFLICT,
        /**
         * No connection could be obtained, or it broke during the call. If it broke after the
         * request was sent, the outcome is unknown until the request is repeated.
         */
        CONNECTION,
        /** A statement, lock or pool wait took longer than its configured limit. */
        TIMEOUT,
        /**
         * The request was refused before it reached the store, to protect it (for instance a full
         * waiting room). Nothing was written; try again later (HTTP 429 or 503).
         */
        OVERLOADED,
        /** Anything else: a missing table, missing permissions, a bug. Retrying will not help. */
        UNEXPECTED;

        /** Whether repeating the same call may succeed. */
        public boolean isTransient() {
            return this != UNEXPECTED;
        }
    }

    private final Failure failure;

    /**
     * Creates the exception for a failure that never reached the store, so has no cause.
     *
     * @param failure what kind of failure it was
     * @param message what was being done and why it failed
     */
    public BookingException(Failure failure, String message) {
        this(failure, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param failure what kind of failure it was
     * @param message what was being done when it failed
     * @param cause   the store's own exception
     */
    public BookingException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** What kind of failure this was. */
    public Failure failure() {
        return failure;
    }
}

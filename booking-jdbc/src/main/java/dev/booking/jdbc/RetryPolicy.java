package dev.booking.jdbc;

import dev.booking.core.BookingException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often a call is repeated when the database aborts it as a
 * {@link BookingException.Failure#TRANSIENT_CONFLICT transient conflict} (serialization failure,
 * deadlock, lock wait timeout). Off by default ({@link #none()}): at the default isolation levels
 * the conditional update does not produce such conflicts. Turn it on when the database runs at
 * {@code SERIALIZABLE}, where the losers of a race are aborted with SQLState 40001 instead of
 * updating 0 rows; a retried loser then reads the seat and answers {@code Taken}.
 *
 * <p>Repeating is safe because every operation is idempotent: a repeated {@code tryBook} by the
 * winner answers {@code AlreadyYours}. Waits grow exponentially from {@code initialBackoff} up to
 * {@code maxBackoff}, each drawn at random between zero and that bound ("full jitter"), so that
 * aborted callers do not collide again in lock step.
 *
 * @param maxAttempts    attempts in total, including the first; 1 means no retry
 * @param initialBackoff the bound of the first wait
 * @param maxBackoff     the largest bound of any wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /** Validates the policy. */
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100, was " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must be zero or positive");
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff");
        }
    }

    /** No retry: a transient conflict is thrown to the caller at once. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Up to {@code maxAttempts} attempts, with waits from 5 ms up to 200 ms. */
    public static RetryPolicy attempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(200));
    }

    /** The wait before attempt number {@code attempt + 1} (attempt counts from 1). */
    Duration backoffAfter(int attempt) {
        long bound = initialBackoff.toNanos() << Math.min(attempt - 1, 20);
        bound = Math.min(Math.max(bound, 0), maxBackoff.toNanos());
        return bound == 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
    }
}

package dev.booking.queue.waitingroom;

import dev.booking.core.spi.Arguments;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The immutable configuration of a {@link WaitingRoom}, usually made by
 * {@link WaitingRoom#builder}. Invalid values raise {@link IllegalArgumentException} naming the
 * setting.
 *
 * @param capacity          the most requests the room holds unanswered at once, waiting in line or
 *                          in a repository call; the next one is answered {@code Busy}. At least 1.
 * @param workers           the most repository calls at once, i.e. the worker threads; size it like
 *                          the connection pool behind the repository. At least 1.
 * @param deadline          how long a request may stay unanswered before it is answered
 *                          {@code TimedOut}. Positive.
 * @param rememberOwnersFor how long the owner of a decided seat is remembered, so that later
 *                          requests for it are answered without a repository call. Zero disables
 *                          remembering (requests already waiting are still answered from the
 *                          outcome). Not negative.
 * @param listener          observes the room; {@link WaitingRoomListener#NONE} for nothing
 * @param ticker            the source of time for deadlines and remembering, in nanoseconds with an
 *                          arbitrary origin, like {@link System#nanoTime()} (the default); tests
 *                          substitute a controllable one. It must never go backwards.
 */
public record WaitingRoomSettings(int capacity, int workers, Duration deadline, Duration rememberOwnersFor,
                                  WaitingRoomListener listener, LongSupplier ticker) {

    /** Default {@link #capacity}: 10,000 requests, a few megabytes at most. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default {@link #workers}: 8, the size of a typical connection pool. */
    public static final int DEFAULT_WORKERS = 8;
    /** Default {@link #deadline}: 10 seconds, about as long as a user watches "processing...". */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    /** Default {@link #rememberOwnersFor}: 1 second, short because another instance may release the seat. */
    public static final Duration DEFAULT_REMEMBER_OWNERS_FOR = Duration.ofSeconds(1);

    /** Validates every setting. */
    public WaitingRoomSettings {
        checkCapacity(capacity);
        checkWorkers(workers);
        checkDeadline(deadline);
        checkRememberOwnersFor(rememberOwnersFor);
        Arguments.requirePresent("listener", listener);
        Arguments.requirePresent("ticker", ticker);
    }

    /** The defaults: documented on the constants, no listener, {@link System#nanoTime()}. */
    public static WaitingRoomSettings defaults() {
        return new WaitingRoomSettings(DEFAULT_CAPACITY, DEFAULT_WORKERS, DEFAULT_DEADLINE,
                DEFAULT_REMEMBER_OWNERS_FOR, WaitingRoomListener.NONE, System::nanoTime);
    }

    static int checkCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return capacity;
    }

    static int checkWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        return workers;
    }

    static Duration checkDeadline(Duration deadline) {
        Arguments.requirePresent("deadline", deadline);
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        }
        return deadline;
    }

    static Duration checkRememberOwnersFor(Duration rememberOwnersFor) {
        Arguments.requirePresent("rememberOwnersFor", rememberOwnersFor);
        if (rememberOwnersFor.isNegative()) {
            throw new IllegalArgumentException("rememberOwnersFor must not be negative, was " + rememberOwnersFor);
        }
        return rememberOwnersFor;
    }

    /** The duration in nanoseconds, saturated at {@link Long#MAX_VALUE} instead of overflowing. */
    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}

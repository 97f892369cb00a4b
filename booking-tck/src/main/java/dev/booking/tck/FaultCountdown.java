package dev.booking.tck;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts down the faults of one kind that an adapter's {@link StoreFaults} has armed: each write
 * asks {@link #fire()} whether it is one of the next {@code n}, and exactly {@code n} callers are
 * told yes, however many threads ask at once.
 *
 * <pre>{@code
 * FaultCountdown failedCommits = new FaultCountdown();
 * // in the hook:   failedCommits.arm(n);
 * // at a commit:   if (failedCommits.fire()) throw new SQLException("injected", "08006");
 * }</pre>
 *
 * <p>Thread-safety: safe to share between any number of threads.
 */
public final class FaultCountdown {

    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicLong fired = new AtomicLong();

    /**
     * Arms the next {@code n} calls of {@link #fire()}, replacing what was armed before.
     *
     * @param n how many faults to fire; 0 disarms
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void arm(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, was " + n);
        }
        remaining.set(n);
    }

    /** Disarms the faults that have not fired yet. */
    public void disarm() {
        remaining.set(0);
    }

    /**
     * Whether the caller's write is to fail: true for as many calls as were armed, false after.
     *
     * @return whether to inject the fault now
     */
    public boolean fire() {
        // never below zero, so a disarm or a new arm is not undone by callers that lost the count
        int left = remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0);
        if (left > 0) {
            fired.incrementAndGet();
            return true;
        }
        return false;
    }

    /** How many faults are armed and have not fired yet. */
    public int remaining() {
        return remaining.get();
    }

    /** How many times {@link #fire()} has said yes since this countdown was made. */
    public long fired() {
        return fired.get();
    }
}

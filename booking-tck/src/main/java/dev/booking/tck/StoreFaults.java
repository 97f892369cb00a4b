package dev.booking.tck;

/**
 * A hook through which the kit makes a store fail while a race runs, for rules 25 and 26 of
 * {@link SeatLifecycleContract}. An adapter's test suite supplies one by overriding
 * {@link SeatLifecycleContract#faults()}; without it those two rules are reported as not applicable.
 *
 * <p>A <em>write</em> is one change the repository asks of the store: a commit of a transaction, or a
 * single data-changing statement or operation sent outside of one (an autocommit {@code UPDATE}, a
 * MongoDB {@code findOneAndUpdate}). Reads are not writes. Faults are armed only between writes the
 * kit makes; the hook decides which writes of a race they hit. {@link CountdownFaults} is a ready
 * implementation that counts them down with a {@link FaultCountdown} per kind of fault.
 *
 * <p>Thread-safety: implementations must be safe to call from any thread while the repository is in
 * use from many others.
 */
public interface StoreFaults {

    /**
     * Makes the next {@code n} writes fail at commit: nothing of them is stored, and the repository
     * must report the failure (throw), never answer as if the write had been made, or as contention.
     * Replaces whatever was armed before of this kind.
     *
     * @param n how many writes fail, from now on; 0 disarms
     * @throws IllegalArgumentException if {@code n} is negative
     */
    void failNextCommits(int n);

    /**
     * Makes the next {@code n} writes commit, and then loses the store's reply: the call throws and
     * its outcome is unknown to the caller, though the change is stored. Replaces whatever was armed
     * before of this kind.
     *
     * @param n how many replies are lost, from now on; 0 disarms
     * @throws IllegalArgumentException if {@code n} is negative
     */
    void loseNextAcknowledgements(int n);

    /** Disarms every fault that has not fired yet; from now on the store works normally. */
    void heal();

    /**
     * How many faults have actually fired since the hook was made, of both kinds. The kit requires it
     * to grow during a rule, so that a hook that never fires cannot pass for a store that survives
     * faults.
     *
     * @return faults fired so far
     */
    long injected();
}

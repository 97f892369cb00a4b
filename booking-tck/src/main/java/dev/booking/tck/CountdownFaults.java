package dev.booking.tck;

/**
 * A ready {@link StoreFaults} hook: one {@link FaultCountdown} per kind of fault. An adapter's test
 * wraps its store's connections or client, asks {@link #shouldFailWrite()} before each write and
 * {@link #shouldLoseAcknowledgement()} after it, and hands this object to the kit from
 * {@link SeatLifecycleContract#faults()}; the wrapper then only decides how a failure looks on its
 * store (an {@code SQLException}, a socket exception).
 *
 * <pre>{@code
 * // in the wrapper, around each write (a commit, or a data-changing statement in autocommit):
 * if (faults.shouldFailWrite()) throw brokenConnection();        // nothing was stored
 * Object result = write.run();
 * if (faults.shouldLoseAcknowledgement()) throw brokenConnection(); // stored, reply lost
 * return result;
 * }</pre>
 *
 * <p>Thread-safety: safe to share between any number of threads and repositories.
 */
public final class CountdownFaults implements StoreFaults {

    private final FaultCountdown failedCommits = new FaultCountdown();
    private final FaultCountdown lostAcknowledgements = new FaultCountdown();

    /** A hook with nothing armed: every write goes through until a rule arms it. */
    public CountdownFaults() {
    }

    @Override
    public void failNextCommits(int n) {
        failedCommits.arm(n);
    }

    @Override
    public void loseNextAcknowledgements(int n) {
        lostAcknowledgements.arm(n);
    }

    @Override
    public void heal() {
        failedCommits.disarm();
        lostAcknowledgements.disarm();
    }

    @Override
    public long injected() {
        return failedCommits.fired() + lostAcknowledgements.fired();
    }

    /**
     * Asked before a write: whether it is one of the armed failed commits, which must then not be
     * stored and must throw.
     *
     * @return true for exactly as many callers as {@link #failNextCommits} armed
     */
    public boolean shouldFailWrite() {
        return failedCommits.fire();
    }

    /**
     * Asked after a write was made: whether its acknowledgement is one of the armed lost ones, so
     * the call must throw although the write is stored.
     *
     * @return true for exactly as many callers as {@link #loseNextAcknowledgements} armed
     */
    public boolean shouldLoseAcknowledgement() {
        return lostAcknowledgements.fire();
    }
}

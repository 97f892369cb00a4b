package dev.booking.queue.redis;

import dev.booking.core.BookingException;
import redis.clients.jedis.Jedis;

/**
 * How many replicas must hold a submit before the line acknowledges it ({@code WAIT}), or none.
 *
 * @param replicas      replicas that must acknowledge; 0 when off
 * @param timeoutMillis how long {@code WAIT} waits for them
 */
record ReplicaAcknowledgements(int replicas, long timeoutMillis) {

    /** Off: a submit is acknowledged as soon as the primary has run its script. */
    static final ReplicaAcknowledgements NONE = new ReplicaAcknowledgements(0, 0);

    ReplicaAcknowledgements {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeoutMillis);
        }
    }

    boolean enabled() {
        return replicas > 0;
    }

    /** The script flag that makes a repeated write touch its key (so that there is something to wait for). */
    byte[] touchFlag() {
        return Keys.bytes(enabled() ? "1" : "0");
    }

    /**
     * Waits until the replicas hold every write this connection made so far.
     *
     * @throws BookingException {@code CONNECTION} (outcome unknown, repeat the call) if fewer did in time
     */
    void await(Jedis jedis, String what) {
        if (!enabled()) {
            return;
        }
        long acknowledged = jedis.waitReplicas(replicas, timeoutMillis);
        if (acknowledged < replicas) {
            // written on the primary but maybe on no replica: a failover now could lose it. Unknown
            // outcome rather than Appended; the repeat is idempotent by ticket and waits again
            throw new BookingException(BookingException.Failure.CONNECTION, what + ": only " + acknowledged + " of "
                    + replicas + " replicas acknowledged within " + timeoutMillis + " ms; outcome unknown, submit again");
        }
    }
}
